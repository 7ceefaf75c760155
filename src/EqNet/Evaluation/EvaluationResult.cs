namespace EqNet.Evaluation;

/// <summary>A model measured on a held-out sample: the headline summaries and the per-point data behind them.</summary>
/// <param name="Problem">Problem name.</param>
/// <param name="Samples">Held-out points.</param>
/// <param name="Seed">Seed the held-out points were drawn with.</param>
/// <param name="Overall">Scale-relative error of the worst equation per point.</param>
/// <param name="Equations">Per equation: its text and scale-relative error.</param>
/// <param name="Outputs">Per output: R^2 against reference values, where there are any.</param>
/// <param name="Points">Per-point data, for plots.</param>
/// <param name="Newton">How Newton fared polishing the predictions into exact solutions (the reference values).</param>
public sealed record EvaluationResult(string Problem, int Samples, int Seed, ErrorSummary Overall,
    IReadOnlyList<EquationResult> Equations, IReadOnlyList<OutputResult> Outputs, EvaluationPoints Points, NewtonCheck Newton)
{
    /// <summary>Where the worst 1 % of the points lie and what they are near; null when no point has an error above 0.</summary>
    public WorstRegion? WorstRegion { get; init; }

    /// <summary>The largest errors a search from the worst held-out points found (<see cref="WorstCaseSearch"/>), or null when not searched.</summary>
    public WorstCase? WorstCase { get; init; }

    /// <summary>For a model with Newton steps after its network, the same points measured before the steps; else null.</summary>
    public NetworkAlone? NetworkAlone { get; init; }
}

/// <summary>A refined model's network measured without its Newton steps (see <see cref="Models.NewtonRefinement"/>), and where the steps stopped short.</summary>
/// <param name="Overall">The worst equation's scale-relative error per point, summarised, before the steps.</param>
/// <param name="Refinement">What the steps are ("up to 2 Newton steps on equation 1").</param>
/// <param name="Missed">Held-out points the steps left above <see cref="Evaluator.MissedResidual"/> (not at their root).</param>
public sealed record NetworkAlone(ErrorSummary Overall, string Refinement, int Missed)
{
    /// <summary>Of the network's unknowns, the one whose start was furthest from the root at the missed points (median), or null when none was missed.</summary>
    public string? FarthestStart { get; init; }

    /// <summary>That unknown's median start error there, as its root error is measured (relative, or to its scale).</summary>
    public double? FarthestStartError { get; init; }

    /// <summary>The equations the steps solve, numbered from 1.</summary>
    public IReadOnlyList<int> Equations { get; init; } = [];

    /// <summary>One line: where the steps stopped short, or that they reached every point.</summary>
    public string Describe(int samples) => Missed == 0
        ? $"the Newton steps took every one of the {samples:N0} points to its root (residual <= {Evaluator.MissedResidual:0e0})"
        : $"the Newton steps stopped short at {Missed:N0} of {samples:N0} points (residual > {Evaluator.MissedResidual:0e0}; equations {string.Join(", ", Equations)})" +
          (FarthestStart is { } name && FarthestStartError is { } e
              ? $": the network's start there is furthest from the root in {name} (median error {e.ToString("0.0e0", System.Globalization.CultureInfo.InvariantCulture)}); more training, or a wider network, moves it into Newton's basin"
              : "");
}

/// <summary>Newton's polish of the predictions, started from them.</summary>
/// <param name="ConvergedFraction">Share of points where Newton converged.</param>
/// <param name="FarRootFraction">Share of points where it converged to a root more than 10% from the prediction (relative to the root, or to a thousandth of the output's typical magnitude near zero crossings): another root, or a bad prediction there.</param>
/// <param name="UnconvergedExample">An input point where Newton did not converge, or null.</param>
/// <param name="FarRootExample">An input point with a far root, or null.</param>
public sealed record NewtonCheck(double ConvergedFraction, double FarRootFraction, string? UnconvergedExample, string? FarRootExample);

/// <summary>One equation's error summary.</summary>
/// <param name="Equation">The equation as written in the problem file.</param>
/// <param name="ScaleRelativeError">|lhs - rhs| / S over the held-out points.</param>
public sealed record EquationResult(string Equation, ErrorSummary ScaleRelativeError);

/// <summary>One output's fit against reference values.</summary>
/// <param name="Name">Output name.</param>
/// <param name="R2">Coefficient of determination, or null without reference values.</param>
/// <param name="RootRelativeError">The root error against reference values, or null without them: |yhat - y*| / max(|y*|,
/// tiny) (root-relative), or |yhat - y*| / scale for an output that crosses zero or has a <c>scale:</c>
/// (<see cref="RootErrorKind"/> says which).</param>
public sealed record OutputResult(string Name, double? R2, ErrorSummary? RootRelativeError)
{
    /// <summary>What <see cref="RootRelativeError"/> divides by.</summary>
    public RootErrorKind RootErrorKind { get; init; } = RootErrorKind.RootRelative;

    /// <summary>The scale a scale-relative root error divides by (output units); null for a root-relative one.</summary>
    public double? RootErrorScale { get; init; }

    /// <summary>How the model produces this output (see <see cref="Models.OutputStructure"/>); null when not known.</summary>
    public Models.OutputStructure? Structure { get; init; }
}

/// <summary>Per-point data of an evaluation (row-major arrays).</summary>
/// <param name="Inputs">n x inputs.</param>
/// <param name="Predicted">n x outputs.</param>
/// <param name="Reference">n x outputs, NaN where no reference value is known.</param>
/// <param name="EquationErrors">n x equations.</param>
/// <param name="OverallErrors">n.</param>
public sealed record EvaluationPoints(double[] Inputs, double[] Predicted, double[] Reference, double[] EquationErrors, double[] OverallErrors);
