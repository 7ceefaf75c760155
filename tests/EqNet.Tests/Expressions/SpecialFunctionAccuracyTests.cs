using System.Globalization;
using EqNet.Expressions;
using Xunit.Abstractions;

namespace EqNet.Tests.Expressions;

/// <summary>Every special function against mpmath's values (bench/special/references.csv) within its documented bound.</summary>
public class SpecialFunctionAccuracyTests(ITestOutputHelper output)
{
    /// <summary>The bound each function is documented with in docs/expressions.md (relative error, see the file's scale).</summary>
    public static TheoryData<string, double> Bounds() => new()
    {
        { "erf", 1e-15 },
        { "erfc", 1e-15 },
        { "erfinv", 1e-15 },
        { "gamma", 5e-15 },
        { "lgamma", 2e-15 },
        { "beta", 1e-13 },
        { "polygamma", 5e-15 },
        { "besselj", 2e-14 },
        { "bessely", 1e-15 },
        { "besseli", 5e-14 },
        { "besselk", 5e-15 },
        { "lambertw", 1e-15 },
        { "lambertwm1", 1e-15 },
        { "expm1", 1e-15 },
        { "log1p", 1e-15 },
        { "hypot", 1e-15 },
        { "atan2", 1e-15 },
        { "cbrt", 1e-15 },
        { "sinc", 1e-15 },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void EveryReferenceValueIsMetWithinTheDocumentedBound(string function, double bound)
    {
        var rows = References.Where(r => r.Function == function).ToList();
        Assert.True(rows.Count >= 50, $"{function}: {rows.Count} reference values");
        double worst = 0;
        string at = "";
        foreach (var row in rows)
        {
            double got = Evaluate(function, row.X1, row.X2);
            double error = row.Scale == 0 ? Math.Abs(got - row.Value) : Math.Abs(got - row.Value) / row.Scale;
            if (!(error <= worst))
            {
                (worst, at) = (double.IsNaN(error) ? double.PositiveInfinity : error, $"{row.X1:R}, {row.X2:R}: {got:R} vs {row.Value:R}");
            }
        }

        output.WriteLine($"{function}: {rows.Count} points, max relative error {worst:E2} at ({at})");
        Assert.True(worst <= bound, $"{function}: max relative error {worst:E2} at ({at})");
    }

    /// <summary>Through the parser and compiled evaluation, as an equation would call it.</summary>
    internal static double Evaluate(string function, double x1, double x2)
    {
        string text = function switch
        {
            "lambertwm1" => "lambertw(a, -1)",
            _ when double.IsNaN(x2) => $"{function}(a)",
            _ => $"{function}(a, b)",
        };
        var compiled = Expr.Parse(text).Compile(["a", "b"]);
        return compiled.Evaluate([x1, x2]);
    }

    internal sealed record Reference(string Function, double X1, double X2, double Value, double Scale);

    internal static IReadOnlyList<Reference> References { get; } = Load();

    private static List<Reference> Load()
    {
        static double Read(string s) => s.Length == 0 ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return [.. File.ReadLines(Path.Combine(TestProblems.RepositoryRoot, "bench", "special", "references.csv"))
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(','))
            .Select(p => new Reference(p[0], Read(p[1]), Read(p[2]), Read(p[3]), Read(p[4])))];
    }
}
