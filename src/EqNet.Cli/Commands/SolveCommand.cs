using System.CommandLine;
using System.Globalization;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Solving;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet solve PROBLEM --at "..."</c>: the exact solution at one point by Newton, with or without a model.</summary>
internal static class SolveCommand
{
    public static Command Create()
    {
        var problemPath = new Argument<string>("PROBLEM") { Description = "Problem file (YAML)." };
        var at = new Option<string>("--at") { Description = "The input point: \"x1=700, x2=20, ...\".", Required = true };
        var modelPath = new Option<string?>("--model") { Description = "A trained model: Newton starts from its prediction, and its error is shown." };
        var command = new Command("solve", "Solve the problem's equations at one point by Newton's method (no training needed).") { problemPath, at, modelPath };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(problemPath), parsed.GetRequiredValue(at), parsed.GetValue(modelPath))));
        return command;
    }

    private static int Run(string path, string at, string? modelPath)
    {
        var problem = ProblemFile.Load(path);
        var x = PointParser.Parse(at, problem.InputNames);
        WarnOutsideDomain(problem, x);
        double[]? prediction = null;
        if (modelPath is not null)
        {
            var model = ModelFile.Load(modelPath);
            if (!model.InputNames.SequenceEqual(problem.InputNames) || !model.OutputNames.SequenceEqual(problem.OutputNames))
                throw new UserInputException($"{modelPath} was trained on inputs ({string.Join(", ", model.InputNames)}) and outputs ({string.Join(", ", model.OutputNames)}), not this problem's");
            prediction = model.Predict(x, 1);
        }
        var system = new CompiledSystem(problem);
        var result = new NewtonSolver(system).Solve(x, 1, prediction ?? default);
        var y = result.Solutions;
        Console.WriteLine(result.Converged[0]
            ? $"solved by Newton in {result.Iterations[0]} iterations{(prediction is null ? "" : " from the model's prediction")}:"
            : $"Newton did NOT converge ({result.Iterations[0]} iterations); best point found (largest scale-relative residual {F(result.Residuals[0])}):");
        for (int j = 0; j < y.Length; j++)
        {
            string line = $"  {problem.OutputNames[j]} = {y[j].ToString("R", CultureInfo.InvariantCulture)}";
            if (prediction is not null)
                line += $"    model: {prediction[j].ToString("G10", CultureInfo.InvariantCulture)} (relative error {F(Math.Abs(prediction[j] - y[j]) / Math.Max(Math.Abs(y[j]), 1e-300))})";
            Console.WriteLine(line);
        }
        Console.WriteLine("scale-relative residual |lhs - rhs| / S per equation:");
        var (solution, _) = system.ScaleRelativeErrors(system.Join(x, y, 1), 1);
        double[]? model1 = prediction is null ? null : system.ScaleRelativeErrors(system.Join(x, prediction, 1), 1).PerEquation;
        for (int k = 0; k < problem.Equations.Count; k++)
            Console.WriteLine($"  {problem.Equations[k].Text}: {F(solution[k])}{(model1 is null ? "" : $"    model: {F(model1[k])}")}");
        return result.Converged[0] ? ExitCodes.Ok : ExitCodes.InternalError;
    }

    private static void WarnOutsideDomain(Problem problem, double[] x)
    {
        var names = problem.InputNames;
        for (int i = 0; i < names.Count; i++)
        {
            var lo = problem.Inputs[i].Min.Compile(names).Evaluate(x);
            var hi = problem.Inputs[i].Max.Compile(names).Evaluate(x);
            if (x[i] < lo || x[i] > hi)
                Console.Error.WriteLine($"eqnet: warning: {names[i]}={x[i].ToString("G6", CultureInfo.InvariantCulture)} is outside its domain [{lo.ToString("G6", CultureInfo.InvariantCulture)}, {hi.ToString("G6", CultureInfo.InvariantCulture)}]; a model was not trained there");
        }
    }

    private static string F(double v) => v.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
