namespace EqNet.Tests.Cli;

public class SolveCommandTests
{
    [Fact]
    public void SolvesVanDerWaalsAtAPointWithoutAModel()
    {
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "solve", "examples/van-der-waals.yaml", "--at", "a=0.3, b=4e-5, T=1000, P=1e6");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var line = run.Out.Split('\n').First(l => l.TrimStart().StartsWith("V = ", StringComparison.Ordinal));
        double v = double.Parse(line.Split('=')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        double residual = (1e6 + 0.3 / (v * v)) * (v - 4e-5) - 8.314462618 * 1000;
        Assert.True(Math.Abs(residual) < 1e-9 * 8314, $"V = {v}, residual {residual}");
        Assert.Contains("scale-relative residual", run.Out);
    }

    [Theory]
    [InlineData("a=0.3, b=4e-5, T=1000", "missing P")]
    [InlineData("a=0.3, b=4e-5, T=1000, P=1e6, Q=2", "unknown input 'Q'")]
    [InlineData("a=0.3, b=x, T=1000, P=1e6", "'x' (for b) is not a number")]
    public void BadPointsAreUserErrors(string at, string message)
    {
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "solve", "examples/van-der-waals.yaml", "--at", at);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }
}
