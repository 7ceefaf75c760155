using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>
/// AI Feynman's numerical tests (Udrescu and Tegmark 2020) on a <see cref="BlackBox"/>: for point pairs p, q and a
/// split of the variables into groups A and B, f is additively separable when
/// <c>f(pA, pB) + f(qA, qB) = f(pA, qB) + f(qA, pB)</c> and multiplicatively separable when the products agree;
/// f depends on two variables only through <c>x - y</c> when shifting both by the same amount leaves it unchanged
/// (likewise <c>x + y</c>, <c>x/y</c>, <c>x*y</c>). Exact laws pass at rounding level; a tolerance of 1e-9 relative
/// leaves six decades between the two.
/// </summary>
public sealed class Separability
{
    /// <summary>Relative mismatch below which a test passes.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>Point pairs each test uses; a law that is not separable fails on almost every pair, so a few dozen suffice.</summary>
    private const int Pairs = 40;

    /// <summary>Most variables whose every split is tested (2^(d-1) splits).</summary>
    private const int MaxWidth = 12;

    private readonly BlackBox _box;
    private readonly double[] _rows;
    private readonly double[] _y;

    /// <summary>
    /// A split of the variables into two groups (indices into the box) and the kind of separability: additive, or
    /// multiplicative after subtracting <paramref name="Offset"/> (0 mostly; a piece split off a sum carries the other
    /// piece's value as a constant, <c>(1 - cos(theta))/(m*c^2) + C</c>).
    /// </summary>
    public sealed record Split(int[] Left, int[] Right, bool Multiplicative, double Offset = 0);

    /// <summary>Two variables f depends on only through one combination of them.</summary>
    /// <param name="First">Index of the first variable.</param>
    /// <param name="Second">Index of the second.</param>
    /// <param name="Kind">0: x - y, 1: x + y, 2: x/y, 3: x*y.</param>
    public sealed record Pair(int First, int Second, int Kind)
    {
        /// <summary>The combination's value.</summary>
        public double Combine(double x, double y) => Kind switch { 0 => x - y, 1 => x + y, 2 => x / y, _ => x * y };

        /// <summary>The first variable for which the combination equals <paramref name="u"/> when the second is <paramref name="y"/>.</summary>
        public double Solve(double u, double y) => Kind switch { 0 => u + y, 1 => u - y, 2 => u * y, _ => u / y };

        /// <summary>The combination as an expression.</summary>
        public Expr Expression(Expr x, Expr y) => Kind switch { 0 => x - y, 1 => x + y, 2 => x / y, _ => x * y };
    }

    /// <summary>Prepares the tests on <paramref name="box"/> from its sample (rows row-major, values <paramref name="y"/>, all finite).</summary>
    public Separability(BlackBox box, double[] rows, double[] y)
    {
        _box = box;
        _rows = rows;
        _y = y;
        var magnitudes = y.Select(Math.Abs).Order().ToArray();
        double median = magnitudes[magnitudes.Length / 2];
        int best = 0;
        for (int i = 1; i < y.Length; i++)
            if (y[i] != 0 && Math.Abs(Math.Abs(y[i]) - median) < Math.Abs(Math.Abs(y[best]) - median)) best = i;
        Reference = rows.AsSpan(best * box.Width, box.Width).ToArray();
        ReferenceValue = y[best];
    }

    /// <summary>The sample point the pieces are anchored at (its value is near the median magnitude, never 0).</summary>
    public double[] Reference { get; }

    /// <summary>f at <see cref="Reference"/>.</summary>
    public double ReferenceValue { get; }

    /// <summary>The most balanced split that passes a test (additive before multiplicative on ties), or null.</summary>
    public Split? Best()
    {
        int d = _box.Width;
        if (d < 2 || d > MaxWidth || ReferenceValue == 0) return null;
        int pairs = Math.Min(Pairs, _y.Length / 2);
        Split? best = null;
        for (int mask = 1; mask < (1 << d) - 1; mask++)
        {
            if ((mask & 1) == 0) continue;
            var left = Enumerable.Range(0, d).Where(k => (mask >> k & 1) == 1).ToArray();
            var right = Enumerable.Range(0, d).Where(k => (mask >> k & 1) == 0).ToArray();
            int size = Math.Max(left.Length, right.Length);
            if (best is not null && size >= Math.Max(best.Left.Length, best.Right.Length)) continue;
            var rows = new double[2 * pairs * d];
            for (int p = 0; p < pairs; p++)
            {
                var a = _rows.AsSpan(2 * p * d, d);
                var b = _rows.AsSpan((2 * p + 1) * d, d);
                for (int k = 0; k < d; k++)
                {
                    bool inLeft = (mask >> k & 1) == 1;
                    rows[2 * p * d + k] = inLeft ? a[k] : b[k];
                    rows[(2 * p + 1) * d + k] = inLeft ? b[k] : a[k];
                }
            }
            var mixed = _box.Evaluate(rows, 2 * pairs);
            double additive = 0, multiplicative = 0;
            int valid = 0;
            var offsets = new List<double>();
            for (int p = 0; p < pairs; p++)
            {
                double fa = _y[2 * p], fb = _y[2 * p + 1], m1 = mixed[2 * p], m2 = mixed[2 * p + 1];
                if (!double.IsFinite(m1) || !double.IsFinite(m2)) continue;
                valid++;
                additive = Math.Max(additive, Mismatch(fa + fb, m1 + m2, Math.Abs(fa) + Math.Abs(fb) + Math.Abs(m1) + Math.Abs(m2)));
                multiplicative = Math.Max(multiplicative, Mismatch(fa * fb, m1 * m2, Math.Abs(fa * fb) + Math.Abs(m1 * m2)));
                // (fa - c)(fb - c) = (m1 - c)(m2 - c) solved for c.
                double offset = (fa * fb - m1 * m2) / (fa + fb - m1 - m2);
                if (double.IsFinite(offset)) offsets.Add(offset);
            }
            if (valid < pairs / 2) continue;
            if (additive <= Tolerance) best = new Split(left, right, false);
            else if (multiplicative <= Tolerance) best = new Split(left, right, true);
            else if (offsets.Count >= pairs / 2 && Offset(offsets, pairs, rows, mixed) is { } c) best = new Split(left, right, true, c);
        }
        return best;
    }

    /// <summary>The first pair of variables (and kind: difference, sum, ratio, product) f depends on only through their combination, or null.</summary>
    public Pair? Symmetry()
    {
        int d = _box.Width;
        if (d < 2) return null;
        var random = new Random(d);
        int points = Math.Min(Pairs, _y.Length);
        for (int kind = 0; kind < 4; kind++)
        {
            for (int i = 0; i < d; i++)
            {
                for (int j = i + 1; j < d; j++)
                {
                    if (kind >= 2 && !(_box.Min[i] > 0 && _box.Min[j] > 0)) continue;
                    var rows = _rows.AsSpan(0, points * d).ToArray();
                    for (int p = 0; p < points; p++)
                    {
                        double t = random.NextDouble() - 0.5;
                        double shift = 0.2 * t * Math.Max(_box.Max[i] - _box.Min[i], _box.Max[j] - _box.Min[j]);
                        double scale = Math.Exp(0.4 * t);
                        ref double x = ref rows[p * d + i];
                        ref double y = ref rows[p * d + j];
                        (x, y) = kind switch { 0 => (x + shift, y + shift), 1 => (x + shift, y - shift), 2 => (x * scale, y * scale), _ => (x * scale, y / scale) };
                    }
                    var moved = _box.Evaluate(rows, points);
                    double worst = 0;
                    int valid = 0;
                    for (int p = 0; p < points; p++)
                    {
                        if (!double.IsFinite(moved[p])) continue;
                        valid++;
                        worst = Math.Max(worst, Mismatch(_y[p], moved[p], Math.Abs(_y[p]) + Math.Abs(moved[p])));
                    }
                    if (valid >= points / 2 && worst <= Tolerance) return new Pair(i, j, kind);
                }
            }
        }
        return null;
    }

    /// <summary>The offset c for which f - c is multiplicatively separable on every pair, or null.</summary>
    private double? Offset(List<double> offsets, int pairs, double[] rows, double[] mixed)
    {
        var sorted = offsets.Order().ToArray();
        double c = sorted[sorted.Length / 2];
        if (Math.Abs(c - ReferenceValue) <= Tolerance * Math.Abs(c)) return null;
        for (int p = 0; p < pairs; p++)
        {
            double fa = _y[2 * p] - c, fb = _y[2 * p + 1] - c, m1 = mixed[2 * p] - c, m2 = mixed[2 * p + 1] - c;
            if (!double.IsFinite(m1) || !double.IsFinite(m2)) continue;
            double scale = (Math.Abs(_y[2 * p]) + Math.Abs(c)) * (Math.Abs(_y[2 * p + 1]) + Math.Abs(c)) + (Math.Abs(mixed[2 * p]) + Math.Abs(c)) * (Math.Abs(mixed[2 * p + 1]) + Math.Abs(c));
            if (Mismatch(fa * fb, m1 * m2, scale) > Tolerance) return null;
        }
        return c;
    }

    private static double Mismatch(double a, double b, double scale) => a == b ? 0 : Math.Abs(a - b) / scale;
}
