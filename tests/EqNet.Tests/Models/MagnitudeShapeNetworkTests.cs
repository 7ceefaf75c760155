using EqNet.Models;

namespace EqNet.Tests.Models;

public class MagnitudeShapeNetworkTests
{
    private static readonly OutputHead[] AllHeads =
    [
        OutputHead.For("free", null, null),
        OutputHead.For("positive", 0, null),
        OutputHead.For("capped", null, 5),
        OutputHead.For("interval", -1, 3),
        OutputHead.For("difference", null, null).AsDifference(),
        OutputHead.For("envelope", null, null).AsEnvelope(),
    ];

    [Fact]
    public void JacobianMatchesCentralDifferencesForEveryHead()
    {
        var network = new MagnitudeShapeNetwork(3, [5, 4], 3, 2, AllHeads);
        var random = new Random(5);
        var parameters = network.Initialize(seed: 11).Select(v => v + 0.4 * (random.NextDouble() - 0.5)).ToArray();
        int n = 7, o = network.OutputCount, p = network.ParameterCount;
        var features = Enumerable.Range(0, n * 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var outputs = new double[n * o];
        var jacobian = new double[n * o * p];
        network.Evaluate(parameters, features, n, outputs, jacobian, threads: 1);

        var plus = new double[n * o];
        var minus = new double[n * o];
        double worst = 0;
        for (int k = 0; k < p; k++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(parameters[k]));
            double saved = parameters[k];
            parameters[k] = saved + h;
            network.Evaluate(parameters, features, n, plus, default, 1);
            parameters[k] = saved - h;
            network.Evaluate(parameters, features, n, minus, default, 1);
            parameters[k] = saved;
            for (int r = 0; r < n * o; r++)
            {
                double numeric = (plus[r] - minus[r]) / (2 * h);
                double analytic = jacobian[r * p + k];
                worst = Math.Max(worst, Math.Abs(numeric - analytic) / Math.Max(1, Math.Abs(numeric)));
            }
        }
        Assert.True(worst < 1e-6, $"worst relative Jacobian error {worst:E2}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChainedOutputJacobianIncludesTheUpstreamOutputsParameters(bool learnedScales)
    {
        UpstreamFeature[] fromY = [new UpstreamFeature(0, 2.0, 0.1, 1.5), new UpstreamFeature(0, 0.7, -0.2, 0.9, Even: true)];
        var network = new MagnitudeShapeNetwork(3, [4], 2, 1, [OutputHead.For("y", null, null), OutputHead.For("w", 0, null)], [[], fromY],
            learnedScales: learnedScales);
        var random = new Random(8);
        var parameters = network.Initialize(seed: 4).Select(v => v + 0.3 * (random.NextDouble() - 0.5)).ToArray();
        int n = 5, o = 2, p = network.ParameterCount;
        var features = Enumerable.Range(0, n * 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var outputs = new double[n * o];
        var jacobian = new double[n * o * p];
        network.Evaluate(parameters, features, n, outputs, jacobian, 1);
        var plus = new double[n * o];
        var minus = new double[n * o];
        var (yOffset, yLength) = network.OutputParameterRange(0);
        bool crossTermSeen = false;
        for (int k = 0; k < p; k++)
        {
            double saved = parameters[k], h = 1e-6;
            parameters[k] = saved + h;
            network.Evaluate(parameters, features, n, plus, default, 1);
            parameters[k] = saved - h;
            network.Evaluate(parameters, features, n, minus, default, 1);
            parameters[k] = saved;
            for (int r = 0; r < n * o; r++)
            {
                double numeric = (plus[r] - minus[r]) / (2 * h);
                Assert.True(Math.Abs(numeric - jacobian[r * p + k]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"row {r} column {k}: {numeric} vs {jacobian[r * p + k]}");
                crossTermSeen |= r % 2 == 1 && k >= yOffset && k < yOffset + yLength && Math.Abs(numeric) > 1e-8;
            }
        }
        Assert.True(crossTermSeen, "w should depend on y's parameters through the upstream feature");
        Assert.Equal(learnedScales ? 2 : 0, p - new MagnitudeShapeNetwork(3, [4], 2, 1, network.Heads, [[], fromY]).ParameterCount);
        if (!learnedScales) return;
        // The scales (the first parameters of w) are checked above with the rest; they must also matter.
        var (wOffset, _) = network.OutputParameterRange(1);
        for (int k = 0; k < 2; k++)
            Assert.Contains(Enumerable.Range(0, n), i => Math.Abs(jacobian[(i * o + 1) * p + wOffset + k]) > 1e-8);
    }

    [Fact]
    public void LearnedScalesStartAtTheFeaturesScalesAndMoveWithTheirMagnitude()
    {
        UpstreamFeature[] fromY = [new UpstreamFeature(0, 3.0, 0.5, 1.2), new UpstreamFeature(0, 0.05, 0, 2, Even: true)];
        var network = new MagnitudeShapeNetwork(2, [3], 2, 1, [OutputHead.For("y", null, null), OutputHead.For("w", 0, null)], [[], fromY],
            denominatorUnits: [0, 1], learnedScales: true);
        var parameters = network.Initialize(seed: 2);
        Assert.Equal(3.0, network.UpstreamScale(1, 0, parameters), 12);
        Assert.Equal(0.05, network.UpstreamScale(1, 1, parameters), 12);
        // w's magnitude range starts with its scales, so the pre-fit moves them; re-initialising it puts them back.
        int index = network.MagnitudeOwners.ToList().FindIndex(m => m.Output == 1);
        var (offset, length) = network.MagnitudeParameterRanges[index];
        Assert.Equal(network.OutputParameterRange(1).Offset, offset);
        parameters[offset] = Math.Log(10);
        Assert.Equal(10, network.UpstreamScale(1, 0, parameters), 9);
        network.InitializeMagnitude(index, parameters, seed: 5);
        Assert.Equal(3.0, network.UpstreamScale(1, 0, parameters), 12);

        int n = 6;
        var random = new Random(3);
        parameters = parameters.Select(v => v + 0.2 * (random.NextDouble() - 0.5)).ToArray();
        var features = Enumerable.Range(0, n * 2).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var teacher = Enumerable.Range(0, n * 2).Select(_ => 4 * random.NextDouble() - 2).ToArray();
        var m = new double[n];
        var jacobian = new double[n * length];
        network.EvaluateMagnitude(index, parameters, features, n, m, jacobian, 1, teacher);
        var plus = new double[n];
        var minus = new double[n];
        for (int k = 0; k < length; k++)
        {
            double saved = parameters[offset + k], h = 1e-6;
            parameters[offset + k] = saved + h;
            network.EvaluateMagnitude(index, parameters, features, n, plus, default, 1, teacher);
            parameters[offset + k] = saved - h;
            network.EvaluateMagnitude(index, parameters, features, n, minus, default, 1, teacher);
            parameters[offset + k] = saved;
            for (int r = 0; r < n; r++)
                Assert.Equal((plus[r] - minus[r]) / (2 * h), jacobian[r * length + k], 6);
        }
        Assert.Contains(Enumerable.Range(0, n), r => Math.Abs(jacobian[r * length]) > 1e-6);
    }

    [Fact]
    public void MagnitudeJacobianMatchesCentralDifferences()
    {
        var network = new MagnitudeShapeNetwork(2, [4], 2, 2, AllHeads);
        var parameters = network.Initialize(seed: 3).Select((v, i) => v + 0.01 * (i % 7)).ToArray();
        int n = 5;
        var random = new Random(9);
        var features = Enumerable.Range(0, n * 2).Select(_ => random.NextDouble()).ToArray();
        Assert.Equal(AllHeads.Count(h => h.HasMagnitude) + AllHeads.Count(h => h.HasNegativeMagnitude), network.MagnitudeParameterRanges.Count);
        for (int index = 0; index < network.MagnitudeParameterRanges.Count; index++)
        {
            var (offset, length) = network.MagnitudeParameterRanges[index];
            var m = new double[n];
            var jacobian = new double[n * length];
            network.EvaluateMagnitude(index, parameters, features, n, m, jacobian, 1);
            var plus = new double[n];
            var minus = new double[n];
            for (int k = 0; k < length; k++)
            {
                double saved = parameters[offset + k], h = 1e-6;
                parameters[offset + k] = saved + h;
                network.EvaluateMagnitude(index, parameters, features, n, plus, default, 1);
                parameters[offset + k] = saved - h;
                network.EvaluateMagnitude(index, parameters, features, n, minus, default, 1);
                parameters[offset + k] = saved;
                for (int r = 0; r < n; r++)
                    Assert.Equal((plus[r] - minus[r]) / (2 * h), jacobian[r * length + k], 6);
            }
        }
    }

    [Fact]
    public void HeadsRespectTheirBoundsWhateverTheWeights()
    {
        var network = new MagnitudeShapeNetwork(2, [3], 2, 1, AllHeads);
        var random = new Random(1);
        var parameters = network.Initialize(seed: 1).Select(_ => 20 * (random.NextDouble() - 0.5)).ToArray();
        int n = 200;
        var features = Enumerable.Range(0, n * 2).Select(_ => 4 * (random.NextDouble() - 0.5)).ToArray();
        int o = AllHeads.Length;
        var outputs = new double[n * o];
        network.Evaluate(parameters, features, n, outputs, default, 2);
        for (int i = 0; i < n; i++)
        {
            Assert.True(outputs[i * o + 1] >= 0);
            Assert.True(outputs[i * o + 2] <= 5);
            Assert.InRange(outputs[i * o + 3], -1, 3);
        }
    }

    [Fact]
    public void ThreadCountDoesNotChangeResults()
    {
        var network = new MagnitudeShapeNetwork(4, [8, 8], 4, 2, [OutputHead.For("y", null, null)]);
        var parameters = network.Initialize(seed: 2);
        var random = new Random(4);
        int n = 1000;
        var features = Enumerable.Range(0, n * 4).Select(_ => random.NextDouble()).ToArray();
        var one = new double[n];
        var two = new double[n];
        network.Evaluate(parameters, features, n, one, default, 1);
        network.Evaluate(parameters, features, n, two, default, 2);
        Assert.Equal(one, two);
    }

    [Fact]
    public void SumOfPowerLawsIsExactInTheMagnitude()
    {
        // m = log(exp(2 u0 + 1) + exp(-u1)) needs only two log-sum-exp units and a zero MLP.
        var network = new MagnitudeShapeNetwork(2, [3], 2, 0, [OutputHead.For("y", 0, null)]);
        var p = new double[network.ParameterCount];
        var (offset, length) = network.MagnitudeParameterRanges[0];
        var units = p.AsSpan(offset + length - 6, 6);
        units[0] = 2; units[1] = 0; units[2] = 1;
        units[3] = 0; units[4] = -1; units[5] = 0;
        double u0 = 0.3, u1 = -1.2;
        var y = new double[1];
        network.Evaluate(p, [u0, u1], 1, y, default, 1);
        Assert.Equal(Math.Exp(2 * u0 + 1) + Math.Exp(-u1), y[0], 12);
    }

    [Fact]
    public void DifferenceHeadIsExactWhereItsPartsCancel()
    {
        // y = exp(u0) - exp(u1) through two single-unit magnitudes: exact even where u0 = u1 + 1e-9 and y ~ 1e-9.
        var network = new MagnitudeShapeNetwork(2, [3], 1, 0, [OutputHead.For("y", null, null).AsDifference()]);
        var p = new double[network.ParameterCount];
        var (positive, lengthP) = network.MagnitudeParameterRanges[0];
        var (negative, lengthN) = network.MagnitudeParameterRanges[1];
        Assert.Equal((0, false), network.MagnitudeOwners[0]);
        Assert.Equal((0, true), network.MagnitudeOwners[1]);
        p[positive + lengthP - 3] = 1;
        p[negative + lengthN - 2] = 1;
        double u0 = 0.7 + 1e-9, u1 = 0.7;
        var y = new double[1];
        network.Evaluate(p, [u0, u1], 1, y, default, 1);
        double d = u0 - u1, exact = Math.Exp(u1) * (d + d * d / 2);
        Assert.Equal(exact, y[0], exact * 1e-6);
    }
}
