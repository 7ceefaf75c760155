namespace EqNet.Discovery;

/// <summary>A regression column: a monomial in the basis quantities, optionally times one fixed factor column.</summary>
/// <param name="Monomial">The power-law part.</param>
/// <param name="Factor">Index of the factor (see <see cref="AtomSpace.Factors"/>), or -1 for none.</param>
public sealed record Atom(Monomial Monomial, int Factor)
{
    /// <summary>A readable key for de-duplication.</summary>
    public string Key => $"{Factor}:{string.Join(',', Monomial.Exponents)}";
}

/// <summary>
/// The candidate columns of a sparse power-law regression at fixed points: monomials of the basis quantities with
/// exponents on a half-integer lattice (whole non-negative exponents for quantities that are not positive), and the
/// same times a factor column (e.g. <c>sin(x)</c>, or <c>log(x)</c> for a log-transformed target).
/// </summary>
public sealed class AtomSpace
{
    /// <summary>Largest |exponent| of one quantity; Feynman-style laws rarely go beyond a cube.</summary>
    public const double MaxExponent = 4;

    private readonly double[] _basis;

    /// <summary>Creates the space over basis values (row-major count x basis) and factor columns (each count long).</summary>
    public AtomSpace(double[] basis, int count, IReadOnlyList<bool> positive, IReadOnlyList<double[]> factors)
    {
        _basis = basis;
        Count = count;
        Positive = positive;
        Factors = factors;
    }

    /// <summary>Points.</summary>
    public int Count { get; }

    /// <summary>Basis quantities that may take fractional and negative exponents.</summary>
    public IReadOnlyList<bool> Positive { get; }

    /// <summary>Factor columns.</summary>
    public IReadOnlyList<double[]> Factors { get; }

    /// <summary>Number of basis quantities.</summary>
    public int Width => Positive.Count;

    /// <summary>The atom's values at the points.</summary>
    public double[] Column(Atom atom)
    {
        var column = new double[Count];
        atom.Monomial.Evaluate(_basis, Count, column);
        if (atom.Factor >= 0)
        {
            var f = Factors[atom.Factor];
            for (int i = 0; i < Count; i++) column[i] *= f[i];
        }
        return column;
    }

    /// <summary>
    /// Every monomial with sum |exponent| at most <paramref name="maxDegree"/> (at most <paramref name="cap"/> of
    /// them, lowest degree first), the constant 1 included.
    /// </summary>
    public List<Monomial> Monomials(double maxDegree, int cap)
    {
        var result = new List<Monomial>();
        var current = new double[Width];
        void Recurse(int k, double degree)
        {
            if (result.Count >= 4 * cap) return;
            if (k == Width)
            {
                result.Add(new Monomial((double[])current.Clone()));
                return;
            }
            foreach (double e in Steps(k))
            {
                if (degree + Math.Abs(e) > maxDegree) continue;
                current[k] = e;
                Recurse(k + 1, degree + Math.Abs(e));
            }
            current[k] = 0;
        }
        Recurse(0, 0);
        return result.OrderBy(m => m.Degree).ThenBy(m => m.Support).Take(cap).ToList();
    }

    /// <summary>Monomials one lattice step away: one exponent moved by a half (a whole for non-positive quantities), or one unit moved between two quantities.</summary>
    public IEnumerable<Monomial> Neighbours(Monomial m)
    {
        var e = m.Exponents;
        for (int k = 0; k < Width; k++)
        {
            double step = Positive[k] ? 0.5 : 1;
            foreach (double d in new[] { -step, step, -2 * step, 2 * step })
            {
                if (Allowed(k, e[k] + d)) yield return With(e, (k, e[k] + d));
            }
            for (int l = 0; l < Width; l++)
            {
                if (l == k) continue;
                if (Allowed(k, e[k] + 1) && Allowed(l, e[l] - 1)) yield return With(e, (k, e[k] + 1), (l, e[l] - 1));
            }
        }
    }

    private bool Allowed(int k, double e) => Math.Abs(e) <= MaxExponent && (Positive[k] || e >= 0 && e == Math.Floor(e));

    private static Monomial With(double[] e, params (int K, double V)[] changes)
    {
        var copy = (double[])e.Clone();
        foreach (var (k, v) in changes) copy[k] = v;
        return new Monomial(copy);
    }

    private IEnumerable<double> Steps(int k) => Positive[k]
        ? [0, 1, -1, 0.5, -0.5, 2, -2, 1.5, -1.5, 3, -3]
        : [0, 1, 2, 3];
}
