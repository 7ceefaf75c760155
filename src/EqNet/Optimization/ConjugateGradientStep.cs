using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>
/// The Levenberg-Marquardt step min |J h + r|^2 + lambda |D h|^2 solved approximately by conjugate gradients on the
/// least-squares form (CGLS: Hestenes and Stiefel 1952; A. Bjorck, Numerical Methods for Least Squares Problems, 1996,
/// sec. 7.4) from products J v and J^T w alone: no parameters x parameters matrix, so it serves networks whose normal
/// matrix a step cannot afford. D holds J's column norms (Marquardt's scaling, 1963), which also preconditions CG;
/// stopping CG early is an inexact Newton method (R. S. Dembo, S. C. Eisenstat, T. Steihaug, 1982).
/// </summary>
/// <remarks>
/// CG runs on y = D h, where A = J D^-1 has unit columns: lambda is relative to each parameter's own curvature, so
/// <see cref="MaxCurvature"/> is 1. Starting from y = 0 every iterate lowers the damped model, so an early stop still
/// gives a descent step. Threads sum fixed row ranges and their partial sums are added in thread order: results depend
/// on the thread count only, not on timing.
/// </remarks>
internal sealed class ConjugateGradientStep(int threads) : IDampedStepSolver
{
    /// <summary>
    /// Most CG iterations per step: each reads J twice, about a fifth of the cost of forming J for a network of 28,000
    /// parameters, so 20 keep the solve at about the cost of 4 Jacobians (sum of 64 squares).
    /// </summary>
    public const int MaxInnerIterations = 20;

    /// <summary>CG stops once the normal equations' residual has fallen by this factor: a looser step is still a descent step.</summary>
    public const double InnerTolerance = 1e-3;

    private int _m, _n;
    private double[] _jacobian = [], _residuals = [];
    private double[] _norms = [], _gradient = [], _scaledGradient = [], _y = [], _p = [], _s = [], _scaled = [], _q = [], _rr = [];
    private double[][] _partials = [];

    public ReadOnlySpan<double> Gradient => _gradient.AsSpan(0, _n);

    public double MaxCurvature => 1;

    /// <summary>CG iterations of the last <see cref="Solve"/>.</summary>
    public int LastIterations { get; private set; }

    public void Prepare(double[] jacobian, double[] residuals, int m, int n)
    {
        (_jacobian, _residuals) = (jacobian, residuals);
        if (m != _m || n != _n)
        {
            (_m, _n) = (m, n);
            (_q, _rr) = (new double[m], new double[m]);
            (_norms, _gradient, _scaledGradient, _y, _p, _s, _scaled) = (new double[n], new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
        }
        // Column norms (1 for a column of zeros, whose step stays 0 anyway) and J^T r.
        Reduce((row, acc, _) => TensorPrimitives.MultiplyAdd(row, row, acc, acc), _norms);
        for (int a = 0; a < n; a++) _norms[a] = _norms[a] > 0 ? Math.Sqrt(_norms[a]) : 1;
        var r = _residuals;
        Reduce((row, acc, i) => TensorPrimitives.MultiplyAdd(row, r[i], acc, acc), _gradient);
        TensorPrimitives.Divide(_gradient, _norms, _scaledGradient);
    }

    /// <summary>
    /// CGLS for min |A y + r|^2 + lambda |y|^2 (A = J D^-1), then h = y / D. The predicted reduction |r|^2 - |r + A y|^2
    /// equals lambda y.y - y.A^T r + y.s, s being CG's final residual of the normal equations (0 for an exact solve,
    /// which gives the direct solver's h.(lambda D h - g)): no difference of two nearly equal sums.
    /// </summary>
    public bool Solve(double lambda, Span<double> step, out double predicted)
    {
        Span<double> y = _y, p = _p, s = _s, q = _q, rr = _rr;
        y.Clear();
        TensorPrimitives.Negate(_residuals, rr);
        TransposeTimes(_rr, _s);
        s.CopyTo(p);
        double gamma = TensorPrimitives.Dot<double>(s, s), gamma0 = gamma;
        LastIterations = 0;
        for (int k = 0; k < MaxInnerIterations && gamma > 0; k++)
        {
            Times(_p, _q);
            double delta = TensorPrimitives.Dot<double>(q, q) + lambda * TensorPrimitives.Dot<double>(p, p);
            if (!(delta > 0)) break;
            double alpha = gamma / delta;
            TensorPrimitives.MultiplyAdd(p, alpha, y, y);
            TensorPrimitives.MultiplyAdd(q, -alpha, rr, rr);
            TransposeTimes(_rr, _s);
            TensorPrimitives.MultiplyAdd(y, -lambda, s, s);
            double next = TensorPrimitives.Dot<double>(s, s);
            LastIterations = k + 1;
            if (next <= InnerTolerance * InnerTolerance * gamma0) break;
            TensorPrimitives.MultiplyAdd(p, next / gamma, s, p);
            gamma = next;
        }
        TensorPrimitives.Divide(y, _norms, step);
        predicted = lambda * TensorPrimitives.Dot<double>(y, y) - TensorPrimitives.Dot<double>(y, _scaledGradient) + TensorPrimitives.Dot<double>(y, s);
        return double.IsFinite(predicted);
    }

    /// <summary>q = J (v / D).</summary>
    private void Times(double[] v, double[] q)
    {
        int n = _n;
        TensorPrimitives.Divide(v.AsSpan(0, n), _norms, _scaled);
        var (jacobian, scaled) = (_jacobian, _scaled);
        int t = Chunks();
        Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, k =>
        {
            var (start, end) = Rows(k, t);
            for (int i = start; i < end; i++) q[i] = TensorPrimitives.Dot(jacobian.AsSpan(i * n, n), scaled);
        });
    }

    /// <summary>s = D^-1 J^T w.</summary>
    private void TransposeTimes(double[] w, double[] s)
    {
        Reduce((row, acc, i) => TensorPrimitives.MultiplyAdd(row, w[i], acc, acc), s);
        TensorPrimitives.Divide(s.AsSpan(0, _n), _norms, s.AsSpan(0, _n));
    }

    /// <summary>result = sum over rows i of J of f(row i), each thread over a fixed range of rows, added in thread order.</summary>
    private void Reduce(RowAccumulator f, double[] result)
    {
        int n = _n, t = Chunks();
        if (_partials.Length < t || _partials[0].Length != n) _partials = Enumerable.Range(0, t).Select(_ => new double[n]).ToArray();
        var (jacobian, partials) = (_jacobian, _partials);
        Parallel.For(0, t, new ParallelOptions { MaxDegreeOfParallelism = t }, k =>
        {
            var acc = partials[k].AsSpan();
            acc.Clear();
            var (start, end) = Rows(k, t);
            for (int i = start; i < end; i++) f(jacobian.AsSpan(i * n, n), acc, i);
        });
        partials[0].CopyTo(result, 0);
        for (int k = 1; k < t; k++) TensorPrimitives.Add(result.AsSpan(0, n), partials[k], result.AsSpan(0, n));
    }

    private (int Start, int End) Rows(int k, int t) => ((int)((long)_m * k / t), (int)((long)_m * (k + 1) / t));

    /// <summary>Row ranges, one a thread; at least 64 rows each, below which a thread costs more to start than it saves.</summary>
    private int Chunks() => Math.Max(1, Math.Min(threads > 0 ? threads : Environment.ProcessorCount, _m / 64));

    private delegate void RowAccumulator(ReadOnlySpan<double> row, Span<double> accumulator, int index);
}
