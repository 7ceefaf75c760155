namespace EqNet.Discovery;

/// <summary>A sparse fit z ~ sum_k c_k atom_k.</summary>
/// <param name="Atoms">The selected columns.</param>
/// <param name="Coefficients">Their coefficients.</param>
/// <param name="P99">p99 over the points of |z - z_hat| / (|z| + sum_k |c_k atom_k|), the scale-relative error in z.</param>
public sealed record SparseFit(IReadOnlyList<Atom> Atoms, double[] Coefficients, double P99);

/// <summary>
/// Orthogonal matching pursuit (Pati, Rezaiifar and Krishnaprasad 1993) over an implicit lattice of monomials, with
/// swap refinement. Why OMP and not a fixed dictionary with best subset or STLSQ: the lattice of monomials in 5-9
/// quantities with exponents up to 3 has 10^5-10^8 members, too many to store; OMP only needs, at each step, the
/// member most correlated with the residual, which a hill climb on the lattice finds from the best few of a small
/// dictionary (the seed's <c>x2^2/(x1 x3 x4)</c> is 5 lattice steps from <c>x2/x3</c>). Monomials are strongly
/// correlated (x and x^1.5 over a decade), so a greedy pick can be wrong: every selected atom is then re-chosen with
/// the others fixed (a swap pass, as in Zhang's forward-backward greedy) until no swap lowers the residual. The
/// final coefficients are refitted with weights 1/(|z| + sum |terms|) (iteratively reweighted), the term-scale
/// relative error that the metric uses, so a law whose terms cancel keeps its precision.
/// </summary>
public static class SparseRegression
{
    /// <summary>Error below which a fit counts as exact and larger fits are not tried (float64 rounding over a few terms).</summary>
    public const double ExactError = 1e-13;

    /// <summary>Base-dictionary members each atom search climbs from: each climb costs ~50 neighbour scores a step, so few.</summary>
    private const int ClimbStarts = 4;

    /// <summary>
    /// Fits with 1..<paramref name="maxTerms"/> atoms (fewer if an exact fit comes first or <paramref name="expired"/> says stop).
    /// <paramref name="z"/> must be finite; <paramref name="dictionary"/> are the atoms the climbs start from.
    /// </summary>
    public static List<SparseFit> Fit(AtomSpace space, double[] z, IReadOnlyList<Atom> dictionary, int maxTerms, Func<bool> expired)
    {
        int n = z.Length;
        var w = MagnitudeWeights(space, z);
        var wz = z.Select((v, i) => v * w[i]).ToArray();
        var columns = new Dictionary<string, double[]?>();
        double[]? Weighted(Atom a)
        {
            if (columns.TryGetValue(a.Key, out var c)) return c;
            var raw = space.Column(a);
            for (int i = 0; i < n; i++) raw[i] *= w[i];
            c = raw.All(double.IsFinite) && WeightedLeastSquares.Norm(raw) > 0 ? raw : null;
            if (columns.Count < 200_000) columns[a.Key] = c;
            return c;
        }

        var fits = new List<SparseFit>();
        var selected = new List<Atom>();
        for (int k = 1; k <= maxTerms && (k == 1 || !expired()); k++)
        {
            var (q, r) = Project(selected.Select(a => Weighted(a)!).ToList(), wz);
            if (q is null) break;
            var best = BestAtom(space, dictionary, Weighted, q, r, selected);
            if (best is null) break;
            selected.Add(best);
            double residual = Residual(selected, Weighted, wz);
            for (int pass = 0; pass < 2 && !expired(); pass++)
            {
                bool improved = false;
                for (int s = 0; s < selected.Count; s++)
                {
                    var others = selected.Where((_, i) => i != s).ToList();
                    var (qs, rs) = Project(others.Select(a => Weighted(a)!).ToList(), wz);
                    if (qs is null) continue;
                    var swap = BestAtom(space, dictionary, Weighted, qs, rs, others);
                    if (swap is null || swap.Key == selected[s].Key) continue;
                    var trial = new List<Atom>(others) { swap };
                    double tr = Residual(trial, Weighted, wz);
                    if (tr < residual * (1 - 1e-9))
                    {
                        selected[s] = swap;
                        residual = tr;
                        improved = true;
                    }
                }
                if (!improved) break;
            }
            if (Refit(space, selected, z) is { } fit)
            {
                fits.Add(fit);
                if (fit.P99 <= ExactError && k <= SubsetTerms) return fits;
                if (fit.P99 <= ExactError) break;
            }
        }
        fits.AddRange(BestSubsets(space, z, wz, dictionary, Weighted, fits, expired));
        return fits;
    }

    /// <summary>Size of the pool best subset searches (plus the greedy path's atoms): C(48, 3) = 17,296 three-term fits, a fraction of a second.</summary>
    private const int PoolSize = 48;

    /// <summary>Largest subset searched exhaustively.</summary>
    private const int SubsetTerms = 3;

    /// <summary>
    /// Best subset of up to three atoms from a pool: the dictionary members most correlated with the target and with
    /// its residuals after the greedy path's first and second atoms, and every atom the greedy path chose. Greedy selection fails when the law's terms are individually less correlated with
    /// the target than some compromise monomial (<c>m*(v^2 + u^2 + w^2)/2</c> first picks <c>m*sqrt(u*v*w)</c>).
    /// </summary>
    private static IEnumerable<SparseFit> BestSubsets(AtomSpace space, double[] z, double[] wz, IReadOnlyList<Atom> dictionary,
        Func<Atom, double[]?> weighted, List<SparseFit> path, Func<bool> expired)
    {
        var pool = new List<Atom>();
        var longest = path.Count == 0 ? [] : path[^1].Atoms;
        for (int prefix = 0; prefix <= Math.Min(SubsetTerms - 1, longest.Count); prefix++)
        {
            var (q, r) = Project(longest.Take(prefix).Select(a => weighted(a)!).ToList(), wz);
            if (q is null) break;
            foreach (var atom in dictionary.Select(a => (Atom: a, Score: Score(weighted(a), q, r))).Where(t => t.Score > 0)
                .OrderByDescending(t => t.Score).Take(PoolSize / SubsetTerms).Select(t => t.Atom))
                if (!pool.Any(p => p.Key == atom.Key)) pool.Add(atom);
        }
        foreach (var atom in path.SelectMany(f => f.Atoms))
            if (!pool.Any(p => p.Key == atom.Key)) pool.Add(atom);
        var cols = pool.Select(a => weighted(a)).ToList();
        var results = new List<SparseFit>();
        for (int k = 1; k <= SubsetTerms; k++)
        {
            double best = double.PositiveInfinity;
            int[]? bestSet = null;
            foreach (var set in Subsets(pool.Count, k))
            {
                if (expired()) break;
                if (set.Any(i => cols[i] is null)) continue;
                var (q, r) = Project(set.Select(i => cols[i]!).ToList(), wz);
                if (q is null) continue;
                double norm = WeightedLeastSquares.Norm(r);
                if (norm < best) { best = norm; bestSet = set; }
            }
            if (bestSet is null) continue;
            if (Refit(space, bestSet.Select(i => pool[i]).ToList(), z) is { } fit)
            {
                results.Add(fit);
                if (fit.P99 <= ExactError) break;
            }
        }
        return results;
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
        }
    }

    /// <summary>
    /// Weights 1/M(x) with M a smooth magnitude of z: exp of the least-squares fit of log|z| on the logs of the positive
    /// basis quantities (a single power law, what a network's magnitude learns first). Unlike 1/|z|, they stay bounded
    /// where a sign-changing z (the seed's y) passes through zero, so those few points do not dominate the selection.
    /// </summary>
    private static double[] MagnitudeWeights(AtomSpace space, double[] z)
    {
        int n = z.Length;
        var keep = Enumerable.Range(0, n).Where(i => z[i] != 0).ToArray();
        var cols = new List<double[]> { Enumerable.Repeat(1.0, n).ToArray() };
        for (int k = 0; k < space.Width; k++)
        {
            if (!space.Positive[k]) continue;
            var e = new double[space.Width];
            e[k] = 1;
            cols.Add(space.Column(new Atom(new Monomial(e), -1)).Select(v => Math.Log(v)).ToArray());
        }
        var logZ = keep.Select(i => Math.Log(Math.Abs(z[i]))).ToArray();
        var a = WeightedLeastSquares.Solve(cols.Select(c => keep.Select(i => c[i]).ToArray()).ToList(), logZ, Enumerable.Repeat(1.0, keep.Length).ToArray());
        double floor = 1e-3 * Median(z.Select(Math.Abs));
        if (a is null) return z.Select(v => 1 / Math.Max(Math.Abs(v), floor > 0 ? floor : 1e-300)).ToArray();
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double log = 0;
            for (int k = 0; k < cols.Count; k++) log += a[k] * cols[k][i];
            w[i] = Math.Exp(-log);
            if (!double.IsFinite(w[i]) || w[i] <= 0) w[i] = 1 / Math.Max(Math.Abs(z[i]), floor > 0 ? floor : 1e-300);
        }
        return w;
    }

    /// <summary>Iteratively reweighted fit of the given atoms with weights 1/(|z| + sum |c_k atom_k|).</summary>
    public static SparseFit? Refit(AtomSpace space, IReadOnlyList<Atom> atoms, double[] z)
    {
        int n = z.Length;
        var cols = atoms.Select(space.Column).ToList();
        var w = z.Select(v => 1 / Math.Max(Math.Abs(v), 1e-300)).ToArray();
        double[]? c = null;
        for (int iteration = 0; iteration < 3; iteration++)
        {
            var next = WeightedLeastSquares.Solve(cols, z, w);
            if (next is null) break;
            c = next;
            for (int i = 0; i < n; i++)
            {
                double s = Math.Abs(z[i]);
                for (int k = 0; k < cols.Count; k++) s += Math.Abs(c[k] * cols[k][i]);
                w[i] = s > 0 ? 1 / s : 1;
            }
        }
        if (c is null) return null;
        return new SparseFit([.. atoms], c, Error(cols, c, z));
    }

    /// <summary>p99 of the scale-relative error of coefficients <paramref name="c"/> on columns <paramref name="cols"/>.</summary>
    public static double Error(IReadOnlyList<double[]> cols, double[] c, double[] z)
    {
        int n = z.Length;
        var errors = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = Math.Abs(z[i]), hat = 0;
            for (int k = 0; k < cols.Count; k++) { double t = c[k] * cols[k][i]; hat += t; s += Math.Abs(t); }
            double e = Math.Abs(hat - z[i]);
            errors[i] = e == 0 ? 0 : e / s;
            if (!double.IsFinite(errors[i])) errors[i] = double.PositiveInfinity;
        }
        Array.Sort(errors);
        return errors[Math.Clamp((int)Math.Ceiling(0.99 * n) - 1, 0, n - 1)];
    }

    private static double Residual(List<Atom> atoms, Func<Atom, double[]?> weighted, double[] wz)
    {
        var (q, r) = Project(atoms.Select(a => weighted(a)!).ToList(), wz);
        return q is null ? double.PositiveInfinity : WeightedLeastSquares.Norm(r);
    }

    /// <summary>An orthonormal basis of the columns (twice-applied Gram-Schmidt) and the target's residual off their span.</summary>
    private static (List<double[]>? Q, double[] R) Project(List<double[]> cols, double[] target)
    {
        var q = new List<double[]>();
        foreach (var col in cols)
        {
            var v = (double[])col.Clone();
            double original = WeightedLeastSquares.Norm(v);
            for (int pass = 0; pass < 2; pass++)
                foreach (var b in q)
                {
                    double d = WeightedLeastSquares.Dot(b, v);
                    for (int i = 0; i < v.Length; i++) v[i] -= d * b[i];
                }
            double norm = WeightedLeastSquares.Norm(v);
            if (!(norm > 1e-12 * original)) return (null, target);
            for (int i = 0; i < v.Length; i++) v[i] /= norm;
            q.Add(v);
        }
        var r = (double[])target.Clone();
        for (int pass = 0; pass < 2; pass++)
            foreach (var b in q)
            {
                double d = WeightedLeastSquares.Dot(b, r);
                for (int i = 0; i < r.Length; i++) r[i] -= d * b[i];
            }
        return (q, r);
    }

    /// <summary>|&lt;r, a&gt;| / |a off span(q)|: how much of the residual the atom explains.</summary>
    private static double Score(double[]? a, List<double[]> q, double[] r)
    {
        if (a is null) return -1;
        double aa = WeightedLeastSquares.Dot(a, a), proj = 0;
        foreach (var b in q) { double d = WeightedLeastSquares.Dot(b, a); proj += d * d; }
        double perp = aa - proj;
        if (!(perp > 1e-20 * aa)) return -1;
        return Math.Abs(WeightedLeastSquares.Dot(r, a)) / Math.Sqrt(perp);
    }

    private static Atom? BestAtom(AtomSpace space, IReadOnlyList<Atom> dictionary, Func<Atom, double[]?> weighted, List<double[]> q, double[] r, List<Atom> exclude)
    {
        var excluded = exclude.Select(a => a.Key).ToHashSet();
        var ranked = dictionary.Where(a => !excluded.Contains(a.Key))
            .Select(a => (Atom: a, Score: Score(weighted(a), q, r)))
            .Where(t => t.Score > 0)
            .OrderByDescending(t => t.Score).Take(ClimbStarts).ToList();
        Atom? best = null;
        double bestScore = 0;
        foreach (var (start, startScore) in ranked)
        {
            var atom = start;
            double score = startScore;
            for (int step = 0; step < 40; step++)
            {
                Atom? next = null;
                double nextScore = score;
                foreach (var m in space.Neighbours(atom.Monomial))
                {
                    var candidate = new Atom(m, atom.Factor);
                    if (excluded.Contains(candidate.Key)) continue;
                    double s = Score(weighted(candidate), q, r);
                    if (s > nextScore * (1 + 1e-12)) { next = candidate; nextScore = s; }
                }
                if (next is null) break;
                atom = next;
                score = nextScore;
            }
            if (score > bestScore) { best = atom; bestScore = score; }
        }
        return best;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
