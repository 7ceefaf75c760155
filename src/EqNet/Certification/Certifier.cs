using System.Diagnostics;
using EqNet.Evaluation;
using EqNet.Models;

namespace EqNet.Certification;

/// <summary>
/// A guaranteed upper bound of a trained model's error over its whole trained input box, where one can be had: the
/// worst point searched first (<see cref="WorstCaseSearch"/>, a lower bound of the maximum), then a branch and bound
/// over the box (<see cref="BranchAndBound"/>) whose boxes each bound every equation's scale-relative residual by the
/// mean-value and second-order Taylor forms with interval derivatives (<see cref="ResidualEnclosure"/>), until the largest bound is within
/// <see cref="CertifyOptions.Factor"/> of the largest error seen or the time runs out.
/// </summary>
/// <remarks>
/// <para>What is guaranteed: the model's error in exact real arithmetic with its float64 weights and the problem's
/// float64 constants (<see cref="Certificate.ExactBound"/>). What is an estimate: the rounding float64 prediction adds
/// (<see cref="Certificate.RoundingEstimate"/>): for a model without Newton steps, twice the largest difference seen
/// between the float64 error at a box centre and the exact one; for a model whose Newton steps polish the network, the
/// steps' stopping tolerance (<see cref="NewtonRefinement.Tolerance"/>: a point stops once its float64 residual is
/// below it, and float64 residuals of exact roots are 1e-16 to 3e-15).</para>
/// <para>Refused (not certified, with the reason): inputs whose bounds depend on other inputs (the domain is no box),
/// outputs learned from data, closed-form models, Newton steps on a system of more than one unknown, and any function
/// without an interval enclosure here (special functions, comparisons).</para>
/// </remarks>
public static class Certifier
{
    /// <summary>The method, for the certificate, without the Newton part.</summary>
    public const string Method = "branch and bound over the trained input box (split where the bound is loosest, log coordinates for log-sampled inputs); " +
        "per box, each equation's residual |lhs - rhs| bounded by the smaller of the mean-value and second-order Taylor forms, with interval forward-mode gradients and Hessians (outward-rounded interval arithmetic), divided by the least term scale S";

    /// <summary>Root error below which closing the root bound further is not asked for: float64 rounding of the output itself (a few ulps).</summary>
    private const double RootFloor = 1e-15;

    /// <summary>Certifies <paramref name="model"/> (see the class remarks).</summary>
    /// <param name="model">A trained model.</param>
    /// <param name="options">Budget and closing factor; null for the defaults.</param>
    /// <returns>The certificate; <see cref="Certificate.Certified"/> says whether the bound closed, <see cref="Certificate.Reason"/> why not.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time budget is not positive or the factor is below 1.</exception>
    public static Certificate Certify(IPredictor model, CertifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new CertifyOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TimeBudget);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Factor, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Threads);
        var clock = Stopwatch.StartNew();
        var problem = model.Problem;
        var equations = problem.Equations.Select(e => e.Equation.Text).ToArray();

        if (problem.DataOutputs.Count > 0)
            return new Certificate(problem.Name, false, null, null, null, 0, 0, null, null, [.. equations.Select(e => new EquationCertificate(e, null))], 0,
                clock.Elapsed.TotalSeconds, Method, CertificateExit.Refused,
                $"outputs {string.Join(", ", problem.DataOutputs)} are learned from data, with no equation to bound their error against (searched max not measured)");
        var evaluation = Evaluator.Evaluate(model, options.SearchSamples, options.Seed, threads: options.Threads);
        var worst = evaluation.WorstCase;
        double searched = worst?.SearchedMax ?? evaluation.Overall.Max;
        double? rootSearched = worst?.RootSearchedMax;

        Certificate Refused(string reason) => new(problem.Name, false, null, null, null, 0, searched, null, rootSearched,
            [.. equations.Select(e => new EquationCertificate(e, null))], 0, clock.Elapsed.TotalSeconds, Method, CertificateExit.Refused, reason);

        if (model is not EqNetModel network)
            return Refused($"a {model.GetType().Name} (closed forms) is not a network; the certifier encloses networks only");
        if (problem.Inputs.FirstOrDefault(i => !i.HasConstantBounds) is { } dependent)
            return Refused($"input {dependent.Name}'s bounds depend on {string.Join(", ", dependent.BoundVariables.Order(StringComparer.Ordinal))}: the trained domain is not a box, and the certifier covers boxes only");
        ResidualEnclosure enclosure;
        try
        {
            enclosure = new ResidualEnclosure(network, evaluation.Outputs.Count == 1 ? evaluation.Outputs[0].RootErrorScale : null);
        }
        catch (CertificationRefusedException e)
        {
            return Refused(e.Message);
        }

        // Newton steps end each point within their stopping tolerance or at rounding; without them, rounding is measured at the centres.
        int steps = enclosure.NewtonSteps;
        double RoundingOf(double measured) => steps > 0 ? NewtonRefinement.Tolerance : 2 * measured;
        BranchAndBoundResult run;
        try
        {
            run = Bound(network, enclosure, options, clock, searched, rootSearched, steps);
        }
        catch (CertificationRefusedException e)
        {
            return Refused(e.Message);
        }

        double largest = Math.Max(searched, run.CentreMax);
        double rounding = RoundingOf(run.RoundingSeen);
        bool finite = double.IsFinite(run.ExactBound);
        double? reached = finite ? run.ExactBound + rounding : null;
        bool closed = run.Exit == CertificateExit.Closed && finite;
        string method = steps == 0 ? Method : Method + $"; after the network, its root error bounded a posteriori by |F(x, y)| / min |dF/dy| and carried through {steps} Newton step(s) by e_(k+1) <= (M / 2m) e_k^2 (M = max |d2F/dy2|, m = min |dF/dy| over the box and the root's enclosure; where that contraction is not proven from the network, the first steps are enclosed as they are); exact Newton steps assumed (the model's halved or undone steps happen at rounding level)";
        // The residual may have closed while the root error's bound (which steers the splitting too) did not.
        bool residualClosed = finite && reached <= options.Factor * largest;
        string rootText = run.RootBound is { } rb && double.IsFinite(rb) ? $"{rb:0.00e+00}" : "none on some boxes";
        string? reason = closed ? null : residualClosed && run.Exit != CertificateExit.Refused ? run.Exit switch
        {
            CertificateExit.TimeBudget => $"the time budget ({options.TimeBudget:G} s) ran out before the root error's bound closed: the residual bound reached, {reached:0.00e+00}, is within {options.Factor:G}x of the largest residual seen ({largest:0.00e+00}), but the root error's bound is {rootText} against a searched {rootSearched:0.00e+00}",
            _ => $"the boxes reached float64 resolution or the box limit ({options.MaxBoxes:N0}) before the root error's bound closed (bound {rootText}, searched {rootSearched:0.00e+00}); the residual bound reached, {reached:0.00e+00}, is within {options.Factor:G}x of the largest residual seen",
        } : run.Exit switch
        {
            CertificateExit.TimeBudget when finite => $"the time budget ({options.TimeBudget:G} s) ran out before the bound closed: the bound reached, {reached:0.00e+00}, holds but is {reached / largest:0.#}x the largest error seen ({largest:0.00e+00}), above the {options.Factor:G}x asked",
            CertificateExit.TimeBudget => $"the time budget ({options.TimeBudget:G} s) ran out before every box had a finite bound",
            _ when finite => $"the boxes reached float64 resolution or the box limit ({options.MaxBoxes:N0}) before the bound closed: the bound reached, {reached:0.00e+00}, holds but is {reached / largest:0.#}x the largest error seen",
            _ => $"some boxes reached float64 resolution or the box limit ({options.MaxBoxes:N0}) without a finite bound (the enclosure does not contract there)",
        };
        double? root = run.RootBound is { } r && double.IsFinite(r) ? r : null;
        return new Certificate(problem.Name, closed, closed ? reached : null, reached, finite ? run.ExactBound : null, rounding, largest, root, rootSearched,
            [.. equations.Select((e, k) => new EquationCertificate(e, double.IsFinite(run.Equations[k]) ? run.Equations[k] + rounding : null))],
            run.Boxes, clock.Elapsed.TotalSeconds, method, run.Exit, reason);
    }

    /// <summary>The branch and bound, closing at the factor times the largest error seen (with Newton steps, at their tolerance at least).</summary>
    private static BranchAndBoundResult Bound(EqNetModel network, ResidualEnclosure enclosure, CertifyOptions options, Stopwatch clock, double searched,
        double? rootSearched, int steps) =>
        new BranchAndBound(network, enclosure).Run(seen =>
        {
            double lower = Math.Max(searched, seen);
            // With Newton steps the exact part falls far below rounding: it closes once it is below the rounding allowance.
            return steps > 0 ? Math.Max(options.Factor * lower, NewtonRefinement.Tolerance) : options.Factor * lower;
        }, rootSearched is { } rs && rs > 0 ? options.Factor * Math.Max(rs, RootFloor) : null, clock, options.TimeBudget, options.MaxBoxes, options.Threads);
}
