namespace EqNet.Optimization;

/// <summary>
/// A small weighted linear least-squares fit accumulated row by row through its normal equations (n x n, dense), solved
/// by Cholesky with a whisper of ridge (1e-12 of each diagonal entry plus 1e-12) that keeps collinear columns solvable
/// (a log feature and its log-distance twin). For the magnitude pre-fit's starts, where n is a few dozen.
/// </summary>
internal sealed class RidgeLeastSquares
{
    private readonly int _n;
    private readonly double[] _normal;
    private readonly double[] _rhs;
    private int _rows;

    /// <summary>Creates an empty fit of <paramref name="unknowns"/> coefficients.</summary>
    public RidgeLeastSquares(int unknowns)
    {
        _n = unknowns;
        _normal = new double[unknowns * unknowns];
        _rhs = new double[unknowns];
    }

    /// <summary>Adds one row (length n) with target <paramref name="y"/> and squared weight <paramref name="w"/>.</summary>
    public void Add(ReadOnlySpan<double> row, double y, double w = 1)
    {
        for (int a = 0; a < _n; a++)
        {
            _rhs[a] += w * row[a] * y;
            for (int b = 0; b <= a; b++) _normal[a * _n + b] += w * row[a] * row[b];
        }
        _rows++;
    }

    /// <summary>The coefficients, or null with fewer rows than unknowns, a singular system or a non-finite result.</summary>
    public double[]? Solve()
    {
        if (_rows < _n) return null;
        for (int a = 0; a < _n; a++)
            for (int b = 0; b < a; b++) _normal[b * _n + a] = _normal[a * _n + b];
        for (int a = 0; a < _n; a++) _normal[a * _n + a] += 1e-12 * (_normal[a * _n + a] + 1);
        return NormalEquations.CholeskySolve(_normal, _rhs, _n) && _rhs.All(double.IsFinite) ? _rhs : null;
    }
}
