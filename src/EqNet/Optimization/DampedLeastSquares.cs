using EqNet.Optimization;

namespace EqNet.Optimization;

/// <summary>Levenberg-Marquardt one iteration at a time, so the trainer can validate and refresh points in between.</summary>
internal sealed class DampedLeastSquares(int threads)
{
    private double[] _jacobian = [], _residuals = [], _trial = [], _normal = [], _gradient = [], _step = [], _factor = [];

    public double Damping { get; private set; } = 1e-3;

    public double Cost { get; private set; } = double.PositiveInfinity;

    public bool LastCostFinite { get; private set; } = true;

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
        NormalEquations.Build(jacobian, _residuals.AsSpan(0, m), m, n, _normal, _gradient, threads);
        var candidate = new double[n];
        for (int attempt = 0; attempt < 10; attempt++)
        {
            Array.Copy(_normal, _factor, n * n);
            for (int a = 0; a < n; a++) { _factor[a * n + a] += Damping; _step[a] = -_gradient[a]; }
            if (!NormalEquations.CholeskySolve(_factor, _step, n, threads)) { Damping *= 10; continue; }
            for (int a = 0; a < n; a++) candidate[a] = x[a] + _step[a];
            problem.Evaluate(candidate, _trial.AsSpan(0, m), default);
            double cost = SumOfSquares(_trial.AsSpan(0, m));
            if (cost < Cost)
            {
                Array.Copy(candidate, x, n);
                Cost = cost;
                Damping = Math.Max(Damping / 3, 1e-12);
                return true;
            }
            Damping = Math.Min(Damping * 4, 1e12);
        }
        return false;
    }

    private static double SumOfSquares(ReadOnlySpan<double> r)
    {
        double s = 0;
        foreach (var v in r) s += v * v;
        return double.IsNaN(s) ? double.PositiveInfinity : s;
    }
}
