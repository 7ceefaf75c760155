using System.CommandLine;
using System.Globalization;
using EqNet.Expressions;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet bench special</c>: every special function's largest relative error against mpmath's reference values.</summary>
internal static class SpecialFunctionBench
{
    public static Command Create()
    {
        var references = new Option<string>("--references")
        {
            Description = "Reference values (function,x1,x2,value,scale per line; bench/special/references.py writes them).",
            DefaultValueFactory = _ => Path.Combine("bench", "special", "references.csv"),
        };
        var command = new Command("special", "Measure each special function (erf, gamma, Bessel, Lambert W, ...) against mpmath's values: largest relative error per function.")
        {
            references,
        };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(references))));
        return command;
    }

    private static int Run(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: no such file; run from the repository's root or pass --references FILE");
        IReadOnlyList<SpecialFunctionReferences.Reference> rows;
        try
        {
            rows = SpecialFunctionReferences.Read(path);
        }
        catch (FormatException e)
        {
            throw new UserInputException(e.Message);
        }

        Console.WriteLine($"{"function",-12} {"points",6} {"argument range",-26} {"max rel. error",14}  at");
        foreach (var a in SpecialFunctionReferences.Measure(rows).OrderBy(a => a.Function, StringComparer.Ordinal))
        {
            string range = string.Create(CultureInfo.InvariantCulture, $"[{a.Min:G4}, {a.Max:G4}]");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.Function,-12} {a.Points,6} {range,-26} {a.MaxError,14:E2}  {a.At}"));
        }

        Console.WriteLine("relative to |value|; for besselj and bessely to the envelope sqrt(J^2 + Y^2), for digamma to max(|value|, 1)");
        return ExitCodes.Ok;
    }
}
