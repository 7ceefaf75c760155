using EqNet.Expressions;
using EqNet.Optimization;
using EqNet.Problems;

namespace EqNet.Fitting;

/// <summary>
/// The least-squares problem of parameter identification: for every equation and measured row, the equation's residual
/// (lhs - rhs) at the row's inputs and outputs, divided by the row's scale (1, sigma, or |lhs| at the row). For an
/// equation written <c>y = f(x; b)</c> that is ordinary (or weighted) least squares of y; for <c>g(y) = f(x; b)</c>, of g(y).
/// The Jacobian comes from the symbolic derivatives, compiled.
/// </summary>
/// <remarks>
/// The optimiser works in internal coordinates z: b = s z for an ordinary parameter (s = |start|, so every z starts
/// near 1 and one step tolerance fits all), b = exp(z) for a log-scale one. <see cref="Evaluate"/> is in z;
/// <see cref="EvaluateInValues"/> is in b, for the statistics.
/// </remarks>
internal sealed class DataResiduals : ILeastSquaresProblem
{
    private readonly CompiledExpression[] _residuals;
    private readonly CompiledExpression[][] _derivatives;
    private readonly double[] _rows, _weights;
    private double[] _scale;
    private readonly bool[] _log;
    private readonly string[] _layout;
    private readonly int _n, _v, _p, _e;

    public DataResiduals(Problem problem, MeasuredData data, double[] scale)
    {
        var parameters = problem.ParameterNames;
        _p = parameters.Count;
        _n = data.Rows;
        _v = data.Names.Count;
        _e = problem.Equations.Count;
        _scale = scale;
        _log = [.. problem.Parameters.Select(p => p.Log)];
        string[] layout = [.. data.Names, .. parameters];
        _layout = layout;
        _residuals = [.. problem.Equations.Select(e => e.Equation.Residual.Compile(layout))];
        _derivatives = [.. problem.Equations.Select(e => parameters.Select(b => e.Equation.Residual.Derivative(b).Compile(layout)).ToArray())];
        int stride = _v + _p;
        _rows = new double[(long)_n * stride <= Array.MaxLength ? _n * stride : throw new ArgumentException("too many rows for one array")];
        for (int r = 0; r < _n; r++)
            for (int c = 0; c < _v; c++) _rows[r * stride + c] = data.Columns[c][r];
        _weights = Weights(problem, data, layout);
    }

    public int ParameterCount => _p;

    public int ResidualCount => _e * _n;

    /// <summary>Each residual's weight (1, 1/sigma or 1/|lhs| at the row), equation-major as the residuals.</summary>
    public ReadOnlySpan<double> RowWeights => _weights;

    /// <summary>Rows per equation.</summary>
    public int Rows => _n;

    /// <summary>Sets s in b = s z (ordinary parameters; one positive value per parameter, usually |start|).</summary>
    public void SetScale(double[] scale) => _scale = scale;

    /// <summary>b from internal coordinates z.</summary>
    public void ToValues(ReadOnlySpan<double> z, Span<double> b)
    {
        for (int j = 0; j < _p; j++) b[j] = _log[j] ? Math.Exp(z[j]) : _scale[j] * z[j];
    }

    /// <summary>Internal coordinates z from b.</summary>
    public void ToInternal(ReadOnlySpan<double> b, Span<double> z)
    {
        for (int j = 0; j < _p; j++) z[j] = _log[j] ? Math.Log(b[j]) : b[j] / _scale[j];
    }

    public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
    {
        Span<double> b = stackalloc double[_p];
        ToValues(x, b);
        EvaluateInValues(b, residuals, jacobian);
        if (jacobian.IsEmpty) return;
        int m = ResidualCount;
        for (int j = 0; j < _p; j++)
        {
            double chain = _log[j] ? b[j] : _scale[j];
            for (int i = 0; i < m; i++) jacobian[i * _p + j] *= chain;
        }
    }

    /// <summary>Weighted residuals (equation-major: all rows of equation 1, then of equation 2, ...) and their Jacobian in b.</summary>
    public void EvaluateInValues(ReadOnlySpan<double> b, Span<double> residuals, Span<double> jacobian)
    {
        int stride = _v + _p;
        for (int r = 0; r < _n; r++) b.CopyTo(_rows.AsSpan(r * stride + _v, _p));
        for (int k = 0; k < _e; k++)
        {
            var rows = _rows.AsSpan(0, _n * stride);
            _residuals[k].EvaluateBatch(rows, _n, residuals.Slice(k * _n, _n));
            for (int r = 0; r < _n; r++) residuals[k * _n + r] *= _weights[k * _n + r];
            if (jacobian.IsEmpty) continue;
            for (int r = 0; r < _n; r++)
            {
                var row = _rows.AsSpan(r * stride, stride);
                double w = _weights[k * _n + r];
                int i = k * _n + r;
                for (int j = 0; j < _p; j++) jacobian[i * _p + j] = w * _derivatives[k][j].Evaluate(row);
            }
        }
    }

    /// <summary>
    /// The size of the rounding error in the residual vector at b: eps (|lhs| + |rhs|) per row, weighted, in the
    /// Euclidean norm. A residual vector this small is as close to orthogonal to J's columns as float64 can tell.
    /// </summary>
    public double RoundingNoise(Problem problem, ReadOnlySpan<double> b)
    {
        int stride = _v + _p;
        for (int r = 0; r < _n; r++) b.CopyTo(_rows.AsSpan(r * stride + _v, _p));
        return RoundingNoise(problem, _layout, _rows, stride, _n, _weights);
    }

    /// <summary>
    /// eps (|lhs| + |rhs|) per equation and row, weighted, in the Euclidean norm: <paramref name="rows"/> holds
    /// <paramref name="n"/> rows of <paramref name="stride"/> values named by <paramref name="layout"/>, and
    /// <paramref name="weights"/> is row-major equations x rows.
    /// </summary>
    internal static double RoundingNoise(Problem problem, IReadOnlyList<string> layout, double[] rows, int stride, int n, double[] weights)
    {
        string[] names = [.. layout];
        double sum = 0;
        for (int k = 0; k < problem.Equations.Count; k++)
        {
            var lhs = problem.Equations[k].Equation.Lhs.Compile(names);
            var rhs = problem.Equations[k].Equation.Rhs.Compile(names);
            for (int r = 0; r < n; r++)
            {
                var row = rows.AsSpan(r * stride, stride);
                double size = Math.Abs(lhs.Evaluate(row)) + Math.Abs(rhs.Evaluate(row));
                double noise = 2.220446049250313e-16 * size * weights[k * n + r];
                sum += noise * noise;
            }
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// The parameters the residuals are jointly affine in (second derivatives, own and mutual, simplify to 0): given
    /// the others, their best values solve a linear least-squares problem (the idea of variable projection, Golub and
    /// Pereyra 1973).
    /// </summary>
    public static int[] LinearParameters(Problem problem)
    {
        var names = problem.ParameterNames;
        var linear = new List<int>();
        bool Zero(Expr e) => e is NumberExpr { Value: 0 };
        for (int j = 0; j < names.Count; j++)
        {
            bool affine = problem.Equations.All(e =>
            {
                var first = e.Equation.Residual.Derivative(names[j]);
                return Zero(first.Derivative(names[j])) && linear.All(i => Zero(first.Derivative(names[i])));
            });
            if (affine) linear.Add(j);
        }
        return [.. linear];
    }

    /// <summary>
    /// Sets the parameters <paramref name="linear"/> (from <see cref="LinearParameters"/>) of <paramref name="b"/> to
    /// their least-squares values given the others; false (b unchanged) when that linear problem is singular or not finite.
    /// </summary>
    public bool ProjectLinear(double[] b, int[] linear)
    {
        if (linear.Length == 0) return true;
        int m = ResidualCount;
        var trial = (double[])b.Clone();
        foreach (int j in linear) trial[j] = 0;
        var r = new double[m];
        var jacobian = new double[m * _p];
        EvaluateInValues(trial, r, jacobian);
        if (!r.All(double.IsFinite) || !jacobian.All(double.IsFinite)) return false;
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m, linear.Length, (i, k) => jacobian[i * _p + linear[k]]);
        try
        {
            var h = a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(r).Negate());
            if (!h.All(double.IsFinite)) return false;
            for (int k = 0; k < linear.Length; k++) b[linear[k]] = h[k];
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>1/sigma, 1/|lhs| at the row, or 1, per equation and row.</summary>
    private double[] Weights(Problem problem, MeasuredData data, string[] layout)
    {
        var weights = new double[_e * _n];
        var kind = problem.Data.Error;
        for (int k = 0; k < _e; k++)
        {
            var equation = problem.Equations[k];
            if (data.Sigma is { } sigma)
            {
                for (int r = 0; r < _n; r++) weights[k * _n + r] = 1 / sigma[r];
                continue;
            }
            if (kind == DataErrorKind.Absolute)
            {
                Array.Fill(weights, 1.0, k * _n, _n);
                continue;
            }
            var lhs = equation.Equation.Lhs;
            if (lhs.Variables.Any(problem.ParameterNames.Contains))
                throw new ProblemException(problem.SourcePath, equation.Line, "data.error",
                    $"relative error divides each row's residual by the left-hand side of '{equation.Text}' at the row, but it uses a parameter; " +
                    "write the equation as 'y = f(...)' with the measured output alone on the left, or set data: {error: absolute}, or give a 'sigma' column.");
            var compiled = lhs.Compile(layout);
            int stride = _v + _p;
            for (int r = 0; r < _n; r++)
            {
                double value = Math.Abs(compiled.Evaluate(_rows.AsSpan(r * stride, stride)));
                if (!(value > 0) || !double.IsFinite(value))
                    throw new ProblemException(data.Source, r + 2, equation.Equation.Lhs.ToString(),
                        $"the left-hand side of '{equation.Text}' is {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} in this row, so the relative error " +
                        "(residual divided by it) is undefined; set data: {error: absolute} in the problem file, or give a 'sigma' column.");
                weights[k * _n + r] = 1 / value;
            }
        }
        return weights;
    }
}
