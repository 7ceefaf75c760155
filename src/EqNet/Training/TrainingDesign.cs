using EqNet.Features;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Structure;

namespace EqNet.Training;

/// <summary>
/// What a training run of a problem starts from, decided once before its first step: whether an algebraic loop is torn
/// (and then the design of the reduced problem the network learns), the design sample, the compiled system, and the
/// features, heads and network chosen on the sample, with each output's structure and the rule and equation it came from
/// (<see cref="OutputStructure"/>). The design print and <see cref="Trainer.Train(TrainingDesign, Action{TrainingProgress}?, Action{EqNetModel}?, CancellationToken)"/>
/// read the same object, so what is shown is what trains, and nothing is analysed, compiled or solved twice.
/// </summary>
/// <remarks>
/// Immutable once made: a run reads it and keeps its own weights, so one design can start several runs, each as a run
/// from the problem and options alone would (same seed, same model to the bit).
/// </remarks>
public sealed class TrainingDesign
{
    private TrainingDesign(Problem problem, TrainingOptions options, EqNetModel model)
    {
        Problem = problem;
        Options = options;
        Model = model;
    }

    /// <summary>The problem designed for.</summary>
    public Problem Problem { get; }

    /// <summary>The resolved settings the design was made with, and a run from it uses.</summary>
    public TrainingOptions Options { get; }

    /// <summary>
    /// The untrained model: features, network with its initial weights (or a grown model's kept ones), and how each output
    /// is produced. A resumed run trains the model it continues from; this is still the fresh design, as printed.
    /// </summary>
    public EqNetModel Model { get; }

    /// <summary>
    /// The blocks, matching and torn unknowns of the algebraic loop the network is trained under (<see cref="Tearing"/>), as
    /// text, or null when the problem is trained as it is.
    /// </summary>
    public string? TearingDump => Torn?.Dump();

    /// <summary>The tearing the run trains under, or null.</summary>
    internal SystemStructure? Torn { get; private init; }

    /// <summary>Under <see cref="Torn"/>: the design of the reduced problem (learned unknowns, residual equations).</summary>
    internal TrainingDesign? Reduced { get; private init; }

    /// <summary>Under <see cref="Torn"/>: the outputs computed from their equations after the network's.</summary>
    internal ComputedOutputs? Computed { get; private init; }

    /// <summary>The problem's equations compiled, shared by the design's checks and the run (null for data-only problems and under <see cref="Torn"/>).</summary>
    internal CompiledSystem? System { get; private init; }

    /// <summary>What the network is built from (null for data-only and mixed problems and under <see cref="Torn"/>).</summary>
    internal NetworkDesign? Network { get; private init; }

    /// <summary>
    /// The design of a run of <paramref name="problem"/> with <paramref name="options"/>: the choice
    /// <see cref="Trainer.Train(Problem, TrainingOptions, Action{TrainingProgress}?, Action{EqNetModel}?, CancellationToken)"/>
    /// makes, made once.
    /// </summary>
    /// <exception cref="TrainingSetupException">The network would not fit in memory (what to shrink).</exception>
    public static TrainingDesign Of(Problem problem, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (problem.IsDataOnly) return new(problem, options, DataTraining.Design(problem, options));
        if (problem.DataOutputs.Count > 0) return new(problem, options, DataTraining.DesignMixed(problem, options));
        var system = new CompiledSystem(problem);
        if (StructuredTraining.Of(problem, options, system) is { } structure)
        {
            var reduced = Of(ReducedProblem.Of(problem, structure), options with { Tearing = false });
            var computed = StructuredTraining.Outputs(problem, structure);
            return new(problem, options, StructuredTraining.Whole(reduced.Model, problem, computed)) { Torn = structure, Reduced = reduced, Computed = computed };
        }
        var network = Trainer.Build(problem, options, system, new Random(options.Seed));
        return new(problem, options, Trainer.Untrained(problem, options, network)) { System = system, Network = network };
    }
}

/// <summary>
/// The parts of a network design the trainer starts from: the design sample (row-major count x inputs, drawn first from
/// the run's generator), the features, the network (initial weights aside), the additive units and each output's structure.
/// </summary>
internal sealed record NetworkDesign(double[] Sample, FeatureMap Map, MagnitudeShapeNetwork Network, AdditiveUnits Additive, OutputStructure[] Structure);
