using EqNet.Sampling;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class AdditiveUnitsTests
{
    private const string FiveSquares = """
        name: five
        inputs:
          a: {min: -1, max: 1}
          b: {min: -1, max: 1}
          c: {min: 1, max: 2}
          d: {min: -1, max: 1}
          e: {min: -1, max: 1}
        outputs: [y]
        equations:
          - y = a**2 + 3*b**2*c + d**2/2 + e**2 + c
        """;

    private static AdditiveUnits Of(string yaml)
    {
        var problem = TestProblems.Inline(yaml);
        var sample = new DomainSampler(problem).Sample(500, 3);
        return AdditiveUnits.Of(problem, sample, 500);
    }

    [Fact]
    public void EachMonomialTermOfAOneSignSumIsAUnitOverItsOwnInputs()
    {
        var additive = Of(FiveSquares);
        Assert.True(additive.Any);
        Assert.Equal(5, additive.Units(4));
        Assert.Equal(8, additive.Units(8));
        Assert.Equal([[0], [1, 2], [3], [4], [2]], additive.Terms[0].Select(t => t!.Order().ToArray()).ToArray());
    }

    [Fact]
    public void ANamedConstantIsACoefficient()
    {
        var additive = Of(FiveSquares.Replace("a**2 + 3*b**2*c", "a**2/(4*pi) + b**2*c/pi", StringComparison.Ordinal));
        Assert.True(additive.Any);
        Assert.Equal([[0], [1, 2], [3], [4], [2]], additive.Terms[0].Select(t => t!.Order().ToArray()).ToArray());
    }

    [Theory]
    [InlineData("a**2 + b**2 + c - d**2 + e**2")]
    [InlineData("a**2 + b**2 + c + d**2 + sin(e)**2")]
    [InlineData("a**2 + b**2 + c + d**2")]
    [InlineData("a + b**2 + c + d**2 + e**2")]
    public void NoStructureForMixedSignsNonMonomialsOrFewTerms(string sum)
    {
        var additive = Of(FiveSquares.Replace("a**2 + 3*b**2*c + d**2/2 + e**2 + c", sum, StringComparison.Ordinal));
        Assert.False(additive.Any);
        Assert.Equal(4, additive.Units(4));
    }

    [Fact]
    public void WithoutRemovesSingleParametersAndSplitsRanges()
    {
        var free = AdditiveUnits.Without([(0, 5), (10, 3)], [(1, 1), (2, 1), (4, 1), (11, 1)]);
        Assert.Equal([(0, 1), (3, 1), (10, 1), (12, 1)], free);
        Assert.Equal([(0, 5)], AdditiveUnits.Without([(0, 5)], [(7, 2)]));
    }

    [Fact]
    public void AFewExactStepsFitASumOfMonomialsAndTheHeldWeightsStayZero()
    {
        var problem = TestProblems.Inline(FiveSquares);
        var options = new TrainingOptions { MaxSteps = 40, TimeBudgetSeconds = 600, Seed = 1 };
        var result = Trainer.Train(problem, options);
        var network = result.Model.Network;
        Assert.Equal(5, network.LogSumExpUnitCount);
        var sample = new DomainSampler(problem).Sample(500, 3);
        var frozen = AdditiveUnits.Of(problem, sample, 500).Frozen(network, result.Model.Features);
        Assert.NotEmpty(frozen);
        Assert.All(frozen, r => Assert.Equal(0.0, result.Model.Parameters[r.Offset]));
        Assert.True(result.BestValidation.P99 < 1e-4, $"held-out p99 {result.BestValidation.P99:G3}");
    }

    [Fact]
    public void TheStartPutsTheMagnitudeAtTheLogOfTheSumBeforeAnyStep()
    {
        var problem = TestProblems.Inline(FiveSquares);
        var model = Trainer.Design(problem, new TrainingOptions { Seed = 2 });
        var (network, map) = (model.Network, model.Features);
        var parameters = (double[])model.Parameters.Clone();
        const int count = 400;
        var inputs = new DomainSampler(problem).Sample(count, 5);
        var features = map.Compute(inputs, count);
        var additive = AdditiveUnits.Of(problem, inputs, count);
        Assert.True(additive.Applies(network, 0));
        Assert.True(additive.Start(network, map, parameters, 0, inputs, features, count));

        // Checked on other points than the fit's: the units found the exponents and coefficients, not the sample.
        var check = new DomainSampler(problem).Sample(count, 6);
        var m = new double[count];
        network.EvaluateMagnitude(0, parameters, map.Compute(check, count), count, m, default, 1, []);
        double worst = 0;
        for (int i = 0; i < count; i++)
        {
            var x = check.AsSpan(i * 5, 5);
            double y = x[0] * x[0] + 3 * x[1] * x[1] * x[2] + x[3] * x[3] / 2 + x[4] * x[4] + x[2];
            worst = Math.Max(worst, Math.Abs(m[i] - Math.Log(y)));
        }
        Assert.True(worst < 1e-8, $"largest |m - log y| {worst:G3}");
        // The frozen weights stay zero.
        Assert.All(additive.Frozen(network, map), r => Assert.Equal(0.0, parameters[r.Offset]));
    }

    [Fact]
    public void TheDesignPrintOutCountsTheMovingParametersAndSaysWhy()
    {
        var problem = TestProblems.Load("kinetic-energy-32.yaml");
        var options = new TrainingOptions { TimeBudgetSeconds = 60 };
        var model = Trainer.Design(problem, options);
        Assert.Equal(16, model.Network.LogSumExpUnitCount);
        string line = NetworkSizing.Describe(model, options);
        // Per unit: log m_k, log |v_k| and a bias move.
        int moving = model.Network.ParameterCount - 16 * (model.Network.FeatureCount - 2);
        Assert.Contains($"{moving:N0} of them move: a sum of 16 monomials", line);
        Assert.Contains($"exact steps: {moving:N0} parameters", line);
    }
}
