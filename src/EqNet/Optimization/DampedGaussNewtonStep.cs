using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>
/// Solves (J^T J + lambda I) h = -J^T r for the Levenberg-Marquardt step, in whichever of two equivalent forms is smaller.
/// </summary>
/// <remarks>
/// With more residuals than parameters (m &gt;= n) it factors the n x n normal matrix built by <see cref="NormalEquations"/>.
/// With fewer (an over-parameterised network on few points) it uses h = -J^T (J J^T + lambda I)^-1 r, the same step
/// through an m x m system: for a 1,153-parameter network on 200 points that is a 200 x 200 factorisation instead of
/// 1,153 x 1,153.
/// </remarks>
internal sealed class DampedGaussNewtonStep
{
    private readonly int _m, _n, _size, _threads;
    private readonly double[] _matrix, _factor, _rhs, _transposed, _zeros;

    public DampedGaussNewtonStep(int m, int n, int threads)
    {
        (_m, _n, _threads) = (m, n, threads);
        _size = Dual ? m : n;
        _matrix = new double[_size * _size];
        _factor = new double[_size * _size];
        _rhs = new double[_size];
        _transposed = Dual ? new double[m * n] : [];
        _zeros = Dual ? new double[n] : [];
        Gradient = new double[n];
    }

    /// <summary>J^T r at the point of the last <see cref="Prepare"/>.</summary>
    public double[] Gradient { get; }

    /// <summary>Largest diagonal entry of J^T J (a squared column norm of J), whichever form is solved: it sets the initial damping.</summary>
    public double MaxCurvature { get; private set; }

    private bool Dual => _m < _n;

    /// <summary>Forms the undamped system at the current point.</summary>
    public void Prepare(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals)
    {
        if (!Dual)
        {
            NormalEquations.Build(jacobian, residuals, _m, _n, _matrix, Gradient, _threads);
            MaxCurvature = 0;
            for (int p = 0; p < _n; p++) MaxCurvature = Math.Max(MaxCurvature, _matrix[p * _n + p]);
            return;
        }
        // J J^T is the normal matrix of J^T, so the same blocked kernel builds it from the transpose (zero residuals:
        // its right-hand side is not wanted here, J^T r is a column-wise dot product below).
        for (int i = 0; i < _m; i++)
            for (int p = 0; p < _n; p++) _transposed[p * _m + i] = jacobian[i * _n + p];
        NormalEquations.Build(_transposed, _zeros, _n, _m, _matrix, _rhs, _threads);
        MaxCurvature = 0;
        for (int p = 0; p < _n; p++)
        {
            var column = _transposed.AsSpan(p * _m, _m);
            Gradient[p] = TensorPrimitives.Dot(column, residuals);
            MaxCurvature = Math.Max(MaxCurvature, TensorPrimitives.Dot(column, column));
        }
    }

    /// <summary>Writes the step for damping <paramref name="lambda"/>; false when the damped matrix is not positive definite.</summary>
    public bool Solve(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> residuals, double lambda, Span<double> step)
    {
        Array.Copy(_matrix, _factor, _size * _size);
        for (int a = 0; a < _size; a++) _factor[a * _size + a] += lambda;
        if (!Dual)
        {
            for (int a = 0; a < _n; a++) _rhs[a] = -Gradient[a];
            if (!NormalEquations.CholeskySolve(_factor, _rhs, _n, _threads)) return false;
            _rhs.CopyTo(step);
            return true;
        }
        for (int i = 0; i < _m; i++) _rhs[i] = -residuals[i];
        if (!NormalEquations.CholeskySolve(_factor, _rhs, _m, _threads)) return false;
        step.Clear();
        for (int i = 0; i < _m; i++) TensorPrimitives.MultiplyAdd(jacobian.Slice(i * _n, _n), _rhs[i], step, step);
        return true;
    }
}
