namespace EqNet.Certification;

/// <summary>
/// Interval forward-mode differentiation: an enclosure of a function's values over a box, of its gradient (with
/// respect to the box's coordinates) over the same box, and optionally of its Hessian (Moore, Kearfott and Cloud 2009,
/// section 9.3; Rall, "Automatic Differentiation", 1981). The chain rule applied to enclosures encloses the
/// derivatives at every point of the box, which is what the mean-value and second-order Taylor forms need.
/// </summary>
/// <remarks>
/// <see cref="Gradient"/> may be empty: then only the value is carried (a point evaluation). <see cref="Hessian"/> is
/// null where second derivatives are not carried, and for a constant (all zero) among values that carry them: every
/// operation reads a missing Hessian as zero when the other operand has one. A second derivative that does not exist
/// (a kink of max or |.| inside the box) is <see cref="Interval.Entire"/>. The arrays are not shared between results,
/// so an instance is never changed after it is returned.
/// </remarks>
internal sealed class GradientInterval
{
    /// <summary>Creates a value with its gradient and Hessian (taken, not copied).</summary>
    public GradientInterval(Interval value, Interval[] gradient, Interval[]? hessian = null)
    {
        Value = value;
        Gradient = gradient;
        Hessian = hessian;
    }

    /// <summary>The enclosure of the function's values.</summary>
    public Interval Value { get; }

    /// <summary>The enclosure of d(value)/d(coordinate k), one per coordinate.</summary>
    public Interval[] Gradient { get; }

    /// <summary>The enclosure of d2(value)/d(coordinate i)d(coordinate j) at [i * Dimension + j], or null (see the remarks).</summary>
    public Interval[]? Hessian { get; }

    /// <summary>Number of coordinates.</summary>
    public int Dimension => Gradient.Length;

    /// <summary>A constant (zero gradient) over <paramref name="dimension"/> coordinates.</summary>
    public static GradientInterval Constant(double value, int dimension) => Constant(Interval.Point(value), dimension);

    /// <summary>An enclosed constant (zero gradient).</summary>
    public static GradientInterval Constant(Interval value, int dimension) => new(value, new Interval[dimension]);

    /// <summary>Coordinate <paramref name="k"/> itself over <paramref name="range"/>: gradient the unit vector e_k; with <paramref name="hessian"/>, a zero Hessian carried.</summary>
    public static GradientInterval Variable(Interval range, int k, int dimension, bool hessian = false)
    {
        var g = new Interval[dimension];
        if (k < dimension) g[k] = Interval.Point(1);
        return new(range, g, hessian ? new Interval[dimension * dimension] : null);
    }

    private static Interval[]? Combine(Interval[]? a, Interval[]? b, int n, Func<Interval, Interval, Interval> f)
    {
        if (a is null && b is null) return null;
        var h = new Interval[n];
        for (int k = 0; k < n; k++) h[k] = f(a is null ? default : a[k], b is null ? default : b[k]);
        return h;
    }

    private static Interval[] Entire(int n)
    {
        var h = new Interval[n];
        Array.Fill(h, Interval.Entire);
        return h;
    }

#pragma warning disable CS1591 // the operators are the arithmetic their symbols name, with the sum, product and quotient rules
    public static GradientInterval operator +(GradientInterval a, GradientInterval b)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = a.Gradient[k] + b.Gradient[k];
        return new(a.Value + b.Value, g, Combine(a.Hessian, b.Hessian, g.Length * g.Length, (x, y) => x + y));
    }

    public static GradientInterval operator -(GradientInterval a, GradientInterval b)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = a.Gradient[k] - b.Gradient[k];
        return new(a.Value - b.Value, g, Combine(a.Hessian, b.Hessian, g.Length * g.Length, (x, y) => x - y));
    }

    public static GradientInterval operator -(GradientInterval a) => Scale(Interval.Point(-1), a);

    public static GradientInterval operator +(GradientInterval a, double b) => new(a.Value + b, (Interval[])a.Gradient.Clone(), (Interval[]?)a.Hessian?.Clone());

    public static GradientInterval operator -(GradientInterval a, double b) => new(a.Value - b, (Interval[])a.Gradient.Clone(), (Interval[]?)a.Hessian?.Clone());

    public static GradientInterval operator *(double a, GradientInterval b) => Scale(Interval.Point(a), b);

    public static GradientInterval operator /(GradientInterval a, double b) => Scale(Interval.Point(1) / Interval.Point(b), a);

    public static GradientInterval operator *(GradientInterval a, GradientInterval b)
    {
        int d = a.Dimension;
        var g = new Interval[d];
        for (int k = 0; k < d; k++) g[k] = a.Gradient[k] * b.Value + a.Value * b.Gradient[k];
        Interval[]? h = null;
        if (a.Hessian is not null || b.Hessian is not null)
        {
            // (ab)'' = a'' b + a b'' + a' b'^T + b' a'^T.
            h = new Interval[d * d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    var s = a.Gradient[i] * b.Gradient[j] + b.Gradient[i] * a.Gradient[j];
                    if (a.Hessian is not null) s += a.Hessian[i * d + j] * b.Value;
                    if (b.Hessian is not null) s += a.Value * b.Hessian[i * d + j];
                    h[i * d + j] = s;
                }
        }
        return new(a.Value * b.Value, g, h);
    }

    public static GradientInterval operator /(GradientInterval a, GradientInterval b)
    {
        // (a/b)' = (a' - (a/b) b') / b: the quotient's enclosure once, not a' b - a b' over b^2;
        // (a/b)'' = (a'' - q b'' - q' b'^T - b' q'^T) / b.
        int d = a.Dimension;
        var q = a.Value / b.Value;
        var g = new Interval[d];
        for (int k = 0; k < d; k++) g[k] = (a.Gradient[k] - q * b.Gradient[k]) / b.Value;
        Interval[]? h = null;
        if (a.Hessian is not null || b.Hessian is not null)
        {
            h = new Interval[d * d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    var s = -(g[i] * b.Gradient[j] + b.Gradient[i] * g[j]);
                    if (a.Hessian is not null) s += a.Hessian[i * d + j];
                    if (b.Hessian is not null) s -= q * b.Hessian[i * d + j];
                    h[i * d + j] = s / b.Value;
                }
        }
        return new(q, g, h);
    }
#pragma warning restore CS1591

    /// <summary>c * a for an enclosed constant c.</summary>
    public static GradientInterval Scale(Interval c, GradientInterval a)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = c * a.Gradient[k];
        Interval[]? h = null;
        if (a.Hessian is { } ah)
        {
            h = new Interval[ah.Length];
            for (int k = 0; k < h.Length; k++) h[k] = c * ah[k];
        }
        return new(c * a.Value, g, h);
    }

    /// <summary>
    /// f(a) given the enclosures of f, f' and f'' over a's value: the chain rule, (f o a)'' = f''(a) a' a'^T + f'(a) a''.
    /// Without <paramref name="curvature"/> the Hessian (where carried) is unbounded.
    /// </summary>
    public static GradientInterval Chain(GradientInterval a, Interval value, Interval slope, Interval? curvature = null)
    {
        int d = a.Dimension;
        var g = new Interval[d];
        for (int k = 0; k < d; k++) g[k] = slope * a.Gradient[k];
        Interval[]? h = null;
        if (a.Hessian is { } ah)
        {
            if (curvature is not { } c) h = Entire(d * d);
            else
            {
                h = new Interval[d * d];
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++)
                        h[i * d + j] = c * (a.Gradient[i] * a.Gradient[j]) + slope * ah[i * d + j];
            }
        }
        return new(value, g, h);
    }

    /// <summary>e^a.</summary>
    public GradientInterval Exp()
    {
        var e = Value.Exp();
        return Chain(this, e, e, e);
    }

    /// <summary>ln a; ln'' = -1 / a^2.</summary>
    public GradientInterval Log()
    {
        var inverse = Interval.Point(1) / Value;
        return Chain(this, Value.Log(), inverse, -inverse.Square());
    }

    /// <summary>sqrt a; sqrt'' = -1 / (4 a sqrt a).</summary>
    public GradientInterval Sqrt()
    {
        var s = Value.Sqrt();
        return Chain(this, s, Interval.Point(1) / (2 * s), Interval.Point(-0.25) / (Value * s));
    }

    /// <summary>tanh a; tanh' = 1 - tanh^2, tanh'' = -2 tanh (1 - tanh^2).</summary>
    public GradientInterval Tanh()
    {
        var t = Value.Tanh();
        var slope = Interval.Point(1) - t.Square();
        slope = new Interval(Math.Max(0, slope.Lo), Math.Min(1, slope.Hi));
        return Chain(this, t, slope, -2 * (t * slope));
    }

    /// <summary>asinh a; asinh' = 1 / sqrt(1 + a^2), asinh'' = -a / (1 + a^2)^(3/2).</summary>
    public GradientInterval Asinh()
    {
        var root = (Value.Square() + 1).Sqrt();
        var slope = Interval.Point(1) / root;
        return Chain(this, Value.Asinh(), slope, -Value * slope.Pow(3));
    }

    /// <summary>sin a.</summary>
    public GradientInterval Sin()
    {
        var s = Value.Sin();
        return Chain(this, s, Value.Cos(), -s);
    }

    /// <summary>cos a.</summary>
    public GradientInterval Cos()
    {
        var c = Value.Cos();
        return Chain(this, c, -Value.Sin(), -c);
    }

    /// <summary>a^2.</summary>
    public GradientInterval Square() => Chain(this, Value.Square(), 2 * Value, Interval.Point(2));

    /// <summary>a^p for a constant p (integer p for any a; else a &gt;= 0).</summary>
    public GradientInterval Pow(double p)
    {
        if (p == 0) return Constant(1, Dimension);
        if (p == 1) return this;
        if (p == 2) return Square();
        bool integer = p == Math.Round(p) && Math.Abs(p) <= 64;
        Interval Power(double e) => integer ? Value.Pow((int)e) : Value.Pow(e);
        return Chain(this, Power(p), p * Power(p - 1), p * (p - 1) * Power(p - 2));
    }

    /// <summary>
    /// max(a, b): the branch that holds over the whole box where one does; else the hull of both values and gradients
    /// (max is Lipschitz and its derivative, where it exists, is one branch's, so the hull is a mean-value slope), and
    /// no second derivative.
    /// </summary>
    public static GradientInterval Max(GradientInterval a, GradientInterval b)
    {
        if (a.Value.Lo >= b.Value.Hi) return a;
        if (b.Value.Lo >= a.Value.Hi) return b;
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = Interval.Hull(a.Gradient[k], b.Gradient[k]);
        return new(Interval.Max(a.Value, b.Value), g, a.Hessian is null && b.Hessian is null ? null : Entire(g.Length * g.Length));
    }

    /// <summary>min(a, b), as <see cref="Max"/>.</summary>
    public static GradientInterval Min(GradientInterval a, GradientInterval b) => -Max(-a, -b);

    /// <summary>|a|: a or -a where the sign holds over the box, else the hull (|.| is Lipschitz with slope in [-1, 1]), and no second derivative.</summary>
    public GradientInterval Abs()
    {
        if (Value.Lo >= 0) return this;
        if (Value.Hi <= 0) return -this;
        var g = new Interval[Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = Interval.Hull(Gradient[k], -Gradient[k]);
        return new(Value.Abs(), g, Hessian is null ? null : Entire(g.Length * g.Length));
    }
}
