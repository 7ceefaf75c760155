using EqNet.Expressions;

namespace EqNet.Models;

/// <summary>One output computed from an equation rather than predicted by the network.</summary>
/// <param name="Name">The output's name.</param>
/// <param name="Equation">The equation it is isolated from (0-based index into the problem's equations).</param>
/// <param name="Value">Its value: an expression of the inputs, the network's outputs and outputs computed before it.</param>
/// <param name="Structure">How it is produced, in words (e.g. "computed from equation 3 after the network's V1").</param>
public sealed record ComputedOutput(string Name, int Equation, Expr Value, string Structure);

/// <summary>
/// The outputs of a model that are computed, in order, from the equations after the network has predicted the learned
/// ones (tearing). The model's outputs are the problem's, in the problem's order;
/// the network's are the learned subset.
/// </summary>
public sealed class ComputedOutputs
{
    private readonly CompiledExpression[] _compiled;
    private readonly int[] _learnedAt;
    private readonly int[] _computedAt;

    /// <summary>Creates the sequence; each value may read the inputs, the learned outputs and the outputs computed before it.</summary>
    /// <param name="inputs">The model's input names, in order.</param>
    /// <param name="outputs">All output names, in the problem's order.</param>
    /// <param name="learned">The network's outputs, in the network's order (a subset of <paramref name="outputs"/>).</param>
    /// <param name="steps">The computed outputs, in evaluation order; together with <paramref name="learned"/>, every output once.</param>
    /// <exception cref="ArgumentException">The outputs are not covered once each, or a value reads something it cannot.</exception>
    public ComputedOutputs(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<string> learned, IReadOnlyList<ComputedOutput> steps)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(steps);
        var all = learned.Concat(steps.Select(s => s.Name)).ToArray();
        if (all.Length != outputs.Count || !all.Order(StringComparer.Ordinal).SequenceEqual(outputs.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            throw new ArgumentException($"the learned ({string.Join(", ", learned)}) and computed ({string.Join(", ", steps.Select(s => s.Name))}) outputs are not the outputs ({string.Join(", ", outputs)}), each once", nameof(steps));
        Inputs = inputs;
        Outputs = outputs;
        Learned = learned;
        Steps = steps;
        // Row layout: inputs, learned outputs, computed outputs in evaluation order.
        var variables = inputs.Concat(learned).Concat(steps.Select(s => s.Name)).ToArray();
        _compiled = new CompiledExpression[steps.Count];
        for (int s = 0; s < steps.Count; s++)
        {
            var before = variables[..(inputs.Count + learned.Count + s)];
            if (steps[s].Value.Variables.FirstOrDefault(v => !before.Contains(v)) is { } unknown)
                throw new ArgumentException($"the value of {steps[s].Name} reads '{unknown}', which is not known before it", nameof(steps));
            // Compiled over the whole row: later columns are there but not read.
            _compiled[s] = steps[s].Value.Compile(variables);
        }
        _learnedAt = [.. learned.Select(n => IndexOf(outputs, n))];
        _computedAt = [.. steps.Select(s => IndexOf(outputs, s.Name))];
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }

    /// <summary>The input names, in order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>All outputs, in the problem's order.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The network's outputs, in the network's order.</summary>
    public IReadOnlyList<string> Learned { get; }

    /// <summary>The computed outputs, in evaluation order.</summary>
    public IReadOnlyList<ComputedOutput> Steps { get; }

    /// <summary>
    /// How step <paramref name="index"/> of <paramref name="steps"/> is produced: computed from its equation after the
    /// learned outputs it reads, directly or through earlier steps (none: from the inputs only).
    /// </summary>
    public static OutputStructure StructureOf(IReadOnlyList<string> learned, IReadOnlyList<(string Name, int Equation, Expr Value)> steps, int index)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(steps);
        var reads = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Expr>([steps[index].Value]);
        while (pending.Count > 0)
        {
            foreach (string v in pending.Pop().Variables)
            {
                if (!reads.Add(v)) continue;
                for (int k = 0; k < index; k++) if (steps[k].Name == v) pending.Push(steps[k].Value);
            }
        }
        var network = learned.Where(reads.Contains).Order(StringComparer.Ordinal).ToArray();
        return new OutputStructure(steps[index].Name, OutputStructureKind.ComputedFromEquation, "isolated from its equation (tearing)",
            [steps[index].Equation + 1], steps[index].Value.ToString(), network);
    }

    /// <summary>"computed from equation k after the network's X, Y" for step <paramref name="index"/> of <paramref name="steps"/> (<see cref="StructureOf"/>, described).</summary>
    public static string Sentence(IReadOnlyList<string> learned, IReadOnlyList<(string Name, int Equation, Expr Value)> steps, int index) =>
        StructureOf(learned, steps, index).Describe();

    /// <summary>How computed output <paramref name="name"/> is produced, or null when the network predicts it.</summary>
    public OutputStructure? Structure(string name)
    {
        int index = -1;
        for (int k = 0; k < Steps.Count; k++) if (Steps[k].Name == name) index = k;
        return index < 0 ? null : StructureOf(Learned, [.. Steps.Select(s => (s.Name, s.Equation, s.Value))], index);
    }

    /// <summary>How output <paramref name="name"/> is produced: its step's description, or "network".</summary>
    public string Describe(string name) => Steps.FirstOrDefault(s => s.Name == name)?.Structure ?? "network";

    /// <summary>
    /// All outputs (row-major count x <see cref="Outputs"/>) from the inputs (count x <see cref="Inputs"/>) and the
    /// network's outputs (count x <see cref="Learned"/>): the learned copied, the computed evaluated in order.
    /// </summary>
    public void Evaluate(ReadOnlySpan<double> inputs, ReadOnlySpan<double> learned, int count, Span<double> outputs)
    {
        int d = Inputs.Count, l = Learned.Count, c = Steps.Count, o = Outputs.Count, width = d + l + c;
        var rows = new double[count * width];
        for (int i = 0; i < count; i++)
        {
            inputs.Slice(i * d, d).CopyTo(rows.AsSpan(i * width, d));
            learned.Slice(i * l, l).CopyTo(rows.AsSpan(i * width + d, l));
        }
        var column = new double[count];
        for (int s = 0; s < c; s++)
        {
            _compiled[s].EvaluateBatch(rows, count, column);
            for (int i = 0; i < count; i++) rows[i * width + d + l + s] = column[i];
        }
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < l; k++) outputs[i * o + _learnedAt[k]] = rows[i * width + d + k];
            for (int s = 0; s < c; s++) outputs[i * o + _computedAt[s]] = rows[i * width + d + l + s];
        }
    }
}
