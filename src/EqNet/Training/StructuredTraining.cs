using EqNet.Models;
using EqNet.Problems;
using EqNet.Structure;

namespace EqNet.Training;

/// <summary>
/// Training under a system's structure: where <see cref="Tearing"/> finds an algebraic loop, the network is trained on
/// the <see cref="ReducedProblem"/> (the learned unknowns and the residual equations) with the trainer unchanged, and the
/// model it returns computes the other unknowns from their equations after the network's outputs.
/// </summary>
internal static class StructuredTraining
{
    /// <summary>
    /// The structure a run of <paramref name="problem"/> trains under, or null to train it as it is: tearing off, no loop,
    /// or a model to continue from that was trained without it.
    /// </summary>
    public static SystemStructure? Of(Problem problem, TrainingOptions options)
    {
        if (!options.Tearing || !options.ReadsEquations || problem.Equations.Count == 0) return null;
        var structure = Tearing.Of(problem);
        if (!structure.Applies) return null;
        if (options.InitialModel is { } initial && !(initial.Computed?.Learned.SequenceEqual(structure.Learned, StringComparer.Ordinal) ?? false)) return null;
        return structure;
    }

    /// <summary>The computed outputs of <paramref name="problem"/> under <paramref name="structure"/>, each with how it is produced.</summary>
    public static ComputedOutputs Outputs(Problem problem, SystemStructure structure) =>
        new(problem.InputNames, problem.OutputNames, structure.Learned,
            [.. structure.Computed.Select(s => new ComputedOutput(s.Unknown, s.Equation, s.Value, structure.Describe(s.Unknown)))]);

    /// <summary>The reduced problem's network as a model of the whole problem.</summary>
    public static EqNetModel Whole(EqNetModel learned, Problem problem, ComputedOutputs computed) =>
        new(problem, learned.Features, learned.Network, learned.Parameters, computed, learned.NetworkStructure);

    /// <summary>A whole model's network as a model of the reduced problem (to continue training it).</summary>
    public static EqNetModel Learned(EqNetModel whole, Problem reduced) => new(reduced, whole.Features, whole.Network, whole.Parameters, structure: whole.NetworkStructure);
}
