using System.CommandLine;
using System.Globalization;
using EqNet.Problems;
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
        var problem = Surrogate.LoadProblem(path);
        var x = PointParser.Parse(at, problem.InputNames);
        WarnOutsideDomain(problem, x);
        var point = problem.InputNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => x[p.i]);
        PointSolution result;
        try
        {
            result = Surrogate.Solve(problem, point, modelPath is null ? null : Surrogate.Load(modelPath));
        }
        catch (ArgumentException e) when (modelPath is not null)
        {
            throw new UserInputException($"{modelPath}: {e.Message}");
        }
        var prediction = result.Prediction;
        Console.WriteLine(result.Converged
            ? $"solved by Newton in {result.Iterations} iterations{(prediction is null ? "" : " from the model's prediction")}:"
            : $"Newton did NOT converge ({result.Iterations} iterations); best point found (largest scale-relative residual {F(result.Residual)}):");
        foreach (var name in problem.OutputNames)
        {
            double y = result.Outputs[name];
            string line = $"  {name} = {y.ToString("R", CultureInfo.InvariantCulture)}";
            if (prediction is not null)
                line += $"    model: {prediction[name].ToString("G10", CultureInfo.InvariantCulture)} (relative error {F(Math.Abs(prediction[name] - y) / Math.Max(Math.Abs(y), 1e-300))})";
            Console.WriteLine(line);
        }
        Console.WriteLine("scale-relative residual |lhs - rhs| / S per equation:");
        for (int k = 0; k < problem.Equations.Count; k++)
            Console.WriteLine($"  {problem.Equations[k].Text}: {F(result.EquationResiduals[k])}{(result.PredictionResiduals is { } m ? $"    model: {F(m[k])}" : "")}");
        return result.Converged ? ExitCodes.Ok : ExitCodes.InternalError;
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
