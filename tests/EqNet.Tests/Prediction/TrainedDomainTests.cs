using EqNet.Prediction;

namespace EqNet.Tests.Prediction;

public class TrainedDomainTests
{
    private readonly TrainedDomain _seed = new(TestProblems.Load("seed.yaml"));

    [Fact]
    public void APointInsideEveryBoundIsInside()
    {
        Assert.True(_seed.Contains([700, 20, 2000, 1e-4, 5]));
        Assert.True(_seed.Contains([700, 700, 1000, 1e-6, 10000]), "bounds are inclusive");
    }

    [Fact]
    public void ADependentBoundIsEvaluatedFromTheEarlierInputs()
    {
        var violation = _seed.FirstViolation([700, 800, 2000, 1e-4, 5]);
        Assert.NotNull(violation);
        Assert.Equal("x2", violation.Input);
        Assert.True(violation.IsUpper);
        Assert.Equal(700, violation.BoundValue);
        Assert.Equal("x2 = 800 is above its max x1 = 700", violation.ToString());
        Assert.True(_seed.Contains([900, 800, 2000, 1e-4, 5]), "the same x2 is inside when x1 is larger");
    }

    [Fact]
    public void ConstantBoundsAndNonFiniteValuesAreOutside()
    {
        var below = _seed.FirstViolation([700, 20, 2000, 1e-7, 5])!;
        Assert.Equal("x4 = 1e-07 is below its min 1e-06", below.ToString());
        Assert.Equal("x1 = 2000 is above its max 1000", _seed.FirstViolation([2000, 20, 2000, 1e-4, 5])!.ToString());
        Assert.False(_seed.Contains([700, double.NaN, 2000, 1e-4, 5]));
    }
}
