namespace EqNet.Certification;

/// <summary>
/// Interval forward-mode differentiation: an enclosure of a function's values over a box and of its gradient (with
/// respect to the box's coordinates) over the same box (Moore, Kearfott and Cloud 2009, section 9.3; Rall, "Automatic
/// Differentiation", 1981). The chain rule applied to enclosures encloses the derivative at every point of the box,
/// which is what the mean-value form needs.
/// </summary>
/// <remarks>
/// <see cref="Gradient"/> may be empty: then only the value is carried (a point evaluation at a box's centre). The
/// gradient arrays are not shared between results, so an instance is never changed after it is returned.
/// </remarks>
internal sealed class GradientInterval
{
    /// <summary>Creates a value with its gradient (taken, not copied).</summary>
    public GradientInterval(Interval value, Interval[] gradient)
    {
        Value = value;
        Gradient = gradient;
    }

    /// <summary>The enclosure of the function's values.</summary>
    public Interval Value { get; }

    /// <summary>The enclosure of d(value)/d(coordinate k), one per coordinate.</summary>
    public Interval[] Gradient { get; }

    /// <summary>Number of coordinates.</summary>
    public int Dimension => Gradient.Length;

    /// <summary>A constant (zero gradient) over <paramref name="dimension"/> coordinates.</summary>
    public static GradientInterval Constant(double value, int dimension) => Constant(Interval.Point(value), dimension);

    /// <summary>An enclosed constant (zero gradient).</summary>
    public static GradientInterval Constant(Interval value, int dimension) => new(value, new Interval[dimension]);

    /// <summary>Coordinate <paramref name="k"/> itself over <paramref name="range"/>: gradient the unit vector e_k.</summary>
    public static GradientInterval Variable(Interval range, int k, int dimension)
    {
        var g = new Interval[dimension];
        if (k < dimension) g[k] = Interval.Point(1);
        return new(range, g);
    }

    /// <summary>Whether value and gradient are all finite.</summary>
    public bool IsFinite
    {
        get
        {
            if (!Value.IsFinite) return false;
            foreach (var g in Gradient) if (!g.IsFinite) return false;
            return true;
        }
    }

#pragma warning disable CS1591 // the operators are the arithmetic their symbols name, with the sum, product and quotient rules
    public static GradientInterval operator +(GradientInterval a, GradientInterval b)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = a.Gradient[k] + b.Gradient[k];
        return new(a.Value + b.Value, g);
    }

    public static GradientInterval operator -(GradientInterval a, GradientInterval b)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = a.Gradient[k] - b.Gradient[k];
        return new(a.Value - b.Value, g);
    }

    public static GradientInterval operator -(GradientInterval a)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = -a.Gradient[k];
        return new(-a.Value, g);
    }

    public static GradientInterval operator +(GradientInterval a, double b) => new(a.Value + b, (Interval[])a.Gradient.Clone());

    public static GradientInterval operator -(GradientInterval a, double b) => new(a.Value - b, (Interval[])a.Gradient.Clone());

    public static GradientInterval operator *(double a, GradientInterval b) => Scale(Interval.Point(a), b);

    public static GradientInterval operator /(GradientInterval a, double b) => Scale(Interval.Point(1) / Interval.Point(b), a);

    public static GradientInterval operator *(GradientInterval a, GradientInterval b)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = a.Gradient[k] * b.Value + a.Value * b.Gradient[k];
        return new(a.Value * b.Value, g);
    }

    public static GradientInterval operator /(GradientInterval a, GradientInterval b)
    {
        // (a/b)' = (a' - (a/b) b') / b: the quotient's enclosure once, not a' b - a b' over b^2.
        var q = a.Value / b.Value;
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = (a.Gradient[k] - q * b.Gradient[k]) / b.Value;
        return new(q, g);
    }
#pragma warning restore CS1591

    /// <summary>c * a for an enclosed constant c.</summary>
    public static GradientInterval Scale(Interval c, GradientInterval a)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = c * a.Gradient[k];
        return new(c * a.Value, g);
    }

    /// <summary>f(a) given the enclosures of f and of f' over a's value: the chain rule.</summary>
    public static GradientInterval Chain(GradientInterval a, Interval value, Interval slope)
    {
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = slope * a.Gradient[k];
        return new(value, g);
    }

    /// <summary>e^a.</summary>
    public GradientInterval Exp()
    {
        var e = Value.Exp();
        return Chain(this, e, e);
    }

    /// <summary>ln a.</summary>
    public GradientInterval Log() => Chain(this, Value.Log(), Interval.Point(1) / Value);

    /// <summary>sqrt a.</summary>
    public GradientInterval Sqrt()
    {
        var s = Value.Sqrt();
        return Chain(this, s, Interval.Point(1) / (2 * s));
    }

    /// <summary>tanh a; tanh' = 1 - tanh^2.</summary>
    public GradientInterval Tanh()
    {
        var t = Value.Tanh();
        var slope = Interval.Point(1) - t.Square();
        return Chain(this, t, new Interval(Math.Max(0, slope.Lo), Math.Min(1, slope.Hi)));
    }

    /// <summary>asinh a; asinh' = 1 / sqrt(1 + a^2).</summary>
    public GradientInterval Asinh() => Chain(this, Value.Asinh(), Interval.Point(1) / (Value.Square() + 1).Sqrt());

    /// <summary>sin a.</summary>
    public GradientInterval Sin() => Chain(this, Value.Sin(), Value.Cos());

    /// <summary>cos a.</summary>
    public GradientInterval Cos() => Chain(this, Value.Cos(), -Value.Sin());

    /// <summary>a^2.</summary>
    public GradientInterval Square() => Chain(this, Value.Square(), 2 * Value);

    /// <summary>a^p for a constant p (integer p for any a; else a &gt;= 0).</summary>
    public GradientInterval Pow(double p)
    {
        if (p == 0) return Constant(1, Dimension);
        if (p == 1) return this;
        if (p == 2) return Square();
        bool integer = p == Math.Round(p) && Math.Abs(p) <= 64;
        var slope = p * (integer ? Value.Pow((int)p - 1) : Value.Pow(p - 1));
        return Chain(this, integer ? Value.Pow((int)p) : Value.Pow(p), slope);
    }

    /// <summary>
    /// max(a, b): the branch that holds over the whole box where one does; else the hull of both values and gradients
    /// (max is Lipschitz and its derivative, where it exists, is one branch's, so the hull is a mean-value slope).
    /// </summary>
    public static GradientInterval Max(GradientInterval a, GradientInterval b)
    {
        if (a.Value.Lo >= b.Value.Hi) return a;
        if (b.Value.Lo >= a.Value.Hi) return b;
        var g = new Interval[a.Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = Interval.Hull(a.Gradient[k], b.Gradient[k]);
        return new(Interval.Max(a.Value, b.Value), g);
    }

    /// <summary>min(a, b), as <see cref="Max"/>.</summary>
    public static GradientInterval Min(GradientInterval a, GradientInterval b) => -Max(-a, -b);

    /// <summary>|a|: a or -a where the sign holds over the box, else the hull (|.| is Lipschitz with slope in [-1, 1]).</summary>
    public GradientInterval Abs()
    {
        if (Value.Lo >= 0) return this;
        if (Value.Hi <= 0) return -this;
        var g = new Interval[Dimension];
        for (int k = 0; k < g.Length; k++) g[k] = Interval.Hull(Gradient[k], -Gradient[k]);
        return new(Value.Abs(), g);
    }
}
