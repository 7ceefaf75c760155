namespace EqNet.Optimization;

/// <summary>Levenberg-Marquardt one iteration at a time, so the trainer can validate and refresh points in between.</summary>
/// <remarks>
/// With fewer residuals than parameters the step is solved in residual space, (J^T J + l I)^-1 J^T r =
/// J^T (J J^T + l I)^-1 r: the same step from an m x m system instead of n x n.
/// </remarks>
internal sealed class DampedLeastSquares(int threads)
{
    private double[] _jacobian = [], _residuals = [], _trial = [], _normal = [], _gradient = [], _step = [], _factor = [];

    public double Damping { get; private set; } = 1e-3;

    public double Cost { get; private set; } = double.PositiveInfinity;

    public bool LastCostFinite { get; private set; } = true;

    /// <summary>max |J^T r| at the start of the last iteration.</summary>
    public double GradientNorm { get; private set; } = double.PositiveInfinity;

    /// <summary>max |step| of the last accepted step (0 when none was accepted).</summary>
    public double StepNorm { get; private set; }

    /// <summary>Forget the cost: the problem's points changed.</summary>
    public void Invalidate() => Cost = double.PositiveInfinity;

    /// <summary>After a non-finite cost: damp harder.</summary>
    public void Recover()
    {
        Damping = Math.Min(Damping * 100, 1e6);
        Invalidate();
    }

    public bool Iterate(ILeastSquaresProblem problem, double[] x)
    {
        int m = problem.ResidualCount, n = problem.ParameterCount;
        if (_jacobian.Length < (long)m * n) _jacobian = new double[(long)m * n];
        if (_residuals.Length < m) { _residuals = new double[m]; _trial = new double[m]; }
        if (_normal.Length < n * n) { _normal = new double[n * n]; _factor = new double[n * n]; _gradient = new double[n]; _step = new double[n]; }
        var jacobian = _jacobian.AsSpan(0, m * n);
        problem.Evaluate(x, _residuals.AsSpan(0, m), jacobian);
        Cost = SumOfSquares(_residuals.AsSpan(0, m));
        LastCostFinite = double.IsFinite(Cost);
        if (!LastCostFinite) return false;
        bool dual = m < n;
        if (dual)
        {
            if (_normal.Length < m * m) { _normal = new double[m * m]; _factor = new double[m * m]; }
            NormalEquations.BuildGram(jacobian, _residuals.AsSpan(0, m), m, n, _normal, _gradient, threads);
        }
        else
        {
            NormalEquations.Build(jacobian, _residuals.AsSpan(0, m), m, n, _normal, _gradient, threads);
        }
        GradientNorm = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(_gradient.AsSpan(0, n)) is var gmax && double.IsFinite(gmax) ? Math.Abs(gmax) : double.PositiveInfinity;
        StepNorm = 0;
        var candidate = new double[n];
        for (int attempt = 0; attempt < 10; attempt++)
        {
            if (!Solve(jacobian, m, n, dual)) { Damping *= 10; continue; }
            for (int a = 0; a < n; a++) candidate[a] = x[a] + _step[a];
            problem.Evaluate(candidate, _trial.AsSpan(0, m), default);
            double cost = SumOfSquares(_trial.AsSpan(0, m));
            if (cost < Cost)
            {
                StepNorm = Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(_step.AsSpan(0, n)));
                Array.Copy(candidate, x, n);
                Cost = cost;
                Damping = Math.Max(Damping / 3, 1e-12);
                return true;
            }
            Damping = Math.Min(Damping * 4, 1e12);
        }
        return false;
    }

    /// <summary>The damped step into _step; false if the system is not positive definite.</summary>
    private bool Solve(ReadOnlySpan<double> jacobian, int m, int n, bool dual)
    {
        if (!dual)
        {
            Array.Copy(_normal, _factor, n * n);
            for (int a = 0; a < n; a++) { _factor[a * n + a] += Damping; _step[a] = -_gradient[a]; }
            return NormalEquations.CholeskySolve(_factor, _step, n, threads);
        }
        Array.Copy(_normal, _factor, m * m);
        var z = new double[m];
        for (int i = 0; i < m; i++) { _factor[i * m + i] += Damping; z[i] = -_residuals[i]; }
        if (!NormalEquations.CholeskySolve(_factor, z, m, threads)) return false;
        Array.Clear(_step, 0, n);
        for (int i = 0; i < m; i++)
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(jacobian.Slice(i * n, n), z[i], _step.AsSpan(0, n), _step.AsSpan(0, n));
        return true;
    }

    private static double SumOfSquares(ReadOnlySpan<double> r)
    {
        double s = 0;
        foreach (var v in r) s += v * v;
        return double.IsNaN(s) ? double.PositiveInfinity : s;
    }
}
