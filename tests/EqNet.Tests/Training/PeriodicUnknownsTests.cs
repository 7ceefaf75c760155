using EqNet.Features;
using EqNet.Problems.Compiled;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class PeriodicUnknownsTests
{
    private const string TwoLink = """
        name: two-link
        inputs:
          l1: {min: 0.5, max: 1.5}
          l2: {min: 0.5*l1, max: l1}
          x:  {min: (l1 - l2) + 0.1*(l1 + l2), max: 0.95*(l1 + l2)}
          y:  {min: -sqrt((0.95*(l1 + l2))^2 - x^2), max: sqrt((0.95*(l1 + l2))^2 - x^2)}
        outputs:
          t1: {}
          t2: {min: 0, max: 3.1416}
        equations:
          - x = l1*cos(t1) + l2*cos(t1 + t2)
          - y = l1*sin(t1) + l2*sin(t1 + t2)
        """;

    [Fact]
    public void AFreeOutputOnlyInsideSineAndCosineIsPeriodic()
    {
        Assert.Equal([true, false], PeriodicUnknowns.Of(TestProblems.Inline(TwoLink)));
        // The arm's t3 also enters phi = t1 + t2 + t3 outside any sine: no repetition there.
        var arm = EqNet.Problems.ProblemFile.Load(Path.Combine(TestProblems.RepositoryRoot, "bench", "reported", "12-planar-arm-ik.yaml"));
        Assert.Equal([false, false, false], PeriodicUnknowns.Of(arm));
    }

    [Fact]
    public void WrappingBringsEveryRootToOneTurnAroundTheirCircularMean()
    {
        // Column 0 periodic: 0.5 and its repetitions at -3, +1 and +159 turns; column 1 left alone.
        double[] values = [0.5, 7, 0.5 - 6 * Math.PI, 7, 0.5 + 2 * Math.PI, 7, 0.5 + 318 * Math.PI, 7, double.NaN, 7, 1.5, 1e6];
        PeriodicUnknowns.Wrap([true, false], values, 6);
        Assert.Equal(0.5, values[0], 9);
        Assert.Equal(0.5, values[2], 9);
        Assert.Equal(0.5, values[4], 9);
        Assert.Equal(0.5, values[6], 9);
        Assert.True(double.IsNaN(values[8]));
        Assert.Equal(1.5, values[10], 12);
        Assert.Equal(1e6, values[11]);
        Assert.All(new[] { 1, 3, 5, 7, 9 }, k => Assert.Equal(7, values[k]));
    }

    [Fact]
    public void TheTwoLinkArmsReferenceAnglesLieWithinOneTurn()
    {
        var problem = TestProblems.Inline(TwoLink);
        const int n = 300;
        var inputs = new TrainingSampler(problem).Sample(n, new Random(3));
        var set = new TrainingSet(inputs, n, FeatureMap.Design(problem, inputs, n));
        var (values, _, _) = ReferenceSolutions.At(problem, new CompiledSystem(problem), set);
        var t1 = Enumerable.Range(0, n).Select(i => values[i * 2]).Where(double.IsFinite).ToArray();
        Assert.True(t1.Length > n * 0.95);
        Assert.True(t1.Max() - t1.Min() < 2 * Math.PI, $"t1 in [{t1.Min()}, {t1.Max()}]");
        // And on the branch the closed form gives (t1 = atan2(y, x) - atan2(l2 sin t2, l1 + l2 cos t2)), up to whole turns.
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(values[i * 2])) continue;
            double l1 = inputs[i * 4], l2 = inputs[i * 4 + 1], x = inputs[i * 4 + 2], y = inputs[i * 4 + 3], t2 = values[i * 2 + 1];
            double exact = Math.Atan2(y, x) - Math.Atan2(l2 * Math.Sin(t2), l1 + l2 * Math.Cos(t2));
            double turns = (values[i * 2] - exact) / (2 * Math.PI);
            Assert.Equal(Math.Round(turns), turns, 6);
        }
    }
}
