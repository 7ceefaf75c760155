using EqNet.Models;
using EqNet.Sampling;
using EqNet.Scaling;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class ReferenceFitTests
{
    [Fact]
    public void AnIntervalOutputIsFittedInTheSigmoidsArgument()
    {
        var problem = TestProblems.Inline("""
            inputs: {a: {min: 1, max: 2}}
            outputs: {x: {min: 0, max: 1}}
            equations: [x = a/3]
            """);
        int n = 6;
        var inputs = new DomainSampler(problem).Sample(n, 1);
        var map = FeatureMap.Design(problem, inputs, n);
        var set = new TrainingSet(inputs, n, map);
        var network = new MagnitudeShapeNetwork(map.Count, [3], 1, 1, [OutputHead.For("x", 0, 1)]);
        var parameters = network.Initialize(4);
        // References from 1e-13 to 0.9: relative to themselves they would differ by 13 decades in weight.
        double[] references = [1e-13, 1e-6, 0.01, 0.3, 0.9, double.NaN];
        var scales = references.Select(Math.Abs).ToArray();
        var fit = new ReferenceFit(network, set, references, scales, 1, 0, parameters);
        var x = fit.Gather();
        var residuals = new double[n];
        var jacobian = new double[n * fit.ParameterCount];
        fit.Evaluate(x, residuals, jacobian);
        var predicted = new double[n];
        network.Evaluate(parameters, set.Features, n, predicted, default, 1);
        static double Logit(double v) => Math.Log(v / (1 - v));
        for (int i = 0; i < n - 1; i++) Assert.Equal(Logit(predicted[i]) - Logit(references[i]), residuals[i], 9);
        Assert.Equal(0, residuals[n - 1]);
        Assert.InRange(residuals.Max(Math.Abs), 0, 40);

        var plus = new double[n];
        var minus = new double[n];
        for (int k = 0; k < fit.ParameterCount; k++)
        {
            double saved = x[k], h = 1e-6;
            x[k] = saved + h;
            fit.Evaluate(x, plus, default);
            x[k] = saved - h;
            fit.Evaluate(x, minus, default);
            x[k] = saved;
            for (int i = 0; i < n; i++)
                Assert.Equal((plus[i] - minus[i]) / (2 * h), jacobian[i * fit.ParameterCount + k], 5);
        }
    }
}
