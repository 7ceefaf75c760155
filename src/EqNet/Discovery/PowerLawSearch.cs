using System.Collections.Concurrent;
using System.Diagnostics;
using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>
/// The power-law stage: for each <see cref="TargetTransform"/> of the output's values, a sparse regression
/// (<see cref="SparseRegression"/>) of T(y) on monomials of the basis quantities (and, for y itself, monomials times
/// <c>sin</c>/<c>cos</c> of an input; for log transforms, <c>log</c> of a positive quantity), each sparsity level a
/// candidate; constants are then recognised (<see cref="ConstantRecognizer"/>) where the formula still verifies.
/// Transforms run in parallel (both cores).
/// </summary>
public static class PowerLawSearch
{
    /// <summary>Most terms in one sum; FSReD's largest power-law sums have 5 (a Gaussian's log).</summary>
    public const int MaxTerms = 6;

    /// <summary>Size of the dictionary the lattice climbs start from.</summary>
    private const int DictionaryCap = 2500;

    /// <summary>Degree of the monomials a sin/cos factor multiplies: 2 reaches the law of cosines' <c>2*r*d*cos(alpha)</c>.</summary>
    private const int TrigDegree = 2;

    /// <summary>Monomials per sin/cos factor, so that a wide law's trig dictionary stays within the monomial one's size.</summary>
    private const int TrigCap = 300;

    /// <summary>Finds candidates for output <paramref name="output"/> from its search sample <paramref name="context"/>, until <paramref name="deadline"/> seconds on <paramref name="clock"/>.</summary>
    public static List<FormulaCandidate> Run(int output, DiscoveryContext context, Stopwatch clock, double deadline)
    {
        var y = context.Y;
        double sign = y.All(v => v < 0) ? -1 : 1;
        var found = new ConcurrentBag<FormulaCandidate>();
        bool exact = false;
        bool Expired() => Volatile.Read(ref exact) || clock.Elapsed.TotalSeconds >= deadline;
        var transforms = TargetTransform.All;
        // No buffering: transforms start in list order (a range partition would queue log(y) behind y on one core).
        var order = System.Collections.Concurrent.Partitioner.Create(Enumerable.Range(0, transforms.Count), System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, t =>
        {
            // The first transforms (y, log y) always run: under load a deadline may pass before any fit.
            if (t > 1 && Expired()) return;
            var transform = transforms[t];
            double s = transform.Name is "y" or "y with sin/cos" ? 1 : sign;
            var z = y.Select(v => transform.Forward(s * v)).ToArray();
            var keep = Enumerable.Range(0, z.Length).Where(i => double.IsFinite(z[i])).ToArray();
            if (keep.Length < Math.Max(20, z.Length / 2)) return;
            var space = context.Space(keep, transform.Factors);
            var zk = keep.Select(i => z[i]).ToArray();
            var dictionary = space.Space.Monomials(3, DictionaryCap).Select(m => new Atom(m, -1)).ToList();
            for (int f = 0; f < space.Space.Factors.Count; f++)
            {
                var zero = new Monomial(new double[space.Space.Width]);
                dictionary.Add(new Atom(zero, f));
                if (transform.Factors != FactorKind.Log)
                    dictionary.AddRange(space.Space.Monomials(TrigDegree, TrigCap).Select(m => new Atom(m, f)));
            }
            foreach (var fit in SparseRegression.Fit(space.Space, zk, dictionary, MaxTerms, Expired))
            {
                foreach (var atom in fit.Atoms) context.SeedMonomials.Add(atom.Monomial);
                Expr Build(IReadOnlyList<Expr> coefficients)
                {
                    Expr? sum = null;
                    for (int k = 0; k < fit.Atoms.Count; k++)
                    {
                        var atom = fit.Atoms[k];
                        Expr term = atom.Monomial.ToExpr(context.Basis.Expressions);
                        if (atom.Factor >= 0) term = term is NumberExpr { Value: 1 } ? space.FactorExprs[atom.Factor] : term * space.FactorExprs[atom.Factor];
                        term = coefficients[k] * term;
                        sum = sum is null ? term : sum + term;
                    }
                    var formula = transform.Inverse(sum ?? new NumberExpr(0));
                    return (s < 0 ? -formula : formula).Simplify();
                }
                var recognised = Recognise(fit.Coefficients, Build, context);
                found.Add(new FormulaCandidate(output, recognised.Formula, "power-law", recognised.P99));
                if (recognised.P99 <= SparseRegression.ExactError) Volatile.Write(ref exact, true);
            }
        });
        return [.. found];
    }

    /// <summary>The formula <paramref name="build"/> makes from <paramref name="fitted"/>, its constants recognised (<see cref="FormulaConstants.Recognise"/>).</summary>
    public static (Expr Formula, double P99) Recognise(double[] fitted, Func<IReadOnlyList<Expr>, Expr> build, DiscoveryContext context) =>
        FormulaConstants.Recognise(build([.. fitted.Select(c => (Expr)new NumberExpr(c))]), context);
}
