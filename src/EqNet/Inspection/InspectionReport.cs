namespace EqNet.Inspection;

/// <summary>What EqNet sees in a problem before training: inputs, equations, outputs, and warnings with fixes.</summary>
/// <param name="Problem">Problem name.</param>
/// <param name="Samples">Points of the stated domain the figures come from.</param>
/// <param name="Inputs">One entry per input.</param>
/// <param name="Equations">One entry per equation.</param>
/// <param name="Outputs">One entry per output.</param>
/// <param name="Warnings">Everything worth a second look, most important first.</param>
/// <param name="Structure">The system's matching, BLT blocks and tearing (see <see cref="Structure.Tearing"/>).</param>
/// <param name="StructureUsed">Whether training uses it: the network learns the torn unknowns and the rest are computed.</param>
public sealed record InspectionReport(string Problem, int Samples, IReadOnlyList<InputReport> Inputs,
    IReadOnlyList<EquationReport> Equations, IReadOnlyList<OutputReport> Outputs, IReadOnlyList<InspectionWarning> Warnings,
    Structure.SystemStructure? Structure = null, bool StructureUsed = false);

/// <summary>An input as sampled.</summary>
/// <param name="Name">Input name.</param>
/// <param name="Min">Smallest value sampled.</param>
/// <param name="Max">Largest value sampled.</param>
/// <param name="Decades">log10(max / min) when the input is positive, else null.</param>
/// <param name="Sampling">uniform, log or integer.</param>
/// <param name="Bounds">The bounds as written (expressions of earlier inputs allowed).</param>
/// <param name="Features">The network features EqNet derives from this input.</param>
public sealed record InputReport(string Name, double Min, double Max, double? Decades, string Sampling, string Bounds, IReadOnlyList<string> Features);

/// <summary>An equation's terms over the domain.</summary>
/// <param name="Equation">The equation as written.</param>
/// <param name="Terms">Each top-level additive term with the range of its magnitude.</param>
/// <param name="TermScale">Range of S, the sum of the terms' magnitudes.</param>
/// <param name="CancellationFraction">Share of points where a side with several terms sums to less than 1e-3 of their magnitudes.</param>
public sealed record EquationReport(string Equation, IReadOnlyList<TermReport> Terms, RangeSummary TermScale, double CancellationFraction);

/// <summary>One term and the range of |term|.</summary>
/// <param name="Term">The term.</param>
/// <param name="Magnitude">Range of its absolute value.</param>
public sealed record TermReport(string Term, RangeSummary Magnitude);

/// <summary>An output's values at the reference solutions (explicit formula, else Newton).</summary>
/// <param name="Name">Output name.</param>
/// <param name="Values">Range of the values.</param>
/// <param name="ChangesSign">Whether both signs occur.</param>
/// <param name="SolvedFraction">Share of points with a reference value.</param>
/// <param name="ClosedForm">For an implicit output, the closed form its equations give, as an expression of the inputs
/// that agrees with Newton's solutions (see <see cref="Symbolic.ClosedFormRoots"/>); null where there is none.</param>
public sealed record OutputReport(string Name, RangeSummary Values, bool ChangesSign, double SolvedFraction, string? ClosedForm = null);

/// <summary>min, p1, median, p99, max of a set of values (NaN ignored).</summary>
/// <param name="Min">Smallest.</param>
/// <param name="P1">1st percentile.</param>
/// <param name="Median">Median.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Largest.</param>
public sealed record RangeSummary(double Min, double P1, double Median, double P99, double Max)
{
    /// <summary>Summarises the finite values of <paramref name="values"/>.</summary>
    public static RangeSummary Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(sorted[0], At(0.01), At(0.5), At(0.99), sorted[^1]);
    }
}

/// <summary>A finding: what, why it matters, and what to do.</summary>
/// <param name="Code">Stable identifier, e.g. <c>scale-ratio</c>.</param>
/// <param name="Message">What was found, with figures.</param>
/// <param name="Reason">Why it matters.</param>
/// <param name="Fix">What to do.</param>
public sealed record InspectionWarning(string Code, string Message, string Reason, string Fix);
