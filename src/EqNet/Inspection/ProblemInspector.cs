using System.Globalization;
using EqNet.Diagnostics;
using EqNet.Features;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;
using EqNet.Symbolic;

namespace EqNet.Inspection;

/// <summary>
/// Looks at a problem over a sample of its stated domain, without training: what each input spans and how EqNet will
/// scale it, how large each equation's terms are and where they cancel, what the outputs look like, and the traps the
/// seed question fell into (a loss scale that varies by decades, uniform sampling over many decades, ...).
/// </summary>
public static class ProblemInspector
{
    /// <summary>A user scale whose ratio to the term scale spans more than this many times is flagged.</summary>
    public const double ScaleRatioLimit = 1e3;

    /// <summary>Inspects <paramref name="problem"/> on <paramref name="samples"/> points drawn with <paramref name="seed"/>.</summary>
    public static InspectionReport Inspect(Problem problem, int samples = 20000, int seed = 1)
    {
        // Outputs learned from data alone appear in no equation: with equations for the others, those are inspected (and the data outputs noted).
        var dataOutputs = problem.DataOutputs;
        var data = problem.Data;
        if (problem.Equations.Count > 0) problem = Training.DataTraining.EquationProblem(problem);
        var sampler = new DomainSampler(problem);
        var x = sampler.Sample(samples, seed);
        var system = new CompiledSystem(problem);
        int d = system.InputCount, o = system.OutputCount;
        var definitions = new ExplicitDefinitions(problem);
        var first = new NewtonSolver(system).Solve(x, samples);
        var (_, closedForms) = ClosedFormRoots.Of(problem, x, samples, definitions.ExplicitNames, first);
        var solved = ClosedFormStarts.Retry(problem, x, samples, first, closedForms);
        var (reference, _) = definitions.Evaluate(x, samples);
        for (int i = 0; i < samples; i++)
            for (int j = 0; j < o; j++)
                if (double.IsNaN(reference[i * o + j]) && solved.Found(i)) reference[i * o + j] = solved.Solutions[i * o + j];
        // Outputs learned from data have no equation to give a value: nothing to show for them.
        if (problem.Equations.Count == 0) Array.Fill(reference, double.NaN);
        var points = system.Join(x, reference, samples);

        var map = FeatureMap.Design(problem, x, samples);
        var inputs = problem.Inputs.Select((spec, i) => Input(spec, i, x, samples, d, map)).ToArray();
        var equations = problem.Equations.Select(e => Equation(e, system, points, samples)).ToArray();
        var outputs = problem.Outputs.Select((spec, j) =>
        {
            var values = Enumerable.Range(0, samples).Select(i => reference[i * o + j]).ToArray();
            var finite = values.Where(double.IsFinite).ToArray();
            return new OutputReport(spec.Name, RangeSummary.Of(values), finite.Any(v => v > 0) && finite.Any(v => v < 0), finite.Length / (double)samples,
                closedForms[j]?.ToString());
        }).ToArray();

        var warnings = new List<InspectionWarning>();
        warnings.AddRange(ScaleWarnings(problem, system, points, samples));
        warnings.AddRange(DomainWarnings(problem, sampler));
        if (problem.Equations.Count > 0) warnings.AddRange(SolutionWarnings(problem, outputs));
        foreach (string output in dataOutputs)
            warnings.Add(new InspectionWarning("data-output", $"output {output} appears in no equation: a network is fitted to the column '{output}' of {data.File}" + (problem.Equations.Count == 0 ? " (values NaN above: no equation gives them)" : ""),
                "an output no equation gives can only be learned from measurements", "none needed; 'eqnet train' holds out a seeded share of the rows and reports the network's error on them"));
        warnings.AddRange(InputWarnings(problem, inputs, x, samples));
        warnings.AddRange(NameNotes(problem));
        if (problem.Equations.Count > 0 && MultipleRoots.Find(system, x, Math.Min(samples, SystemDiagnostics.MultipleRootPoints)).Warning is { } several)
            warnings.Add(new InspectionWarning("several-solutions", several,
                "a network gives one value per input point: between branches it mixes them, and no error metric says why",
                "add a bound that separates the solutions, or an ordering that picks one"));
        if ((problem.DataOutputs.Count == 0 ? problem.Data.UnusedWarning : null) is { } unused)
            warnings.Add(new InspectionWarning("data-unused", unused,
                "an output is what its equations make it; a measured value could only disagree with them",
                "remove the data section; to check a model against measurements use 'eqnet predict MODEL --csv FILE'"));
        // The structure training uses (checked near the solutions), else the plain analysis to show.
        var used = Training.StructuredTraining.Of(problem, Training.TrainingPlan.Resolve(problem));
        var structure = used ?? (problem.Equations.Count > 0 ? Structure.Tearing.Of(problem) : null);
        return new InspectionReport(problem.Name, samples, inputs, equations, outputs, warnings, structure, used is not null);
    }

    private static InputReport Input(InputSpec spec, int i, double[] x, int n, int d, FeatureMap map)
    {
        var column = Enumerable.Range(0, n).Select(r => x[r * d + i]).ToArray();
        double min = column.Min(), max = column.Max();
        double? decades = min > 0 ? Math.Log10(max / min) : null;
        var features = map.Features.Where(f => f.Input == i).Select(f => f.Describe(map.InputNames)).ToArray();
        return new InputReport(spec.Name, min, max, decades, spec.Sampling.ToString().ToLowerInvariant(), $"[{spec.Min}, {spec.Max}]", features);
    }

    private static EquationReport Equation(EquationSpec spec, CompiledSystem system, double[] points, int n)
    {
        var terms = spec.Equation.Terms.Select(t => (Text: t.ToString(), Values: Evaluate(t, system, points, n))).ToArray();
        var scale = Enumerable.Range(0, n).Select(i => terms.Sum(t => Math.Abs(t.Values[i]))).ToArray();
        int cancelled = 0;
        // A side written against 0 (f(x, y) = 0) is the residual itself: it cancels at every root by construction.
        var sides = new[] { (spec.Equation.Lhs, spec.Equation.Rhs), (spec.Equation.Rhs, spec.Equation.Lhs) }
            .Where(pair => pair.Item2 is not Expressions.NumberExpr { Value: 0 })
            .Select(pair => pair.Item1)
            .Select(side => (Value: Evaluate(side, system, points, n), Terms: Expressions.AdditiveTerms.Of(side).Select(t => Evaluate(t, system, points, n)).ToArray()))
            .Where(side => side.Terms.Length > 1).ToArray();
        for (int i = 0; i < n; i++)
            if (sides.Any(side => Math.Abs(side.Value[i]) < 1e-3 * side.Terms.Sum(t => Math.Abs(t[i])))) cancelled++;
        return new EquationReport(spec.Text, terms.Select(t => new TermReport(t.Text, RangeSummary.Of(t.Values.Select(Math.Abs)))).ToArray(),
            RangeSummary.Of(scale), cancelled / (double)n);
    }

    private static double[] Evaluate(Expressions.Expr e, CompiledSystem system, double[] points, int n)
    {
        var values = new double[n];
        e.Compile(system.Variables).EvaluateBatch(points, n, values);
        return values;
    }

    private static IEnumerable<InspectionWarning> ScaleWarnings(Problem problem, CompiledSystem system, double[] points, int n)
    {
        for (int k = 0; k < problem.Equations.Count; k++)
        {
            var spec = problem.Equations[k];
            if (spec.Scale is null) continue;
            var user = Evaluate(spec.Scale, system, points, n);
            var termScale = new double[n];
            foreach (var t in spec.Equation.Terms)
            {
                var v = Evaluate(t, system, points, n);
                for (int i = 0; i < n; i++) termScale[i] += Math.Abs(v[i]);
            }
            var ratio = RangeSummary.Of(Enumerable.Range(0, n).Select(i => Math.Abs(user[i]) / termScale[i]));
            double spread = ratio.Max / ratio.Min;
            if (!(spread > ScaleRatioLimit)) continue;
            yield return new InspectionWarning("scale-ratio",
                $"equation {k + 1}: scale '{spec.Scale}' / term scale S ranges {F(ratio.Min)} .. {F(ratio.Max)} (p1..p99 {F(ratio.P1)} .. {F(ratio.P99)}): a point's weight in the loss varies {F(spread)}-fold",
                $"the residual is divided by '{spec.Scale}', which is tiny at some points and large at others relative to the equation's terms: the loss is dominated by a few points and blind to the rest (and in float32 the small ones are pure rounding noise)",
                $"remove 'scale: {spec.Scale}' so EqNet divides by S = {string.Join(" + ", spec.Equation.Terms.Select(t => $"|{t}|"))}, the sum of the terms' magnitudes");
        }
    }

    private static IEnumerable<InspectionWarning> DomainWarnings(Problem problem, DomainSampler sampler)
    {
        var report = DomainCheck.Run(sampler);
        foreach (var singular in report.Singularities ?? [])
            yield return new InspectionWarning(singular.Kind == SingularityKind.InfiniteSlope ? "infinite-slope" : "singular", singular.Describe(),
                singular.Kind == SingularityKind.InfiniteSlope
                    ? "near such a point the law changes faster than any smooth function of the inputs, so the held-out p99 is set there"
                    : "the scale-relative error stays defined near a pole, but the output spans decades within a sliver of the domain",
                singular.Kind == SingularityKind.Pole
                    ? $"split the domain at '{singular.Part}' = 0, or narrow the input bounds so it keeps one sign"
                    : "nothing to do if this edge matters; otherwise move the input bounds a little away from it");
        foreach (var result in report.Equations.Where(r => r.UndefinedFraction > 0))
        {
            string point = string.Join(", ", result.ExamplePoint!.Select(p => $"{p.Key}={F(p.Value)}"));
            yield return new InspectionWarning("undefined",
                $"equation {result.Number} is undefined (NaN/inf) on {result.UndefinedFraction:P1} of the domain, e.g. at {point} ('{result.ExamplePart}'{Expressions.FunctionCatalog.DomainNote(result.ExamplePart)})",
                "training cannot fit an equation where it has no value; eqnet train refuses such a problem",
                "narrow the input bounds, or rewrite the equation so it is defined everywhere");
        }
    }

    private static IEnumerable<InspectionWarning> SolutionWarnings(Problem problem, IReadOnlyList<OutputReport> outputs)
    {
        foreach (var (output, spec) in outputs.Zip(problem.Outputs))
        {
            if (output.SolvedFraction >= 1) continue;
            yield return new InspectionWarning("no-solution",
                $"output {output.Name}: no solution within its bounds [{spec.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {spec.Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}] was found at {SystemDiagnosis.Percent(1 - output.SolvedFraction)} of the points",
                "where no solution exists the network's output is meaningless, and the residuals there pull the fit everywhere else",
                "check the output's min/max and the input domain; 'eqnet solve PROBLEM --at ...' at such a point shows Newton's best residual (a small one: the root is there but the equations cannot be evaluated finely enough for Newton's tolerance)");
        }
    }

    private static IEnumerable<InspectionWarning> InputWarnings(Problem problem, IReadOnlyList<InputReport> inputs, double[] x, int n)
    {
        int d = inputs.Count;
        for (int i = 0; i < d; i++)
        {
            var spec = problem.Inputs[i];
            var input = inputs[i];
            // An input whose range starts at 0 does not span decades; its sample's smallest value only says how many points there are.
            bool startsAtZero = spec.Min.Variables.Count == 0 && spec.Min.Evaluate(new Dictionary<string, double>()) == 0;
            if (spec.Sampling == SamplingKind.Uniform && input.Decades > 2 && !startsAtZero)
            {
                double top = input.Max / 10;
                double share = Enumerable.Range(0, n).Count(r => x[r * d + i] > top) / (double)n;
                yield return new InspectionWarning("uniform-decades",
                    $"input {spec.Name}: sampled uniformly over {input.Decades:0.#} decades ({F(input.Min)} .. {F(input.Max)}); {share:P0} of the points fall in the top decade",
                    "the held-out metric and the training weigh the lower decades by how rarely they are drawn",
                    $"if every decade matters equally, write 'sampling: log' for {spec.Name} (EqNet's training already spreads points log-uniformly; this changes what is measured)");
            }
            if (spec.Sampling == SamplingKind.Integer)
                yield return new InspectionWarning("integer",
                    $"input {spec.Name}: integer sampling over {F(input.Min)} .. {F(input.Max)}",
                    "the network still sees a continuous value; between integers its output is an interpolation",
                    "nothing to do if the input is truly integer; otherwise use uniform or log sampling");
            if (spec.Transform == InputTransformKind.Linear && input.Decades > 2)
                yield return new InspectionWarning("linear-many-decades",
                    $"input {spec.Name}: 'transform: linear' over {input.Decades:0.#} decades",
                    "after a linear scaling the lower decades are squeezed into a sliver near one end of the network's input range",
                    $"remove 'transform: linear' (auto takes the log of a positive input spanning more than {FeatureMap.AutoLogDecades} decades)");
        }
    }

    private static IEnumerable<InspectionWarning> NameNotes(Problem problem)
    {
        foreach (string name in problem.Inputs.Select(i => i.Name).Concat(problem.Outputs.Select(o => o.Name)))
            if (VariableNames.Shadowed(name) is { } note)
                yield return new InspectionWarning("shadowed-name", note,
                    "a declared input or output wins over a built-in name of the same spelling",
                    "nothing to do if that is what you meant; otherwise rename the variable");
    }

    /// <summary>Three significant digits: plain between 1e-3 and 1e5, scientific outside.</summary>
    internal static string F(double v)
    {
        if (v == 0 || !double.IsFinite(v)) return v.ToString(CultureInfo.InvariantCulture);
        double a = Math.Abs(v);
        if (a < 1e-3 || a >= 1e5) return v.ToString("0.00e+00", CultureInfo.InvariantCulture);
        int digits = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(a)));
        return Math.Round(v, digits).ToString("0.#####", CultureInfo.InvariantCulture);
    }
}
