using EqNet.Features;
using EqNet.Models;
using EqNet.Sampling;
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

    [Fact]
    public void AnAffineOutputIsFittedInTheShapesUnitsNotRelativeToItself()
    {
        var problem = TestProblems.Inline("""
            inputs: {a: {min: 1, max: 2}}
            outputs: [x]
            equations: [a = x + 1.5]
            """);
        int n = 4;
        var inputs = new DomainSampler(problem).Sample(n, 1);
        var map = FeatureMap.Design(problem, inputs, n);
        var set = new TrainingSet(inputs, n, map);
        var network = new MagnitudeShapeNetwork(map.Count, [3], 1, 1, [OutputHead.For("x", null, null).AsAffine(-0.5, 0.5)]);
        var parameters = network.Initialize(4);
        // A reference of 1e-12 would weigh 1e12 relative to itself; in the shape's units (half-width 0.5) it weighs 2.
        double[] references = [1e-12, -0.3, 0.45, 0.1];
        var scales = references.Select(Math.Abs).ToArray();
        var fit = new ReferenceFit(network, set, references, scales, 1, 0, parameters);
        var residuals = new double[n];
        var jacobian = new double[n * fit.ParameterCount];
        fit.Evaluate(fit.Gather(), residuals, jacobian);
        var predicted = new double[n];
        network.Evaluate(parameters, set.Features, n, predicted, default, 1);
        for (int i = 0; i < n; i++) Assert.Equal((predicted[i] - references[i]) / 0.5, residuals[i], 12);
        var outputJacobian = new double[n * network.ParameterCount];
        network.Evaluate(parameters, set.Features, n, predicted, outputJacobian, 1);
        var (offset, length) = network.OutputParameterRange(0);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < length; k++) Assert.Equal(outputJacobian[i * network.ParameterCount + offset + k] / 0.5, jacobian[i * fit.ParameterCount + k], 12);
    }
}
