using EqNet.Expressions;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Solving;
using static EqNet.Expressions.Simplifier;

namespace EqNet.Symbolic;

/// <summary>
/// Closed forms of implicitly defined outputs, found from the equations at design time and kept only where they agree
/// with Newton's solutions on the design sample. Every output an equation holds linearly (<c>2*r1 + g = -b</c>,
/// <c>phi = t1 + t2 + t3</c>) is substituted first; then, until nothing more is found, an equation left with one unknown
/// is solved where it is a quadratic, also once its denominators are cleared (<see cref="QuadraticStructure"/>), an
/// equation a cos(m t) + b sin(m t) + c = 0 in an angle (<see cref="AngleStructure.SingleEquation"/>), or a quadratic in
/// tan, cos or sin of the angle (<see cref="SubstitutionForm"/>); and two equations that are the real and imaginary parts of one complex equation
/// give an angle, or equations without it (<see cref="AngleStructure.Pair"/>). Each output found is substituted into the
/// rest. An implicit output with a closed form takes it as its signed factor (y = exp(m) u, m constant): the trained
/// model is then the closed form, and the network learns only how far it is off (nothing, to rounding).
/// </summary>
/// <remarks>
/// Why: a tanh network meets sqrt(D) near a quadratic's double root, and acos and atan of sums of squares in a linkage's
/// inverse kinematics, and stalls there (quadratic-roots at 60 s: p99 4.4e-4 before the quadratic step; the 3-link arm:
/// 9.9e-3). The closed forms are functions of the inputs: the prediction still reads the inputs alone, and the equations
/// stay in the loss and the metric only.
/// </remarks>
public static class ClosedFormRoots
{
    /// <summary>
    /// The arguments (each positive over the sample) whose logs become features, and per output the closed form (an
    /// expression of the inputs, null where there is none) that matches Newton's solutions on the sample.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="sample">Row-major count x inputs sample of the domain.</param>
    /// <param name="count">Rows of <paramref name="sample"/>.</param>
    /// <param name="explicitOutputs">Outputs an equation defines outright: substituted like the others, but given no closed form (they keep their own structure).</param>
    public static ClosedForms Of(Problem problem, double[] sample, int count, IReadOnlySet<string> explicitOutputs) =>
        Of(problem, sample, count, explicitOutputs, null);

    /// <summary>
    /// As <see cref="Of(Problem, double[], int, IReadOnlySet{string})"/>, with Newton's solutions of the sample's rows and the
    /// problem compiled when they are at hand.
    /// </summary>
    internal static ClosedForms Of(Problem problem, double[] sample, int count, IReadOnlySet<string> explicitOutputs, SolveResult? solved,
        CompiledSystem? system = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(explicitOutputs);
        var design = new DesignSample(problem.Inputs.Select(i => i.Name).ToArray(), sample, count);
        var matcher = new RootMatcher(problem, design, solved, system);
        var memo = new Memo();
        var found = Search(problem, design, matcher, memo, explicitOutputs, unboundedFirst: false);
        // Which output an equation is solved for decides what the others can be solved for: t1 from phi = t1 + t2 + t3
        // leaves t3 an angle with no continuous closed form (it spans more than a turn), t3 leaves none such. By name
        // first (a quadratic's r1 from g, as before); where that leaves an implicit output without a closed form,
        // outputs without bounds first, and the search that finds more is kept.
        int Implicit(Expr?[] roots) => roots.Where((r, j) => r is not null && !explicitOutputs.Contains(problem.Outputs[j].Name)).Count();
        if (Implicit(found.Roots) < problem.Outputs.Count(o => !explicitOutputs.Contains(o.Name)))
        {
            var other = Search(problem, design, matcher, memo, explicitOutputs, unboundedFirst: true);
            if (Implicit(other.Roots) > Implicit(found.Roots)) found = other;
        }
        var roots = problem.Outputs.Select((o, j) => explicitOutputs.Contains(o.Name) ? null : found.Roots[j]).ToArray();
        var origins = problem.Outputs.Select((o, j) => roots[j] is null ? null : found.Origins[j]).ToArray();
        return new ClosedForms(found.Features, roots, origins);
    }

    /// <summary>One search: the linear eliminations (in the order asked), then closed forms until none is found.</summary>
    private static (IReadOnlyList<Expr> Features, Expr?[] Roots, ClosedFormOrigin?[] Origins) Search(Problem problem, DesignSample design, RootMatcher matcher, Memo memo,
        IReadOnlySet<string> explicitOutputs, bool unboundedFirst)
    {
        var outputs = problem.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var residuals = problem.Equations.Select(e => Subtract(e.Equation.Lhs, e.Equation.Rhs)).ToList();
        var sources = residuals.Select((_, k) => new SortedSet<int> { k + 1 }).ToList();
        var first = problem.Outputs.Where(o => unboundedFirst && o.Min is null && o.Max is null).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var eliminated = EliminateLinear(residuals, sources, outputs, first, design);
        var features = new LogFeatureSet(design);
        var known = new Dictionary<string, Expr>(StringComparer.Ordinal);
        var origins = new Dictionary<string, ClosedFormOrigin>(StringComparer.Ordinal);
        var offered = new HashSet<string>(StringComparer.Ordinal);
        var tried = new HashSet<string>(StringComparer.Ordinal);
        for (bool progress = true; progress;)
        {
            var current = residuals.Select(r => Simplify(Substituter.Substitute(r, known))).ToList();
            var unknowns = outputs.Where(o => !known.ContainsKey(o)).ToHashSet(StringComparer.Ordinal);
            // A pair's atan form before one equation's acos form: acos loses digits where its argument nears +-1.
            // The equations a residual was read from, and those of the outputs already found that it holds.
            SortedSet<int> From(params int[] ks) => new(ks.SelectMany(k => sources[k].Concat(residuals[k].Variables.Where(origins.ContainsKey).SelectMany(v => origins[v].Equations))));
            progress = SolvePairs(current, unknowns, design, matcher, memo, known, residuals, tried, eliminate: false, origins, sources, From)
                || SolveSingle(current, unknowns, design, features, offered, matcher, memo, known, origins, From)
                || SolvePairs(current, unknowns, design, matcher, memo, known, residuals, tried, eliminate: true, origins, sources, From);
        }
        // Back through the eliminations, last first: each value holds only outputs eliminated after it, or found ones. An
        // explicit output's definition is its value (no Newton needed to check it).
        for (int k = eliminated.Count - 1; k >= 0; k--)
        {
            var (output, value, from) = eliminated[k];
            var closed = Simplify(Substituter.Substitute(value, known));
            if (!design.OfInputs(closed)) continue;
            var origin = new ClosedFormOrigin("linear in the output", new SortedSet<int>(from.Concat(value.Variables.Where(origins.ContainsKey).SelectMany(v => origins[v].Equations))).ToArray());
            if (explicitOutputs.Contains(output)) (known[output], origins[output]) = (closed, origin);
            else if (matcher.Match(output, new RootCandidate(closed, 0)) is { } root) (known[output], origins[output]) = (root, origin);
        }
        return (features.Arguments, problem.Outputs.Select(o => known.GetValueOrDefault(o.Name)).ToArray(), problem.Outputs.Select(o => origins.GetValueOrDefault(o.Name)).ToArray());
    }

    /// <summary>Solves the first equation with one unknown that a quadratic or an angle equation solves; whether it found one.</summary>
    private static bool SolveSingle(List<Expr> current, HashSet<string> unknowns, DesignSample design, LogFeatureSet features, HashSet<string> offered,
        RootMatcher matcher, Memo memo, Dictionary<string, Expr> known, Dictionary<string, ClosedFormOrigin> origins, Func<int[], SortedSet<int>> from)
    {
        for (int k = 0; k < current.Count; k++)
        {
            var residual = current[k];
            var left = residual.Variables.Where(unknowns.Contains).ToArray();
            if (left.Length != 1) continue;
            string z = left[0], text = residual.ToString();
            // Each equation offers its quadratic coefficients as features once, whether or not a root is found.
            bool offer = offered.Add(text);
            if (!offer && memo.Unsolved.Contains(text)) continue;
            var quadratic = QuadraticStructure.Roots(residual, z, unknowns, design, offer ? features : null);
            var angle = memo.Sum(residual, unknowns) is { } sum ? AngleStructure.SingleEquation(sum, z, design) : [];
            // The equation undone around the output's one occurrence (erf(z) = c by erfinv, log, exp, powers, ...); with
            // more occurrences the other readings apply, and the symbolic attempt is skipped (it runs at every reference refresh).
            RootCandidate[] isolated = Occurrences(residual, z) == 1 && Structure.Isolation.Solve(residual, new NumberExpr(0), z) is { } found
                ? [new RootCandidate(found.Value, 0)] : [];
            foreach (var (candidate, rule) in quadratic.Select(c => (c, "quadratic root")).Concat(angle.Select(c => (c, "angle of a*cos + b*sin + c = 0")))
                .Concat(SubstitutionForm.Roots(residual, z, unknowns, design).Select(c => (c, "quadratic in tan, cos or sin of the angle")))
                .Concat(isolated.Select(c => (c, "isolated from its equation"))))
            {
                if (matcher.Match(z, candidate) is not { } root) continue;
                known[z] = root;
                origins[z] = new ClosedFormOrigin(rule, from([k]).ToArray());
                return true;
            }
            memo.Unsolved.Add(text);
        }
        return false;
    }

    /// <summary>How many times <paramref name="name"/> occurs in <paramref name="e"/>.</summary>
    private static int Occurrences(Expr e, string name) => e switch
    {
        VariableExpr v => v.Name == name ? 1 : 0,
        UnaryExpr u => Occurrences(u.Operand, name),
        BinaryExpr b => Occurrences(b.Left, name) + Occurrences(b.Right, name),
        CallExpr c => c.Arguments.Sum(a => Occurrences(a, name)),
        _ => 0,
    };

    /// <summary>
    /// For two equations that form one complex equation: an angle that is their only unknown, found; or, with
    /// <paramref name="eliminate"/>, once per pair and angle, the equation without it added to <paramref name="residuals"/>.
    /// Whether it found or added one.
    /// </summary>
    private static bool SolvePairs(List<Expr> current, HashSet<string> unknowns, DesignSample design, RootMatcher matcher, Memo memo,
        Dictionary<string, Expr> known, List<Expr> residuals, HashSet<string> tried, bool eliminate, Dictionary<string, ClosedFormOrigin> origins,
        List<SortedSet<int>> sources, Func<int[], SortedSet<int>> from)
    {
        for (int i = 0; i < current.Count; i++)
        {
            for (int j = 0; j < current.Count; j++)
            {
                if (i == j) continue;
                var left = current[i].Variables.Concat(current[j].Variables).Where(unknowns.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
                if (left.Count == 0) continue;
                // In all the unknowns, and per angle with the others as coefficients (x = r cos(el) cos(az) pairs with
                // y = r cos(el) sin(az) in az alone).
                foreach (var angles in left.Select(a => (IReadOnlySet<string>)new HashSet<string>([a])).Prepend(unknowns))
                {
                    if (memo.Sum(current[i], angles) is not { } re || memo.Sum(current[j], angles) is not { } im) continue;
                    if (AngleStructure.Pair(re, im, design) is not { } equation) continue;
                    foreach (var (t, m) in equation.Separable())
                    {
                        if (left.Count == 1)
                        {
                            foreach (var candidate in AngleStructure.FromPair(equation, t, m, design))
                            {
                                if (matcher.Match(t, candidate) is not { } root) continue;
                                known[t] = root;
                                origins[t] = new ClosedFormOrigin("angle of a complex equation (real and imaginary parts)", from([i, j]).ToArray());
                                return true;
                            }
                        }
                        else if (eliminate && residuals.Count < MaxEquations && tried.Add($"{current[i]} | {current[j]} | {t} | {string.Join(",", angles)}"))
                        {
                            var added = equation.Eliminate(t).Where(e => e.Variables.Any(unknowns.Contains)).ToList();
                            residuals.AddRange(added);
                            sources.AddRange(added.Select(_ => from([i, j])));
                            if (added.Count > 0) return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /// <summary>Equations eliminating angles from pairs are added up to this many in all: each removes an unknown, and a law has a few.</summary>
    private const int MaxEquations = 24;

    /// <summary>
    /// Substitutes, one at a time, every output that some equation holds linearly with a coefficient of the inputs alone
    /// that keeps away from 0 on the sample (above 1e-3 of its largest size), and drops that equation; returns each output with its value, in order. Of the
    /// outputs one equation holds linearly, those in <paramref name="first"/> are tried first, the rest by name.
    /// </summary>
    private static List<(string Output, Expr Value, SortedSet<int> Equations)> EliminateLinear(List<Expr> residuals, List<SortedSet<int>> sources,
        HashSet<string> outputs, HashSet<string> first, DesignSample design)
    {
        var eliminated = new List<(string, Expr, SortedSet<int>)>();
        for (bool progress = true; progress;)
        {
            progress = false;
            for (int k = 0; k < residuals.Count && !progress; k++)
            {
                foreach (string y in residuals[k].Variables.Where(outputs.Contains).OrderBy(y => !first.Contains(y)).ThenBy(y => y, StringComparer.Ordinal))
                {
                    var slope = Differentiator.Differentiate(residuals[k], y);
                    if (!design.OfInputs(slope)) continue;
                    var values = design.Evaluate(slope);
                    if (values.Length == 0 || !values.All(v => double.IsFinite(v) && v != 0)) continue;
                    // A slope that comes near 0 (GS*cos(crs) with crs through 90 degrees) divides by it: the value loses
                    // its digits there; the other equation's slope may not.
                    if (values.Min(Math.Abs) < ZeroStructure.VanishingRatio * values.Max(Math.Abs)) continue;
                    var rest = Substituter.Substitute(residuals[k], new Dictionary<string, Expr> { [y] = new NumberExpr(0) });
                    var value = Simplify(Negate(Divide(rest, slope)));
                    var map = new Dictionary<string, Expr> { [y] = value };
                    var from = sources[k];
                    residuals.RemoveAt(k);
                    sources.RemoveAt(k);
                    for (int i = 0; i < residuals.Count; i++)
                    {
                        if (residuals[i].Variables.Contains(y)) sources[i] = new SortedSet<int>(sources[i].Concat(from));
                        residuals[i] = Simplify(Substituter.Substitute(residuals[i], map));
                    }
                    eliminated.Add((y, value, from));
                    progress = true;
                    break;
                }
            }
        }
        return eliminated;
    }

    /// <summary>What one problem's searches have read and tried, by the equation's text: the same text gives the same answer.</summary>
    private sealed class Memo
    {
        private readonly Dictionary<(string, string), TrigonometricSum?> _sums = [];

        /// <summary>Equations in one unknown that no candidate solved.</summary>
        public HashSet<string> Unsolved { get; } = new(StringComparer.Ordinal);

        /// <summary><paramref name="e"/> as a trigonometric sum in <paramref name="angles"/>, read once.</summary>
        public TrigonometricSum? Sum(Expr e, IReadOnlySet<string> angles)
        {
            var key = (e.ToString(), string.Join(",", angles.Order(StringComparer.Ordinal)));
            if (!_sums.TryGetValue(key, out var sum)) _sums[key] = sum = TrigonometricSum.Of(e, angles);
            return sum;
        }
    }

    /// <summary>Checks candidates against Newton's solutions of the whole system on the design sample (solved once, when first needed).</summary>
    private sealed class RootMatcher(Problem problem, DesignSample design, SolveResult? solved, CompiledSystem? system)
    {
        private SolveResult? _solved = solved;
        private CompiledSystem? _system = system;

        /// <summary>The problem's system, compiled once for Newton and for the residual check.</summary>
        private CompiledSystem System => _system ??= new CompiledSystem(problem);
        private readonly int _rows = Math.Min(design.Count, NewtonRows);

        /// <summary>
        /// The candidate (shifted by the multiple of its period that Newton's first solution asks) where it agrees with
        /// Newton's solution at every point of the first <see cref="NewtonRows"/> where Newton converged (at least half of
        /// them), and is finite and within the output's bounds at every row of the sample; else null.
        /// </summary>
        public Expr? Match(string output, RootCandidate candidate)
        {
            if (!design.OfInputs(candidate.Value)) return null;
            _solved ??= new NewtonSolver(System).Solve(design.Values.AsSpan(0, _rows * design.Inputs.Count), _rows);
            int o = problem.Outputs.Count, j = problem.Outputs.ToList().FindIndex(x => x.Name == output);
            double size = 0;
            for (int i = 0; i < _rows; i++) if (_solved.Converged[i]) size = Math.Max(size, Math.Abs(_solved.Solutions[i * o + j]));
            var v = design.Evaluate(candidate.Value);
            double shift = double.NaN;
            int agree = 0, checkedPoints = 0;
            var apart = new List<int>();
            for (int i = 0; i < _rows; i++)
            {
                if (!_solved.Converged[i]) continue;
                checkedPoints++;
                double reference = _solved.Solutions[i * o + j];
                if (double.IsNaN(shift)) shift = candidate.Period > 0 ? candidate.Period * Math.Round((reference - v[i]) / candidate.Period) : 0;
                if (double.IsFinite(v[i]) && Math.Abs(v[i] + shift - reference) <= RootAgreement * Math.Max(Math.Abs(reference), 1e-6 * size)) agree++;
                else apart.Add(i);
            }
            var (min, max) = (problem.Outputs[j].Min ?? double.NegativeInfinity, problem.Outputs[j].Max ?? double.PositiveInfinity);
            bool bounded = problem.Outputs[j].Min is not null || problem.Outputs[j].Max is not null;
            if (checkedPoints < _rows / 2 || (agree != checkedPoints && !(bounded && apart.Count <= checkedPoints / 10 && AlsoRoots(apart, j, v, shift)))) return null;
            double slack = RootAgreement * Math.Max(size, 1e-300);
            for (int i = 0; i < design.Count; i++)
                if (!double.IsFinite(v[i]) || v[i] + shift < min - slack || v[i] + shift > max + slack) return null;
            return shift == 0 ? candidate.Value : Simplify(Add(candidate.Value, new NumberExpr(shift)));
        }

        /// <summary>
        /// Whether the candidate, put in Newton's solution at <paramref name="rows"/>, solves every equation there to a
        /// scale-relative <see cref="SolveResult.RoundingResidual"/>: an angle read from cos(i) near i = 0 is set to sqrt(eps)
        /// by the equations themselves, and Newton's and the closed form's then differ by more than the agreement asks;
        /// within the bounds (checked on every row after) a root is the root.
        /// </summary>
        private bool AlsoRoots(List<int> rows, int j, double[] v, double shift)
        {
            if (rows.Count == 0) return true;
            var system = System;
            int d = design.Inputs.Count, o = problem.Outputs.Count, e = system.EquationCount;
            var inputs = new double[rows.Count * d];
            var outputs = new double[rows.Count * o];
            for (int k = 0; k < rows.Count; k++)
            {
                Array.Copy(design.Values, rows[k] * d, inputs, k * d, d);
                Array.Copy(_solved!.Solutions, rows[k] * o, outputs, k * o, o);
                outputs[k * o + j] = v[rows[k]] + shift;
            }
            var residuals = new double[rows.Count * e];
            var scales = new double[rows.Count * e];
            system.Evaluate(system.Join(inputs, outputs, rows.Count), rows.Count, residuals, scales);
            for (int i = 0; i < residuals.Length; i++)
                if (!(Math.Abs(residuals[i]) <= SolveResult.RoundingResidual * scales[i])) return false;
            return true;
        }

        /// <summary>
        /// Newton solves the first 4,000 design points (random, so spread over the domain) for the comparison: enough to
        /// tell a branch from another, a fifth of the arm's 2 s for all 20,000; the bounds are checked on all of them.
        /// </summary>
        private const int NewtonRows = 4000;

        /// <summary>
        /// A closed form is taken when it agrees with Newton's (tolerance 1e-12 on the residual) to this, relative: the
        /// two differ by rounding (near a double root, by rounding times the condition number), a wrong branch by O(1).
        /// </summary>
        private const double RootAgreement = 1e-6;
    }
}

/// <summary>How a closed form was found: the rule and the equations (numbered from 1) it was read from.</summary>
/// <param name="Rule">The rule, in a few words ("quadratic root", "linear in the output"...).</param>
/// <param name="Equations">The problem's equations it comes from, numbered from 1, ascending; those of the outputs substituted into it included.</param>
public sealed record ClosedFormOrigin(string Rule, IReadOnlyList<int> Equations);

/// <summary>What <see cref="ClosedFormRoots.Of(Problem, double[], int, IReadOnlySet{string})"/> found.</summary>
/// <param name="LogArguments">Arguments (each positive over the sample) whose logs become features.</param>
/// <param name="Roots">Per output, its closed form (an expression of the inputs), or null.</param>
/// <param name="Origins">Per output, how its closed form was found, or null where it has none.</param>
public sealed record ClosedForms(IReadOnlyList<Expr> LogArguments, Expr?[] Roots, ClosedFormOrigin?[] Origins)
{
    /// <summary>The log arguments and the roots (the origins left out).</summary>
    public void Deconstruct(out IReadOnlyList<Expr> logArguments, out Expr?[] roots) => (logArguments, roots) = (LogArguments, Roots);
}
