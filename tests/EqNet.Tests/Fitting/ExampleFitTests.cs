using EqNet.Fitting;

namespace EqNet.Tests.Fitting;

public class ExampleFitTests
{
    [Fact]
    public void The_arrhenius_example_recovers_its_generating_constants_within_their_intervals()
    {
        var fit = ParameterFitter.Fit(TestProblems.Load(Path.Combine("fitting", "arrhenius-rates.yaml")));
        Assert.True(fit.Converged);
        Assert.InRange(61500, fit["Ea"].Lower, fit["Ea"].Upper);
        Assert.InRange(3.1e9, fit["A"].Lower, fit["A"].Upper);
        Assert.Equal(16, fit.Rows);
        Assert.Empty(fit.Warnings);
    }
}
