namespace EqNet.Certification;

/// <summary>
/// A closed interval [<see cref="Lo"/>, <see cref="Hi"/>] of reals with outward rounding: every operation returns an
/// interval that contains the exact result of the operation on every pair of reals in its operands (Moore, Kearfott
/// and Cloud, "Introduction to Interval Analysis", SIAM 2009, chapters 2 and 5).
/// </summary>
/// <remarks>
/// Rounding: an arithmetic operation's float64 result is within half an ulp of the exact one, so one step outward
/// (<see cref="Math.BitDecrement"/>, <see cref="Math.BitIncrement"/>) on each bound encloses it. The library functions
/// (exp, log, tanh, sin, ...) are within about one ulp of the exact value but do not promise it, so their bounds move
/// out by <see cref="FunctionUlps"/> steps. An interval that holds NaN or an unbounded result is <see cref="Entire"/>:
/// a bound that is not finite is no bound, and the caller splits the box or gives up.
/// </remarks>
public readonly record struct Interval
{
    /// <summary>Steps out for a library function's result: its error is about one ulp, not promised below one, and at a power of two the ulp below is half the one above.</summary>
    private const int FunctionUlps = 4;

    /// <summary>Creates [<paramref name="lo"/>, <paramref name="hi"/>]; NaN or lo &gt; hi gives <see cref="Entire"/>.</summary>
    public Interval(double lo, double hi)
    {
        if (double.IsNaN(lo) || double.IsNaN(hi) || lo > hi) (lo, hi) = (double.NegativeInfinity, double.PositiveInfinity);
        Lo = lo;
        Hi = hi;
    }

    /// <summary>Lower bound.</summary>
    public double Lo { get; }

    /// <summary>Upper bound.</summary>
    public double Hi { get; }

    /// <summary>The whole real line: what is known of a value that could not be enclosed.</summary>
    public static Interval Entire { get; } = new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>The degenerate interval [x, x] (exact: x is a float64).</summary>
    public static Interval Point(double x) => new(x, x);

    /// <summary>Whether both bounds are finite.</summary>
    public bool IsFinite => double.IsFinite(Lo) && double.IsFinite(Hi);

    /// <summary>Hi - Lo, rounded up.</summary>
    public double Width => Up(Hi - Lo);

    /// <summary>The midpoint (not rounded outward: a point inside, for a centred form).</summary>
    public double Mid => Lo == Hi ? Lo : Lo / 2 + Hi / 2;

    /// <summary>The magnitude max |x| over the interval.</summary>
    public double Mag => Math.Max(Math.Abs(Lo), Math.Abs(Hi));

    /// <summary>The mignitude min |x| over the interval (0 when it holds 0).</summary>
    public double Mig => Lo > 0 ? Lo : Hi < 0 ? -Hi : 0;

    /// <summary>Whether <paramref name="x"/> lies in the interval.</summary>
    public bool Contains(double x) => x >= Lo && x <= Hi;

    /// <summary>The smallest interval holding both.</summary>
    public static Interval Hull(Interval a, Interval b) => new(Math.Min(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi));

    /// <summary>[Lo - r, Hi + r], rounded outward.</summary>
    public Interval Widen(double r) => new(Down(Lo - r), Up(Hi + r));

    /// <summary>One float64 step down (rounding a computed lower bound outward).</summary>
    public static double Down(double x) => double.IsNaN(x) ? double.NegativeInfinity : x == double.NegativeInfinity ? x : Math.BitDecrement(x);

    /// <summary>One float64 step up (rounding a computed upper bound outward).</summary>
    public static double Up(double x) => double.IsNaN(x) ? double.PositiveInfinity : x == double.PositiveInfinity ? x : Math.BitIncrement(x);

    private static double DownF(double x)
    {
        for (int k = 0; k < FunctionUlps; k++) x = Down(x);
        return x;
    }

    private static double UpF(double x)
    {
        for (int k = 0; k < FunctionUlps; k++) x = Up(x);
        return x;
    }

#pragma warning disable CS1591 // the operators are the arithmetic their symbols name, on every pair of points of the operands
    public static Interval operator +(Interval a, Interval b) => new(Down(a.Lo + b.Lo), Up(a.Hi + b.Hi));

    public static Interval operator -(Interval a, Interval b) => new(Down(a.Lo - b.Hi), Up(a.Hi - b.Lo));

    public static Interval operator -(Interval a) => new(-a.Hi, -a.Lo);

    public static Interval operator +(Interval a, double b) => a + Point(b);

    public static Interval operator -(Interval a, double b) => a - Point(b);

    public static Interval operator *(double a, Interval b) => Point(a) * b;

    public static Interval operator *(Interval a, Interval b)
    {
        // 0 * inf is NaN in float64, but 0 times any real is 0: a zero bound contributes 0.
        static double P(double x, double y) => x == 0 || y == 0 ? 0 : x * y;
        double p1 = P(a.Lo, b.Lo), p2 = P(a.Lo, b.Hi), p3 = P(a.Hi, b.Lo), p4 = P(a.Hi, b.Hi);
        return new(Down(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4))), Up(Math.Max(Math.Max(p1, p2), Math.Max(p3, p4))));
    }

    public static Interval operator /(Interval a, Interval b)
    {
        if (b.Lo <= 0 && b.Hi >= 0) return Entire;
        double q1 = a.Lo / b.Lo, q2 = a.Lo / b.Hi, q3 = a.Hi / b.Lo, q4 = a.Hi / b.Hi;
        return new(Down(Math.Min(Math.Min(q1, q2), Math.Min(q3, q4))), Up(Math.Max(Math.Max(q1, q2), Math.Max(q3, q4))));
    }
#pragma warning restore CS1591

    /// <summary>x^2 (tighter than x * x when the interval holds 0).</summary>
    public Interval Square()
    {
        double a = Lo * Lo, b = Hi * Hi;
        if (Lo >= 0) return new(Down(a), Up(b));
        if (Hi <= 0) return new(Down(b), Up(a));
        return new(0, Up(Math.Max(a, b)));
    }

    /// <summary>x^n for an integer n (n &lt; 0 through 1 / x^-n).</summary>
    public Interval Pow(int n)
    {
        if (n == 0) return Point(1);
        if (n < 0) return Point(1) / Pow(-n);
        if (n == 1) return this;
        if (n == 2) return Square();
        // x^n is monotone on each sign of x: odd n increasing everywhere, even n in |x|; Math.Pow of exact integers is within an ulp.
        if (n % 2 == 1) return new(DownF(Math.Pow(Lo, n)), UpF(Math.Pow(Hi, n)));
        double lo = Mig, hi = Mag;
        return new(Math.Max(0, DownF(Math.Pow(lo, n))), UpF(Math.Pow(hi, n)));
    }

    /// <summary>x^p for a real exponent p over x &gt;= 0 (monotone there); an interval reaching below 0, where x^p is NaN, has no finite enclosure.</summary>
    public Interval Pow(double p)
    {
        if (p == Math.Round(p) && Math.Abs(p) <= 64) return Pow((int)p);
        if (Lo < 0) return Entire;
        double lo = Lo, hi = Hi;
        if (lo == 0 && p < 0) return Entire;
        double a = Math.Pow(lo, p), b = Math.Pow(hi, p);
        return p > 0 ? new(Math.Max(0, DownF(a)), UpF(b)) : new(Math.Max(0, DownF(b)), UpF(a));
    }

    /// <summary>e^x.</summary>
    public Interval Exp() => new(Math.Max(0, DownF(Math.Exp(Lo))), UpF(Math.Exp(Hi)));

    /// <summary>The natural log; an interval reaching 0 or below has no finite enclosure.</summary>
    public Interval Log() => Lo <= 0 ? Entire : new(DownF(Math.Log(Lo)), UpF(Math.Log(Hi)));

    /// <summary>sqrt(x); an interval reaching below 0 is outside its domain.</summary>
    public Interval Sqrt() => Lo < 0 ? Entire : new(Math.Max(0, DownF(Math.Sqrt(Lo))), UpF(Math.Sqrt(Hi)));

    /// <summary>tanh(x), within [-1, 1].</summary>
    public Interval Tanh() => new(Math.Max(-1, DownF(Math.Tanh(Lo))), Math.Min(1, UpF(Math.Tanh(Hi))));

    /// <summary>asinh(x).</summary>
    public Interval Asinh() => new(DownF(Math.Asinh(Lo)), UpF(Math.Asinh(Hi)));

    /// <summary>atan(x).</summary>
    public Interval Atan() => new(DownF(Math.Atan(Lo)), UpF(Math.Atan(Hi)));

    /// <summary>sinh(x).</summary>
    public Interval Sinh() => new(DownF(Math.Sinh(Lo)), UpF(Math.Sinh(Hi)));

    /// <summary>cosh(x) (even, least at 0).</summary>
    public Interval Cosh() => new(Math.Max(1, DownF(Math.Cosh(Mig))), UpF(Math.Cosh(Mag)));

    /// <summary>|x|.</summary>
    public Interval Abs() => new(Mig, Mag);

    /// <summary>The larger of two values, pointwise.</summary>
    public static Interval Max(Interval a, Interval b) => new(Math.Max(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi));

    /// <summary>The smaller of two values, pointwise.</summary>
    public static Interval Min(Interval a, Interval b) => new(Math.Min(a.Lo, b.Lo), Math.Min(a.Hi, b.Hi));

    /// <summary>sin(x): the end values, and +-1 where the interval may hold a crest.</summary>
    public Interval Sin() => Periodic(Lo, Hi, Math.Sin, Math.PI / 2);

    /// <summary>cos(x): the end values, and +-1 where the interval may hold a crest.</summary>
    public Interval Cos() => Periodic(Lo, Hi, Math.Cos, 0);

    /// <summary>
    /// A sine-like function f of period 2 pi with its maxima at <paramref name="crest"/> + 2 k pi and minima half a
    /// period on: the end values, widened to 1 (or -1) wherever a maximum (minimum) may lie inside. "May": a crest
    /// within a relative 1e-12 of an end counts as inside, so the float64 approximations of pi cannot miss one.
    /// </summary>
    private static Interval Periodic(double lo, double hi, Func<double, double> f, double crest)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi - lo >= 2 * Math.PI) return new(-1, 1);
        double a = f(lo), b = f(hi);
        double min = DownF(Math.Min(a, b)), max = UpF(Math.Max(a, b));
        double slack = 1e-12 * (1 + Math.Max(Math.Abs(lo), Math.Abs(hi)));
        if (HoldsCrest(lo - slack, hi + slack, crest)) max = 1;
        if (HoldsCrest(lo - slack, hi + slack, crest + Math.PI)) min = -1;
        return new(Math.Max(-1, min), Math.Min(1, max));
    }

    /// <summary>Whether some c + 2 k pi lies in [lo, hi].</summary>
    private static bool HoldsCrest(double lo, double hi, double c)
    {
        double k = Math.Ceiling((lo - c) / (2 * Math.PI));
        return c + 2 * Math.PI * k <= hi;
    }

    /// <inheritdoc/>
    public override string ToString() => $"[{Lo:G17}, {Hi:G17}]";
}
