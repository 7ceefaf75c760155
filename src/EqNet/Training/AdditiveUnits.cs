using EqNet.Expressions;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Scaling;

namespace EqNet.Training;

/// <summary>
/// Where an output's explicit definition is a sum of many monomials of one sign (c times powers of inputs, such as the
/// kinetic energy of 16 bodies, sum m_i v_i^2 / 2, or a sum of 64 squares), its magnitude gets one log-sum-exp unit a
/// term, and unit k starts on the features of term k's inputs alone. Over log features a unit is a power law, so exp(m)
/// can be the sum itself; the start tells each unit which inputs its term reads, the exponents and the coefficient are
/// learned. The equation is read at design time, as for the periodic features; the network still reads only inputs.
/// </summary>
/// <remarks>
/// Why: a few units (a soft maximum) plus an MLP over 100 features follow a sum of 16 products only roughly
/// (kinetic-energy-32, 60 fixed steps: held-out p99 0.24), and with a unit a term but a random start, LM has to find
/// which unit takes which term among 16! symmetric ways (p99 0.18).
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

    private AdditiveUnits(int[]?[][] terms) => _terms = terms;

    /// <summary>Per output, the input indices of each term (null for an output without the structure).</summary>
    public IReadOnlyList<IReadOnlyList<int[]?>> Terms => _terms;

    /// <summary>Whether any output has the structure.</summary>
    public bool Any => _terms.Any(t => t.Length > 0);

    /// <summary>Units a magnitude needs: the most terms of any output with the structure, at least <paramref name="defaultUnits"/>.</summary>
    public int Units(int defaultUnits) => Math.Max(defaultUnits, _terms.Max(t => t.Length));

    /// <summary>Reads each output's definition; <paramref name="sample"/> (row-major count x inputs) is where the terms' signs are checked.</summary>
    public static AdditiveUnits Of(Problem problem, ReadOnlySpan<double> sample, int count)
    {
        var definitions = new ExplicitDefinitions(problem);
        var inputs = problem.InputNames;
        var terms = new int[]?[problem.Outputs.Count][];
        for (int j = 0; j < terms.Length; j++)
            terms[j] = definitions.Definition(j) is { } definition ? Monomials(definition, inputs, sample, count) : [];
        return new AdditiveUnits(terms);
    }

    /// <summary>
    /// Zeroes, in each magnitude of an output with the structure, unit k's weights on features of inputs outside term k:
    /// call after every (re-)initialisation of those magnitudes.
    /// </summary>
    public void Restrict(MagnitudeShapeNetwork network, FeatureMap map, Span<double> parameters)
    {
        for (int index = 0; index < network.MagnitudeOwners.Count; index++) Restrict(network, map, parameters, index);
    }

    /// <summary><see cref="Restrict(MagnitudeShapeNetwork, FeatureMap, Span{double})"/> for magnitude <paramref name="index"/> alone.</summary>
    public void Restrict(MagnitudeShapeNetwork network, FeatureMap map, Span<double> parameters, int index)
    {
        var (output, _) = network.MagnitudeOwners[index];
        var terms = _terms[output];
        // Only a magnitude over all the shared features, in their order, has unit weights that line up with the map.
        if (terms.Length == 0 || network.FeatureSubsets[output] is not null || network.Upstream[output].Count > 0 || network.LearnedScales) return;
        int f = network.FeatureCount, stride = f + 1;
        int units = network.MagnitudeParameterRanges[index].Offset + new DenseNetwork(f, network.Hidden).ParameterCount;
        for (int k = 0; k < terms.Length && k < network.LogSumExpUnitCount; k++)
            for (int a = 0; a < f; a++)
                if (!terms[k]!.Contains(map.Features[a].Input)) parameters[units + k * stride + a] = 0;
    }

    /// <summary>Each term's inputs when the definition is a sum of <see cref="MinTerms"/> to <see cref="MaxTerms"/> monomials of one common sign over the sample; else none.</summary>
    private static int[]?[] Monomials(Expr definition, IReadOnlyList<string> inputs, ReadOnlySpan<double> sample, int count)
    {
        var terms = AdditiveTerms.Signed(definition);
        if (terms.Count < MinTerms || terms.Count > MaxTerms || !terms.All(t => IsMonomial(t.Term))) return [];
        var values = new double[count];
        int sign = 0;
        foreach (var (term, termSign) in terms)
        {
            term.Compile(inputs).EvaluateBatch(sample, count, values);
            bool positive = values.All(v => v >= 0), negative = values.All(v => v <= 0);
            if (!values.All(double.IsFinite) || positive == negative) return [];
            int s = termSign * (positive ? 1 : -1);
            if (sign != 0 && s != sign) return [];
            sign = s;
        }
        return terms.Select(t => t.Term.Variables.Select(v => inputs.ToList().IndexOf(v)).ToArray()).ToArray();
    }

    /// <summary>A constant times powers (constant exponents) of variables: a power law, exact for one unit over log features.</summary>
    private static bool IsMonomial(Expr e) => e switch
    {
        NumberExpr or VariableExpr => true,
        UnaryExpr unary => IsMonomial(unary.Operand),
        BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } b => IsMonomial(b.Left) && IsMonomial(b.Right),
        BinaryExpr { Operator: BinaryOperator.Power, Right: NumberExpr } b => IsMonomial(b.Left),
        _ => false,
    };
}
