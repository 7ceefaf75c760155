using EqNet.Cli.Terminal;
using EqNet.Fitting;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet train</c> on a problem with unknown constants and a learned term: fit them jointly, print the table, write parameters.json and the term's model.</summary>
internal static class LearnedTermCommand
{
    public static int Fit(EqNet.Problems.Problem problem, string? outDir, int? seed)
    {
        string dir = outDir ?? Path.Combine("runs", problem.Name);
        var term = problem.Outputs.First(o => o.IsLearnedTerm);
        Console.WriteLine($"eqnet train {problem.Name}: fitting {problem.Parameters.Count} parameter{(problem.Parameters.Count == 1 ? "" : "s")} " +
            $"({string.Join(", ", problem.ParameterNames)}) and the learned term {term.Name}({string.Join(", ", term.LearnedFrom!)}) jointly to {Path.GetRelativePath(Environment.CurrentDirectory, problem.Data.File!)} by Levenberg-Marquardt");
        var options = new LearnedTermFitOptions { Parameters = new ParameterFitOptions { Seed = seed ?? problem.Training.Seed ?? 1 } };
        var (result, parameters, model) = Surrogate.FitLearnedTermToFolder(problem, dir, options);
        ParameterTable.Print(result.Parameters);
        Console.WriteLine($"  {result.Term}: {result.Model.Describe(result.Term)}");
        Console.WriteLine($"    {result.NetworkWeights} weights (rank {result.NetworkRank} in the Jacobian): nuisance parameters, projected out of the constants' covariance; " +
            "the intervals assume the network's form is adequate");
        foreach (var warning in result.Parameters.Warnings.Concat(result.Parameters.ProfileWarnings))
            Console.Error.WriteLine($"eqnet: warning: {warning}");
        Console.WriteLine($"wrote {parameters}, {Path.Combine(Path.GetDirectoryName(parameters) ?? ".", "report.html")}, {model}");
        return ExitCodes.Ok;
    }
}
