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
        { "gamma", 1e-15 },
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
        var accuracy = Measured.Single(a => a.Function == function);
        output.WriteLine($"{function}: {accuracy.Points} points, max relative error {accuracy.MaxError:E2} at {accuracy.At}");
        Assert.True(accuracy.Points >= 50, $"{function}: {accuracy.Points} reference values");
        Assert.True(accuracy.MaxError <= bound, $"{function}: max relative error {accuracy.MaxError:E2} at {accuracy.At}");
    }

    [Fact]
    public void EveryFunctionHasReferences()
    {
        var measured = Measured.Select(a => a.Function).ToHashSet();
        Assert.Equal(Bounds().Select(row => (string)row[0]).ToHashSet(), measured);
    }

    private static readonly IReadOnlyList<SpecialFunctionReferences.Accuracy> Measured = SpecialFunctionReferences.Measure(
        SpecialFunctionReferences.Read(Path.Combine(TestProblems.RepositoryRoot, "bench", "special", "references.csv")));
}
