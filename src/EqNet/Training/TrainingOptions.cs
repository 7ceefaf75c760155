using EqNet.Models;
using EqNet.Problems;

namespace EqNet.Training;

/// <summary>Settings of a training run; every field has a default that works on the example problems.</summary>
public sealed record TrainingOptions
{
    /// <summary>Wall-clock budget in seconds for the whole run.</summary>
    public double TimeBudgetSeconds { get; init; } = 60;

    /// <summary>Maximum optimiser iterations (all stages), or null for no limit.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Seed for initialisation and sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Worker threads; 0 means one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Hidden widths of each sub-network; null sizes them from the problem (see <see cref="NetworkSizing.Hidden"/>).</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    /// <summary>Power-law (log-sum-exp) units in each magnitude.</summary>
    public int PowerUnits { get; init; } = 4;

    /// <summary>
    /// Log-sum-exp units subtracted from each magnitude of an output that no equation defines outright (a sum of power
    /// laws in the denominator: roots of implicit equations are often ratios). Explicit outputs get their magnitude's
    /// shape from their equation's terms and have none.
    /// </summary>
    public int DenominatorUnits { get; init; } = 2;

    /// <summary>Additive power-law terms in each magnitude.</summary>
    public int PowerTerms { get; init; } = 2;

    /// <summary>Whether outputs without an explicit definition see the explicitly defined outputs' predictions.</summary>
    public bool ChainOutputs { get; init; } = true;

    /// <summary>
    /// Whether the scales of those features (where log sqrt(y^2 + s^2) bends) are learned rather than fixed at fractions
    /// of y's typical size.
    /// </summary>
    public bool LearnedScales { get; init; } = true;

    /// <summary>
    /// Whether an explicitly defined output that changes sign gets the head y = exp(m) - exp(m') (its positive and
    /// negative terms) instead of y = exp(m) * t.
    /// </summary>
    public bool DifferenceHeads { get; init; } = true;

    /// <summary>
    /// Whether an implicitly defined free output that crosses zero where the equations ask for an absolute precision gets
    /// the head y = c + h * t instead of y = exp(m) * t (see <see cref="AffineHeads"/>).
    /// </summary>
    public bool AffineHeads { get; init; } = true;

    /// <summary>
    /// Whether a free output whose definition has a factor that changes sign or vanishes gets a head that multiplies by
    /// that factor, and a root's or inverse sine's argument near its singular point gets its log as a feature (see
    /// <see cref="Symbolic.ZeroStructure"/>).
    /// </summary>
    public bool ZeroStructure { get; init; } = true;

    /// <summary>
    /// Whether the factors of an explicit definition that are neither inputs nor power laws of them (a relativistic
    /// <c>1 - v^2/c^2</c>, a difference of squares, a <c>tanh</c>) get their logs as features, so a product of powers
    /// of them is exact in one log-sum-exp unit (see <see cref="Symbolic.ZeroStructure.LogFactors"/>). Needs
    /// <see cref="ZeroStructure"/>.
    /// </summary>
    public bool LogFactors { get; init; } = true;

    /// <summary>
    /// Whether implicit outputs with a closed form the equations give (a quadratic's root, an angle of a trigonometric
    /// system; found after substituting the outputs other equations define linearly, and checked against Newton's
    /// solutions) take it as their factor, y = exp(m) u, and quadratics' coefficients and discriminants give log features
    /// (see <see cref="Symbolic.ClosedFormRoots"/>). Needs <see cref="ZeroStructure"/>.
    /// </summary>
    public bool ClosedForms { get; init; } = true;

    /// <summary>
    /// <see cref="StructureMode.Auto"/>: read the equations as the flags above allow (and the periodic envelopes,
    /// additive units, chained outputs and features of the equations' arguments, which have no flag of their own).
    /// <see cref="StructureMode.None"/>: none of it, whatever the flags say; the network alone on the inputs' own features
    /// (<c>model: {structure: none}</c>, <c>--structure none</c>), to measure what the reading adds.
    /// </summary>
    public StructureMode Structure { get; init; } = StructureMode.Auto;

    /// <summary>Whether the model reads the equations' structure (<see cref="Structure"/> is <see cref="StructureMode.Auto"/>).</summary>
    public bool ReadsEquations => Structure == StructureMode.Auto;

    /// <summary>
    /// Whether a system with an algebraic loop is matched, sorted into BLT order and torn before training (see
    /// <see cref="EqNet.Structure.Tearing"/>): the network then learns the torn unknowns (and any no equation isolates) and the
    /// others are computed from their equations after it. Systems without a loop are trained as they are either way.
    /// </summary>
    public bool Tearing { get; init; } = true;

    /// <summary>
    /// Most Newton steps the model takes on the equations after its network (<see cref="Models.NewtonRefinement"/>):
    /// null chooses (<see cref="NewtonStepsChoice"/>: where the network's outputs are all unknowns no equation gives
    /// explicitly and the structure is read, the fewest steps that reach the held-out floor); 0 never.
    /// </summary>
    public int? NewtonSteps { get; init; }

    /// <summary>
    /// Start the first magnitude start from the linear least-squares fit of its targets on the features (see
    /// <see cref="Models.MagnitudeShapeNetwork.StartMagnitudeLinear"/>); off: every start random, as before.
    /// </summary>
    public bool LinearStart { get; init; } = true;

    /// <summary>
    /// Largest fit Levenberg-Marquardt trains with exact steps (its normal matrix is parameters squared); larger fits, or
    /// fits whose normal matrix the budget cannot afford (see <see cref="NetworkSizing.ExactLimit"/>), take
    /// conjugate-gradient steps.
    /// </summary>
    public int MaxParameters { get; init; } = 5000;

    /// <summary>
    /// Largest Jacobian (points x parameters) any fit may hold: 4e8 float64 values are 3.2 GB, twice over with the
    /// network's own per-output Jacobian.
    /// </summary>
    public long MaxJacobianEntries { get; init; } = 400_000_000;

    /// <summary>Training points per Levenberg-Marquardt batch.</summary>
    public int TrainingPoints { get; init; } = 4000;

    /// <summary>Held-out points that choose the best checkpoint (drawn from the stated distribution, own seed).</summary>
    public int ValidationPoints { get; init; } = 20000;

    /// <summary>Iterations between validations.</summary>
    public int ValidateEvery { get; init; } = 10;

    /// <summary>Iterations between training-set refreshes.</summary>
    public int RefreshEvery { get; init; } = 30;

    /// <summary>Share of a refreshed training set taken from the worst points of a larger pool.</summary>
    public double HardShare { get; init; } = 0.25;

    /// <summary>
    /// Whether points on the faces, edges and corners of the input box compete for the hard share (see
    /// <see cref="TrainingSampler.SampleEdges"/>): the worst points of a trained model sit there more often than not.
    /// </summary>
    public bool EdgeCandidates { get; init; } = true;

    /// <summary>Share of the budget the fit to reference solutions may take after the magnitude pre-fit, for coupled or implicit systems.</summary>
    public double ReferenceShare { get; init; } = 0.15;

    /// <summary>Initialisations each magnitude's pre-fit tries before it keeps the best (see the trainer).</summary>
    public int MagnitudeStarts { get; init; } = 2;

    /// <summary>Share of the budget the magnitude pre-fit may use.</summary>
    public double MagnitudeShare { get; init; } = 0.25;

    /// <summary>
    /// Validations of the final phase over which <see cref="ConvergenceRule"/> measures the improvement of the held-out
    /// p99, or 0 to train to the budget or step limit. Ten validations are 100 iterations, about 10 s on the seed here.
    /// </summary>
    public int ConvergenceWindow { get; init; } = 10;

    /// <summary>Relative improvement over the window below which training counts as flat and stops (see <see cref="ConvergenceRule"/>).</summary>
    public double ConvergenceFlatGain { get; init; } = 0.01;

    /// <summary>
    /// Relative improvement the rest of the budget must promise, at the window's pace, for training to go on. At 0.25 the
    /// seed stops after about 20 s of its 60 with p99 within about 10 % of where the full budget takes it.
    /// </summary>
    public double ConvergenceWorthwhileGain { get; init; } = 0.25;

    /// <summary>
    /// Most correction stages fitted after the network (see <see cref="Models.CorrectionStages"/>); 0: the network alone,
    /// as before. Each stage is kept only where it lowers the held-out p99.
    /// </summary>
    public int MaxCorrectionStages { get; init; } = 3;

    /// <summary>
    /// Share of the budget (or of the step limit) left to the correction stages when the network's own fit has not
    /// levelled off before: see docs/decisions/0003-correction-stages.md for the measurements behind it.
    /// </summary>
    public double CorrectionShare { get; init; } = 0.35;

    /// <summary>Hidden widths of each correction stage's networks; null: one layer of 48.</summary>
    public IReadOnlyList<int>? StageHidden { get; init; }

    /// <summary>
    /// A model to continue from (<c>eqnet train --resume</c>): its features, network and parameters are kept and the
    /// pre-fits are skipped; it must have been trained for the same problem. Null: start from scratch.
    /// </summary>
    public EqNetModel? InitialModel { get; init; }

    /// <summary>The run folder <see cref="InitialModel"/> came from, recorded in metrics.json as <c>resumed_from</c>.</summary>
    public string? ResumedFrom { get; init; }

    /// <summary>
    /// A model of an earlier version of the problem to grow from (<c>eqnet train --from</c>): its outputs keep their trained
    /// parts, frozen unless <see cref="Growth.FineTune"/>, and only the new outputs are pre-fitted and trained. Null: from scratch.
    /// </summary>
    public Growth? GrowFrom { get; init; }

    /// <summary>Most times a run restores its best weights after a non-finite loss before it stops as "diverged".</summary>
    public int MaxRecoveries { get; init; } = 5;

    /// <summary>
    /// Tests only: called with the residual fit's iteration count and the live parameters after each of its iterations,
    /// so a test can make the weights non-finite and watch the recovery. No real problem reaches that path on demand.
    /// </summary>
    internal Action<int, double[]>? AfterIteration { get; init; }

    /// <summary>Memory the Jacobian (points x parameters) and J^T J (parameters^2) may take, in bytes; 0: 3/4 of what the process may use.</summary>
    public long MemoryLimitBytes { get; init; }
}
