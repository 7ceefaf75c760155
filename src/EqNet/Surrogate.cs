using System.Text.Json.Nodes;
using EqNet.Certification;
using EqNet.Discovery;
using EqNet.Evaluation;
using EqNet.Export;
using EqNet.Fitting;
using EqNet.IO;
using EqNet.Inspection;
using EqNet.Models;
using EqNet.Prediction;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Reporting;
using EqNet.Solving;
using EqNet.Training;

namespace EqNet;

/// <summary>
/// The front door of the library: load a problem, check it, train a model for it with the file's settings plus
/// overrides, evaluate, save and load the model, predict by input name (one point, columns, or a CSV stream), solve by
/// Newton. Every <c>eqnet</c> command is a thin shell over these methods, so a C# program gets what the command line gets.
/// </summary>
/// <remarks>
/// User mistakes surface as <see cref="ProblemException"/> (problem file: file, line, field),
/// <see cref="ModelFileException"/> (model file), <see cref="TrainingSetupException"/> (settings) and
/// <see cref="ArgumentException"/> (a call's arguments, e.g. a missing input name); the messages say what to do.
/// </remarks>
public static class Surrogate
{
    /// <summary>Seed of the held-out sample <see cref="Evaluate"/> draws by default: neither a training nor a run's own held-out seed.</summary>
    public const int FreshEvaluationSeed = 2 * Evaluator.HeldOutSeedOffset + 1;

    /// <summary>Reads and validates a problem file (YAML, see docs/problem-files.md).</summary>
    /// <exception cref="ProblemException">The file is malformed; the message names the file, line and field.</exception>
    public static Problem LoadProblem(string path) => ProblemFile.Load(path);

    /// <summary>Parses problem YAML held in memory; <paramref name="sourceName"/> names it in error messages.</summary>
    public static Problem ParseProblem(string yaml, string sourceName = "problem.yaml") => ProblemFile.Parse(yaml, sourceName);

    /// <summary>
    /// The pre-training diagnostics (<c>eqnet train</c> runs them first): throws where an equation is undefined in the
    /// stated domain; returns warnings (no solution within the output bounds, a singular system, an unused data file).
    /// </summary>
    /// <exception cref="ProblemException">An equation is undefined somewhere in the domain.</exception>
    public static IReadOnlyList<string> Check(Problem problem) => PreTrainingChecks.Run(WithoutParameters(problem, "checked for training"));

    /// <summary>
    /// Parameter identification (a problem with <c>parameters</c> and <c>data</c>): fits the unknown constants to the
    /// measured rows by Levenberg-Marquardt and returns the estimates with standard errors, 95% intervals (delta method),
    /// correlations, RSS and identifiability warnings. Parameters without a start are found by a multi-start search.
    /// See docs/data.md.
    /// </summary>
    /// <exception cref="ProblemException">No parameters or data, a missing column, a non-numeric cell (file, line, column), fewer rows than parameters.</exception>
    public static ParameterFitResult Fit(Problem problem, ParameterFitOptions? options = null) => ParameterFitter.Fit(problem, options);

    /// <summary>
    /// <see cref="Fit"/>, then <paramref name="folder"/>/parameters.json and <paramref name="folder"/>/report.html (the
    /// estimates, both intervals with a figure of them, the fit, the noise level, the correlations) written atomically;
    /// returns the result and parameters.json's path.
    /// </summary>
    /// <exception cref="ProblemException">As <see cref="Fit"/>.</exception>
    public static (ParameterFitResult Result, string Path) FitToFolder(Problem problem, string folder, ParameterFitOptions? options = null)
    {
        var result = Fit(problem, options);
        var path = ParameterFile.Write(result, folder);
        ParameterReport.Write(result, folder);
        return (result, path);
    }

    /// <summary>
    /// Fits a problem's unknown constants jointly with its learned term (an output declared with <c>inputs:</c> that an
    /// equation holds and the data do not measure: a small network of those inputs) to its measured rows, by
    /// Levenberg-Marquardt; the constants' standard errors and 95% intervals by the delta method with the network's weights
    /// as nuisance parameters. See docs/data.md, "Mode (c)".
    /// </summary>
    /// <exception cref="ProblemException">No learned term, no parameters or data, a term no data constrain, a constant the term makes unidentifiable (file, field, what to do).</exception>
    public static LearnedTermFitResult FitLearnedTerm(Problem problem, LearnedTermFitOptions? options = null) => LearnedTermFitter.Fit(problem, options);

    /// <summary><see cref="FitLearnedTerm"/>, then <paramref name="folder"/>/parameters.json, report.html (as <see cref="FitToFolder"/>'s) and the term's model.eqnet written atomically; returns the result and the paths of the first and the last.</summary>
    /// <exception cref="ProblemException">As <see cref="FitLearnedTerm"/>.</exception>
    public static (LearnedTermFitResult Result, string ParametersPath, string ModelPath) FitLearnedTermToFolder(Problem problem, string folder, LearnedTermFitOptions? options = null)
    {
        var written = LearnedTermFitter.FitToFolder(problem, folder, options);
        var result = written.Result;
        ParameterReport.Write(result.Parameters, folder,
            $"learned term {result.Term}({string.Join(", ", result.Inputs)}) in equation {string.Join(", ", result.Equations)}: {result.Model.Describe(result.Term)}");
        return written;
    }

    /// <summary>What EqNet sees in a problem before training (<c>eqnet inspect</c>): ranges, transforms, term magnitudes, warnings.</summary>
    public static InspectionReport Inspect(Problem problem, int samples = 20000, int seed = 1) => ProblemInspector.Inspect(WithoutParameters(problem, "inspected"), samples, seed);

    /// <summary>The settings a training run uses: <paramref name="overrides"/>, else the file's <c>model</c>/<c>training</c> sections, else the defaults.</summary>
    /// <exception cref="TrainingSetupException">An override is out of range.</exception>
    /// <exception cref="ProblemException">The file asks for an unavailable setting (e.g. an activation other than tanh).</exception>
    public static TrainingOptions Options(Problem problem, TrainingOverrides? overrides = null) => TrainingPlan.Resolve(WithoutParameters(problem, "trained as a network"), overrides);

    /// <summary>The features and untrained network a run with these settings starts from (same seed, same choice as <see cref="Train(Problem, TrainingOverrides?, Action{TrainingProgress}?, CancellationToken)"/>).</summary>
    public static EqNetModel Design(Problem problem, TrainingOverrides? overrides = null) => Trainer.Design(problem, Options(problem, overrides));

    /// <summary>The design (features and network, initial weights) a run with resolved <paramref name="options"/> would train.</summary>
    public static EqNetModel Design(Problem problem, TrainingOptions options) => Trainer.Design(problem, options);

    /// <summary>
    /// The design of a run with resolved <paramref name="options"/>, made once: its untrained model
    /// (<see cref="TrainingDesign.Model"/>) to show, and everything the run starts from (tearing, compiled system, design
    /// sample, features, network), so that <see cref="TrainToFolder(TrainingDesign, string, int, Action{TrainingProgress}?, CancellationToken)"/>
    /// trains what was shown without designing again.
    /// </summary>
    /// <exception cref="TrainingSetupException">The network would not fit in memory (what to shrink).</exception>
    public static TrainingDesign Prepare(Problem problem, TrainingOptions options) => TrainingDesign.Of(problem, options);

    /// <summary>
    /// Trains a model with the file's settings plus <paramref name="overrides"/> until the held-out error converges, the
    /// time budget or step limit is spent, or <paramref name="cancellation"/> fires; returns the best checkpoint.
    /// </summary>
    /// <exception cref="TrainingSetupException">The settings cannot train (e.g. a network too large for Levenberg-Marquardt).</exception>
    public static TrainingResult Train(Problem problem, TrainingOverrides? overrides = null, Action<TrainingProgress>? progress = null,
        CancellationToken cancellation = default) =>
        Trainer.Train(problem, Options(problem, overrides), progress, cancellation: cancellation);

    /// <summary>
    /// Trains <paramref name="problem"/> from <paramref name="from"/>, a model of an earlier version of it (see
    /// <see cref="Growth"/>): the outputs it has keep their trained parts (frozen unless <paramref name="fineTune"/>),
    /// the new outputs are trained. The result's model records where it came from (<see cref="EqNetModel.GrownFrom"/>).
    /// </summary>
    /// <param name="problem">The new problem.</param>
    /// <param name="from">A model of the earlier problem.</param>
    /// <param name="fineTune">Whether the kept parts train too.</param>
    /// <param name="overrides">Settings that win over the file's.</param>
    /// <param name="progress">Called with each history line.</param>
    /// <param name="source">How to name <paramref name="from"/> in the new model's record (its file, say).</param>
    /// <param name="cancellation">Stops early; the best checkpoint is returned.</param>
    /// <exception cref="TrainingSetupException">The problem does not extend the model's (what changed, and what to do).</exception>
    public static TrainingResult Train(Problem problem, EqNetModel from, bool fineTune = false, TrainingOverrides? overrides = null,
        Action<TrainingProgress>? progress = null, string? source = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        string checksum = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ModelFile.Serialize(from, null, DateTime.UnixEpoch)));
        var options = Options(problem, overrides) with { GrowFrom = Growth.Plan(problem, from, source ?? $"model of '{from.Problem.Name}'", checksum, fineTune) };
        return Trainer.Train(problem, options, progress, cancellation: cancellation);
    }

    /// <summary>
    /// A whole run as <c>eqnet train</c> does it: train, write <paramref name="folder"/>/model.eqnet (also as checkpoints),
    /// evaluate on <paramref name="samples"/> held-out points (seed: training seed + <see cref="Evaluator.HeldOutSeedOffset"/>),
    /// write metrics.json, history.csv and report.html. Does not run <see cref="Check"/>; call it first.
    /// </summary>
    public static TrainingRunResult TrainToFolder(Problem problem, string folder, TrainingOverrides? overrides = null, int samples = 100_000,
        Action<TrainingProgress>? progress = null, CancellationToken cancellation = default) =>
        WithReport(problem, folder, TrainingRun.Execute(problem, Options(problem, overrides), folder, samples, progress, cancellation));

    /// <summary>
    /// <see cref="TrainToFolder(Problem, string, TrainingOverrides?, int, Action{TrainingProgress}?, CancellationToken)"/>
    /// with settings already resolved by <see cref="Options"/> (a caller that shows them first resolves them once).
    /// </summary>
    public static TrainingRunResult TrainToFolder(Problem problem, string folder, TrainingOptions options, int samples = 100_000,
        Action<TrainingProgress>? progress = null, CancellationToken cancellation = default) =>
        WithReport(problem, folder, TrainingRun.Execute(problem, options, folder, samples, progress, cancellation));

    /// <summary>
    /// <see cref="TrainToFolder(Problem, string, TrainingOptions, int, Action{TrainingProgress}?, CancellationToken)"/> from a
    /// design made by <see cref="Prepare"/>: same files, same model to the bit, without designing again.
    /// </summary>
    public static TrainingRunResult TrainToFolder(TrainingDesign design, string folder, int samples = 100_000,
        Action<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        return WithReport(design.Problem, folder, TrainingRun.Execute(design, folder, samples, progress, cancellation));
    }

    /// <summary>The run with its report written: the report reads the finished run, so it is written here, after training.</summary>
    private static TrainingRunResult WithReport(Problem problem, string folder, TrainingRunResult run) =>
        run with { ReportPath = TrainingReport.Write(problem, run, folder) };

    /// <summary>
    /// Measures <paramref name="model"/> on <paramref name="samples"/> fresh points of its problem's domain: scale-relative
    /// error |lhs - rhs| / S per equation and overall (median, p90, p99, max), R^2 and root-relative error per output,
    /// Newton's convergence from the predictions.
    /// </summary>
    public static EvaluationResult Evaluate(IPredictor model, int samples = 100_000, int seed = FreshEvaluationSeed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        return Evaluator.Evaluate(model, samples, seed, threads);
    }

    /// <summary>
    /// Measures the outputs <paramref name="model"/> learned from measured data (<see cref="Problem.DataOutputs"/>) on
    /// the rows of <paramref name="file"/> (default: its problem's data file), split by <paramref name="seed"/> as
    /// training split them (default: the training seed, 1): the held-out figures of the training run, when the file is
    /// the one it trained on.
    /// </summary>
    /// <exception cref="ArgumentException">The model has no outputs learned from data.</exception>
    /// <exception cref="ProblemException">The file cannot be read as the model's data.</exception>
    public static DataFitResult EvaluateOnData(EqNetModel model, string? file = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Problem.DataOutputs.Count == 0) throw new ArgumentException($"'{model.Problem.Name}' has no outputs learned from measured data", nameof(model));
        return DataTraining.Remeasure(model, file ?? DataFile(model.Problem) ?? model.Problem.Data.File!, seed);
    }

    /// <summary>
    /// Where <paramref name="problem"/>'s data file is from here: as written, else beside the problem file (a saved model
    /// keeps the path as the problem file wrote it); null when neither exists.
    /// </summary>
    public static string? DataFile(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Data.File is not { } file) return null;
        string? folder = Path.GetDirectoryName(problem.SourcePath);
        return new[] { file, string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, file) }.FirstOrDefault(f => f is not null && File.Exists(f));
    }

    /// <summary>Warnings about an evaluated model: outputs pinned to a declared bound where the solution is not.</summary>
    public static IReadOnlyList<string> Warnings(IPredictor model, EvaluationResult evaluation) =>
        model is EqNetModel network ? [.. SaturationCheck.Warnings(DataTraining.EquationPart(network), evaluation)] : [];

    /// <summary>
    /// Mean and summary of |lhs - rhs| / |<paramref name="expression"/>| of equation <paramref name="equation"/> (0-based) at
    /// an evaluation's points, e.g. "x5/x2" for the seed question's own loss.
    /// </summary>
    /// <exception cref="ArgumentException">The expression uses names that are neither inputs nor outputs.</exception>
    public static (double Mean, ErrorSummary Summary) RelativeLoss(IPredictor model, EvaluationResult evaluation, string expression, int equation = 0) =>
        Evaluation.RelativeLoss.Of(evaluation, new CompiledSystem(model.Problem), equation, expression);

    /// <summary>
    /// Rebuilds report.html beside a saved model from history.csv and metrics.json there (held-out seed from
    /// metrics.json, else training seed 1's); returns the report's path.
    /// </summary>
    /// <remarks>A formula model (<c>eqnet discover --save</c>) gets the evaluation and plots without a loss history.</remarks>
    public static string Report(string modelPath, int samples = 100_000)
    {
        var model = LoadAny(modelPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var history = model is FormulaModel ? [] : HistoryFile.Read(Path.Combine(folder, TrainingRun.HistoryFileName));
        int seed = 1 + Evaluator.HeldOutSeedOffset;
        string metricsPath = Path.Combine(folder, TrainingRun.MetricsFileName);
        if (File.Exists(metricsPath) && JsonNode.Parse(File.ReadAllText(metricsPath))?["seed"] is { } s) seed = (int)s;
        var evaluation = Evaluate(model, samples, seed);
        var settings = new List<KeyValuePair<string, string>> { new("model file", modelPath), new("held-out seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (model is FormulaModel formulas)
            settings.AddRange(formulas.OutputNames.Select((o, j) => new KeyValuePair<string, string>($"formula for {o}", formulas.Formulas[j].ToString())));
        ReportWriter.Write(RunReport.Build(model is EqNetModel network ? DataTraining.EquationPart(network) : model, evaluation, history, settings), folder);
        return Path.Combine(Path.GetDirectoryName(modelPath) ?? "", ReportWriter.ReportFileName);
    }

    /// <summary>Writes a model file atomically (the format <c>eqnet predict</c> and <see cref="Load"/> read).</summary>
    public static void Save(EqNetModel model, string path) => ModelFile.Save(model, path);

    /// <summary>Reads a model file.</summary>
    /// <exception cref="ModelFileException">The file is not a model file of a version this build reads.</exception>
    public static EqNetModel Load(string path) => ModelFile.Load(path);

    /// <summary>
    /// A guaranteed upper bound of <paramref name="model"/>'s scale-relative residual over its whole trained input box
    /// (<c>eqnet certify</c>; see <see cref="Certifier"/>): interval branch and bound with the mean-value form, after a
    /// search for the worst point. The certificate says plainly when there is no bound and why.
    /// </summary>
    /// <param name="model">A trained model.</param>
    /// <param name="options">Time budget (seconds, the search included) and closing factor; null for the defaults (60 s, 4x).</param>
    /// <param name="path">Where to write the certificate JSON atomically (<see cref="CertificateFile"/>), or null for nowhere.</param>
    /// <exception cref="ArgumentOutOfRangeException">The budget is not positive or the factor is below 1.</exception>
    public static Certificate Certify(IPredictor model, CertifyOptions? options = null, string? path = null)
    {
        var certificate = Certifier.Certify(model, options);
        if (path is not null) CertificateFile.Write(certificate, path);
        return certificate;
    }

    /// <summary>Reads a model file of either kind: a network (<see cref="EqNetModel"/>) or closed forms (<see cref="FormulaModel"/>, from <c>eqnet discover --save</c>).</summary>
    /// <exception cref="ModelFileException">The file is not a model file of a version this build reads.</exception>
    public static IPredictor LoadAny(string path) => FormulaModelFile.LoadAny(path);

    /// <summary>
    /// Searches closed forms for the outputs (<c>eqnet discover</c>), verified on held-out and widened domains; writes
    /// <paramref name="folder"/>/discover.json and, with <paramref name="save"/> when they beat the network in the folder
    /// (or <paramref name="threshold"/>), <paramref name="folder"/>/model.eqnet as a formula model. See docs/discover.md.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="folder">The run folder (created if missing).</param>
    /// <param name="timeBudget">Seconds for the search, all outputs together.</param>
    /// <param name="seed">Seed of the search sample (held-out: seed + 1000).</param>
    /// <param name="save">Whether to save winning formulas as the folder's model.</param>
    /// <param name="threshold">Held-out p99 to reach instead of the folder's network's; null: that network's, else 1e-4.</param>
    /// <param name="progress">Receives one line per search stage, or null.</param>
    public static DiscoveryRunResult Discover(Problem problem, string folder, double timeBudget = 20, int seed = 1, bool save = false, double? threshold = null,
        Action<string>? progress = null) =>
        DiscoveryRun.Run(WithoutParameters(problem, "searched for closed forms"), folder, new DiscoveryOptions(timeBudget, seed), save, threshold, progress);

    /// <summary>
    /// Writes <paramref name="model"/> (a network or a formula model) atomically as one ONNX graph (opset 17) from the
    /// raw inputs (N x inputs, float64) to the outputs (N x outputs, float64); see docs/export.md.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="float32">A network's layers in float32 (features and heads stay float64); refused for a formula model, which has none.</param>
    /// <exception cref="ExportException">The model computes a function ONNX Runtime does not evaluate in float64, or <paramref name="float32"/> was asked of a formula model.</exception>
    public static void ExportOnnx(IPredictor model, string path, bool float32 = false)
    {
        if (float32 && model is FormulaModel) throw new ExportException("float32 applies to a network's layers; a formula model has none (it is exported in float64)");
        AtomicFile.WriteAllBytes(path, OnnxExporter.Export(model, float32));
    }

    /// <summary>Writes <paramref name="model"/> (a network or a formula model) atomically as one dependency-free C# file holding a static class.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The .cs file to write.</param>
    /// <param name="className">The class name, a C# identifier.</param>
    /// <param name="namespaceName">Its namespace, or null for none.</param>
    /// <exception cref="ArgumentException">The class or namespace name is not an identifier.</exception>
    /// <exception cref="ExportException">The model is of a kind the exporter does not know.</exception>
    public static void ExportCSharp(IPredictor model, string path, string className, string? namespaceName = null) =>
        AtomicFile.WriteAllText(path, CSharpExporter.Generate(model, className, namespaceName));

    /// <summary>
    /// Writes <paramref name="model"/> atomically as one Python file that needs only numpy: <c>predict(x)</c> (n x inputs
    /// to n x outputs, float64, EqNet's arithmetic but numpy's exp and log) and <c>residuals(x, y)</c>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The .py file to write.</param>
    /// <exception cref="ExportException">The model uses a function or part the exporter does not translate.</exception>
    public static void ExportPython(IPredictor model, string path) => AtomicFile.WriteAllText(path, PythonExporter.NumPy(model));

    /// <summary>
    /// Writes <paramref name="model"/> atomically as one Python file holding a float64 <c>torch.nn.Module</c> subclass
    /// <paramref name="className"/>, its trained weights as parameters (to fine-tune or extend in PyTorch).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The .py file to write.</param>
    /// <param name="className">The module's class name, a Python identifier.</param>
    /// <exception cref="ArgumentException">The class name is not an identifier.</exception>
    /// <exception cref="ExportException">The model uses a function or part the exporter does not translate.</exception>
    public static void ExportPyTorch(IPredictor model, string path, string className = "Model") =>
        AtomicFile.WriteAllText(path, PythonExporter.PyTorch(model, className));

    /// <summary>The model's outputs at one point, by name; <paramref name="inputs"/> gives every input by name.</summary>
    /// <exception cref="ArgumentException">An input is missing, or a name is not an input of the model.</exception>
    public static IReadOnlyDictionary<string, double> Predict(IPredictor model, IReadOnlyDictionary<string, double> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var columns = Predict(model, inputs.ToDictionary(p => p.Key, p => new[] { p.Value }));
        return columns.ToDictionary(c => c.Key, c => c.Value[0]);
    }

    /// <summary>
    /// The model's outputs for a batch given as columns: one array per input name, all of one length n; returns one
    /// array of length n per output name.
    /// </summary>
    /// <exception cref="ArgumentException">An input is missing, a name is unknown, or the columns differ in length.</exception>
    public static IReadOnlyDictionary<string, double[]> Predict(IPredictor model, IReadOnlyDictionary<string, double[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        var x = Rows(model.InputNames, inputs, out int n);
        var y = model.Predict(x, n);
        return Columns(model.OutputNames, y, n);
    }

    /// <summary>
    /// Predicts a batch as <see cref="Predict(IPredictor, IReadOnlyDictionary{string, double[]})"/>, then polishes each row
    /// with <paramref name="polish"/> Newton steps on the problem's equations from the prediction (<see cref="NewtonPolish"/>):
    /// a prediction good to 1e-6 reaches 1e-12 in one or two steps near a simple root.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="inputs">Columns by input name, all of one length.</param>
    /// <param name="polish">Newton steps K, at least 0.</param>
    /// <param name="notConverged">Rows whose largest scale-relative residual is still above 1e-12 after the steps.</param>
    /// <exception cref="ArgumentException">An input is missing, a name is unknown, or the columns differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="polish"/> is negative.</exception>
    public static IReadOnlyDictionary<string, double[]> Predict(IPredictor model, IReadOnlyDictionary<string, double[]> inputs, int polish, out int notConverged)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(polish);
        var x = Rows(model.InputNames, inputs, out int n);
        var y = model.Predict(x, n);
        notConverged = NewtonPolish.Run(new CompiledSystem(model.Problem), x, n, y, polish).NotConverged;
        return Columns(model.OutputNames, y, n);
    }

    /// <summary>
    /// Whether each row of a batch (columns by input name, as for <see cref="Predict(IPredictor, IReadOnlyDictionary{string, double[]})"/>)
    /// lies inside the trained domain, dependent bounds included: a prediction outside it is an extrapolation that training
    /// never checked.
    /// </summary>
    /// <exception cref="ArgumentException">An input is missing, a name is unknown, or the columns differ in length.</exception>
    public static bool[] InDomain(IPredictor model, IReadOnlyDictionary<string, double[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        var x = Rows(model.InputNames, inputs, out int n);
        var domain = new TrainedDomain(model.Problem);
        int d = model.InputNames.Count;
        var inside = new bool[n];
        for (int i = 0; i < n; i++) inside[i] = domain.Contains(x.AsSpan(i * d, d));
        return inside;
    }

    /// <summary>The first bound that one point (every input by name) violates, or null inside the trained domain.</summary>
    /// <exception cref="ArgumentException">An input is missing or unknown.</exception>
    public static DomainViolation? DomainViolation(IPredictor model, IReadOnlyDictionary<string, double> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        var x = Rows(model.InputNames, inputs.ToDictionary(p => p.Key, p => new[] { p.Value }), out _);
        return new TrainedDomain(model.Problem).FirstViolation(x);
    }

    /// <summary>Writes <paramref name="rows"/> points of <paramref name="problem"/>'s domain as CSV (<c>eqnet sample</c>; see <see cref="DomainCsv"/>).</summary>
    public static void SampleCsv(Problem problem, long rows, TextWriter output, int seed = 1) => DomainCsv.Write(WithoutParameters(problem, "sampled"), rows, output, seed);

    /// <summary>
    /// Predicts a CSV stream (<c>eqnet predict --in</c>): the header names the inputs in any order, other columns pass
    /// through, the outputs and an <c>in_domain</c> column are appended; read and written in blocks, so a file larger than
    /// memory works. An unreadable row is written with empty outputs and listed in the summary, never dropped.
    /// </summary>
    /// <exception cref="CsvInputException">The header lacks an input, or the stream is not CSV.</exception>
    public static CsvPredictionSummary PredictCsv(IPredictor model, TextReader input, TextWriter output, CsvPredictionOptions options,
        Action<CsvPredictionProgress>? progress = null) => CsvPredictor.Run(model, input, output, options, progress);

    /// <summary>
    /// Solves the problem's equations at one point by Newton's method (<c>eqnet solve</c>), from the model's prediction
    /// when <paramref name="model"/> is given, else from the solver's own starts.
    /// </summary>
    /// <exception cref="ArgumentException">An input is missing or unknown, or the model was trained on other inputs or outputs.</exception>
    public static PointSolution Solve(Problem problem, IReadOnlyDictionary<string, double> inputs, EqNetModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        WithoutParameters(problem, "solved");
        var x = Rows(problem.InputNames, inputs.ToDictionary(p => p.Key, p => new[] { p.Value }), out _);
        double[]? prediction = null;
        if (model is not null)
        {
            if (!model.InputNames.SequenceEqual(problem.InputNames) || !model.OutputNames.SequenceEqual(problem.OutputNames))
                throw new ArgumentException($"the model was trained on inputs ({string.Join(", ", model.InputNames)}) and outputs ({string.Join(", ", model.OutputNames)}), not this problem's", nameof(model));
            prediction = model.Predict(x, 1);
        }
        var system = new CompiledSystem(problem);
        var result = new NewtonSolver(system).Solve(x, 1, prediction ?? default);
        if (!result.Converged[0])
        {
            // One point has no neighbours to continue from: solve it among points of the domain, so that it is continued
            // from the nearest of those the starts solve.
            const int neighbours = 255;
            var batch = x.Concat(new Sampling.DomainSampler(problem).Sample(neighbours, seed: 1)).ToArray();
            var starts = prediction is null ? default : prediction.Concat(new double[neighbours * problem.Outputs.Count].Select(_ => double.NaN)).ToArray();
            var again = new NewtonSolver(system).Solve(batch, neighbours + 1, starts);
            if (again.Residuals[0] < result.Residuals[0])
                result = new SolveResult(again.Solutions[..problem.Outputs.Count], [again.Converged[0]], [again.Residuals[0]], [result.Iterations[0] + again.Iterations[0]]);
        }
        var (residuals, _) = system.ScaleRelativeErrors(system.Join(x, result.Solutions, 1), 1);
        double[]? predictionResiduals = prediction is null ? null : system.ScaleRelativeErrors(system.Join(x, prediction, 1), 1).PerEquation;
        return new PointSolution(Named(problem.OutputNames, result.Solutions), result.Converged[0], result.Iterations[0], result.Residuals[0],
            residuals, prediction is null ? null : Named(problem.OutputNames, prediction), predictionResiduals);
    }

    /// <summary>
    /// The problem itself when it has no unknown constants; otherwise a located error: its equations cannot be evaluated
    /// until the constants are fitted (<see cref="Fit"/>).
    /// </summary>
    private static Problem WithoutParameters(Problem problem, string what)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Parameters.Count == 0) return problem;
        throw new ProblemException(problem.SourcePath, problem.Parameters[0].Line, "parameters",
            $"the equations have unknown constants ({string.Join(", ", problem.ParameterNames)}), so the problem cannot be {what} yet; " +
            "'eqnet train' fits them to the data file (docs/data.md). Then write the fitted values into the equations to use the other commands.");
    }

    private static double[] Rows(IReadOnlyList<string> names, IReadOnlyDictionary<string, double[]> columns, out int n)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var unknown = columns.Keys.Where(k => !names.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"unknown input {string.Join(", ", unknown)}; the inputs are {string.Join(", ", names)}", nameof(columns));
        var missing = names.Where(name => !columns.ContainsKey(name)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"missing input {string.Join(", ", missing)}; give every input: {string.Join(", ", names)}", nameof(columns));
        n = columns[names[0]].Length;
        int d = names.Count;
        var x = new double[n * d];
        for (int i = 0; i < d; i++)
        {
            var column = columns[names[i]];
            if (column.Length != n)
                throw new ArgumentException($"input {names[i]} has {column.Length} values but {names[0]} has {n}; give every input the same number", nameof(columns));
            for (int r = 0; r < n; r++) x[r * d + i] = column[r];
        }
        return x;
    }

    private static Dictionary<string, double[]> Columns(IReadOnlyList<string> names, double[] rows, int n)
    {
        int o = names.Count;
        var columns = new Dictionary<string, double[]>(o);
        for (int j = 0; j < o; j++)
        {
            var column = new double[n];
            for (int r = 0; r < n; r++) column[r] = rows[r * o + j];
            columns[names[j]] = column;
        }
        return columns;
    }

    private static Dictionary<string, double> Named(IReadOnlyList<string> names, double[] values) =>
        names.Select((name, j) => (name, j)).ToDictionary(p => p.name, p => values[p.j]);
}
