using EqNet.Expressions;
using EqNet.Features;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Training;

/// <summary>
/// Where an output's explicit definition is a sum of many monomials of one sign (c times powers of inputs, such as the
/// kinetic energy of 16 bodies, sum m_i v_i^2 / 2, or a sum of 64 squares), its magnitude gets one log-sum-exp unit a
/// term, and unit k sees only the log features of term k's inputs (the other weights are held at zero). A unit is then a
/// power law of its term's inputs, so exp(m) can be the sum itself; which inputs each term reads is taken from the
/// equation, the exponents and the coefficients are learned. The equation is read at design time, as for the periodic
/// features; the network still reads only inputs.
/// </summary>
/// <remarks>
/// Why: a few units (a soft maximum) plus an MLP over 100 features follow a sum of 16 products only roughly
/// (kinetic-energy-32, 60 fixed steps: held-out p99 0.24); with a unit a term over all features, LM has to find which
/// unit takes which term among 16! symmetric ways (p99 0.18), and the free weights fit the training points instead of
/// the law (sum-of-squares-64: training loss 1e-31, held-out p99 0.6).
/// </remarks>
internal sealed class AdditiveUnits
{
    /// <summary>
    /// Fewest terms for the structure: below this the default units (4) already cover a sum, and a small sum is left to
    /// the design the examples were tuned on.
    /// </summary>
    public const int MinTerms = 5;

    /// <summary>Most terms, so units: the sum of 64 squares; each unit costs a weight a feature.</summary>
    public const int MaxTerms = 64;

    private readonly int[]?[][] _terms;
    private readonly CompiledExpression[][] _compiled;

    private AdditiveUnits(int[]?[][] terms, CompiledExpression[][] compiled) => (_terms, _compiled) = (terms, compiled);

    /// <summary>Per output, the input indices of each term (null for an output without the structure).</summary>
    public IReadOnlyList<IReadOnlyList<int[]?>> Terms => _terms;

    /// <summary>Whether any output has the structure.</summary>
    public bool Any => _terms.Any(t => t.Length > 0);

    /// <summary>Units a magnitude needs: the most terms of any output with the structure, at least <paramref name="defaultUnits"/>.</summary>
    public int Units(int defaultUnits) => Math.Max(defaultUnits, _terms.Max(t => t.Length));

    /// <summary>No output with the structure (a model that does not read the equations).</summary>
    public static AdditiveUnits None(Problem problem) =>
        new(problem.Outputs.Select(_ => Array.Empty<int[]?>()).ToArray(), problem.Outputs.Select(_ => Array.Empty<CompiledExpression>()).ToArray());

    /// <summary>Reads each output's definition; <paramref name="sample"/> (row-major count x inputs) is where the terms' signs are checked.</summary>
    public static AdditiveUnits Of(Problem problem, ReadOnlySpan<double> sample, int count)
    {
        var definitions = new ExplicitDefinitions(problem);
        var inputs = problem.InputNames;
        var terms = new int[]?[problem.Outputs.Count][];
        var compiled = new CompiledExpression[terms.Length][];
        for (int j = 0; j < terms.Length; j++)
        {
            (terms[j], compiled[j]) = definitions.Definition(j) is { } definition ? Monomials(definition, inputs, sample, count) : ([], []);
        }
        return new AdditiveUnits(terms, compiled);
    }

    /// <summary>
    /// Ranges of the full parameter vector that stay zero: in each magnitude of an output with the structure, unit k's
    /// weights on all but the log features (log x, log |x|) of term k's inputs, so the unit is a power law of them (an
    /// input without a log feature keeps all its features). With the linear and signed-log features of its inputs free
    /// as well, a sum of five squares stalled at held-out p99 4e-2 after 40 fixed steps. The fits leave them out, so they neither cost Jacobian columns nor
    /// let the units fit the training points instead of the law (sum-of-squares-64, 30 fixed steps with them free:
    /// training loss 1e-31, held-out p99 0.6).
    /// </summary>
    public IReadOnlyList<(int Offset, int Length)> Frozen(MagnitudeShapeNetwork network, FeatureMap map)
    {
        var frozen = new List<(int, int)>();
        for (int index = 0; index < network.MagnitudeOwners.Count; index++)
        {
            var (output, _) = network.MagnitudeOwners[index];
            var terms = _terms[output];
            // Only a magnitude over all the shared features, in their order (no subset, no upstream outputs or their learned
            // scales), has unit weights that line up with the map.
            if (terms.Length == 0 || network.FeatureSubsets[output] is not null || network.Upstream[output].Count > 0) continue;
            int f = network.FeatureCount, stride = f + 1;
            int units = network.MagnitudeParameterRanges[index].Offset + new DenseNetwork(f, network.Hidden).ParameterCount;
            for (int k = 0; k < terms.Length && k < network.LogSumExpUnitCount; k++)
            {
                var kept = Kept(terms[k]!, map);
                for (int a = 0; a < f; a++)
                    if (!kept.Contains(a)) frozen.Add((units + k * stride + a, 1));
            }
        }
        return frozen;
    }

    /// <summary>Whether magnitude <paramref name="index"/> has one unit a term (see <see cref="Frozen"/>).</summary>
    public bool Applies(MagnitudeShapeNetwork network, int index)
    {
        var (output, negative) = network.MagnitudeOwners[index];
        return !negative && _terms[output].Length > 0 && _terms[output].Length <= network.LogSumExpUnitCount
            && network.FeatureSubsets[output] is null && network.Upstream[output].Count == 0;
    }

    /// <summary>
    /// Starts magnitude <paramref name="index"/> (where it <see cref="Applies"/>) at the sum of its terms: unit k fitted to
    /// log |term k| over its own features, weighted by the term's share of the sum (see
    /// <see cref="MagnitudeShapeNetwork.StartMagnitudeAdditive"/>). A monomial over log features is then exact from the
    /// first step, where random units had 64 power laws to find at once: sum-of-squares-64's pre-fit stalled at a mean
    /// squared log misfit of 1e-3 (held-out p99 5e-2 after 60 s). The exponents are fitted from the terms' values, not read.
    /// </summary>
    /// <returns>False (parameters unchanged) where it does not apply or a fit is singular.</returns>
    public bool Start(MagnitudeShapeNetwork network, FeatureMap map, double[] parameters, int index, double[] inputs, double[] features, int count)
    {
        if (!Applies(network, index)) return false;
        int output = network.MagnitudeOwners[index].Output;
        var compiled = _compiled[output];
        var values = compiled.Select(term =>
        {
            var v = new double[count];
            term.EvaluateBatch(inputs, count, v);
            return v;
        }).ToArray();
        var total = new double[count];
        foreach (var v in values)
            for (int i = 0; i < count; i++) total[i] += Math.Abs(v[i]);
        var fits = new List<(int[], double[], double[])>();
        for (int k = 0; k < compiled.Length; k++)
        {
            var v = values[k];
            fits.Add((Kept(_terms[output][k]!, map).Order().ToArray(),
                v.Select(x => Math.Log(Math.Abs(x))).ToArray(),
                v.Select((x, i) => total[i] > 0 ? Math.Abs(x) / total[i] : 0).ToArray()));
        }
        return network.StartMagnitudeAdditive(index, parameters, features, count, fits);
    }

    /// <summary>The features a term's unit reads: the log features of its inputs (all features of an input without one).</summary>
    private static HashSet<int> Kept(int[] term, FeatureMap map)
    {
        var logged = map.Features.Where(IsLog).Select(x => x.Input).ToHashSet();
        return Enumerable.Range(0, map.Count)
            .Where(a => term.Contains(map.Features[a].Input) && (IsLog(map.Features[a]) || !logged.Contains(map.Features[a].Input))).ToHashSet();
    }

    /// <summary>log x or log |x| of one input: over these a unit is a power law of the input.</summary>
    private static bool IsLog(Feature feature) => feature.Kind is FeatureKind.Log or FeatureKind.LogMagnitude;

    /// <summary>Sets the <see cref="Frozen"/> weights to zero: after every (re-)initialisation.</summary>
    public void Restrict(MagnitudeShapeNetwork network, FeatureMap map, Span<double> parameters)
    {
        foreach (var (offset, length) in Frozen(network, map)) parameters.Slice(offset, length).Clear();
    }

    /// <summary><paramref name="ranges"/> without the parameters in <paramref name="frozen"/> (single parameters or ranges), in order.</summary>
    public static (int Offset, int Length)[] Without(IEnumerable<(int Offset, int Length)> ranges, IReadOnlyList<(int Offset, int Length)> frozen)
    {
        var held = new HashSet<int>(frozen.SelectMany(r => Enumerable.Range(r.Offset, r.Length)));
        var free = new List<(int, int)>();
        foreach (var (offset, length) in ranges)
        {
            int start = -1;
            for (int i = offset; i <= offset + length; i++)
            {
                bool moving = i < offset + length && !held.Contains(i);
                if (moving && start < 0) start = i;
                else if (!moving && start >= 0)
                {
                    free.Add((start, i - start));
                    start = -1;
                }
            }
        }
        return free.ToArray();
    }

    /// <summary>Each term's inputs when the definition is a sum of <see cref="MinTerms"/> to <see cref="MaxTerms"/> monomials of one common sign over the sample; else none.</summary>
    private static (int[]?[] Inputs, CompiledExpression[] Compiled) Monomials(Expr definition, IReadOnlyList<string> inputs, ReadOnlySpan<double> sample, int count)
    {
        var terms = AdditiveTerms.Signed(definition);
        if (terms.Count < MinTerms || terms.Count > MaxTerms || !terms.All(t => IsMonomial(t.Term))) return ([], []);
        var values = new double[count];
        var compiled = terms.Select(t => t.Term.Compile(inputs)).ToArray();
        int sign = 0;
        for (int k = 0; k < terms.Count; k++)
        {
            compiled[k].EvaluateBatch(sample, count, values);
            bool positive = values.All(v => v >= 0), negative = values.All(v => v <= 0);
            if (!values.All(double.IsFinite) || positive == negative) return ([], []);
            int s = terms[k].Sign * (positive ? 1 : -1);
            if (sign != 0 && s != sign) return ([], []);
            sign = s;
        }
        return (terms.Select(t => t.Term.Variables.Select(v => inputs.ToList().IndexOf(v)).ToArray()).ToArray(), compiled);
    }

    /// <summary>A constant times powers (constant exponents) of variables: a power law, exact for one unit over log features.</summary>
    private static bool IsMonomial(Expr e) => e switch
    {
        // A named constant (pi, e) is a coefficient like a number: the irradiance of 8 lamps, sum P_i / (4*pi*r_i**2).
        NumberExpr or ConstantExpr or VariableExpr => true,
        UnaryExpr unary => IsMonomial(unary.Operand),
        BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } b => IsMonomial(b.Left) && IsMonomial(b.Right),
        BinaryExpr { Operator: BinaryOperator.Power, Right: NumberExpr } b => IsMonomial(b.Left),
        _ => false,
    };
}
