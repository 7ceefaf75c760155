using EqNet.Features;
using EqNet.Sampling;

namespace EqNet.Tests.Features;

public class EquationFeaturesTests
{
    [Fact]
    public void ReadsTrigonometricArgumentsAndFoldsOfInputsButNotOfOutputs()
    {
        var problem = TestProblems.Inline("""
            inputs:
              t: {min: 0, max: 10}
              w: {min: 1, max: 9}
              a: {min: -1, max: 1}
              b: {min: -1, max: 1}
            outputs: [x, z]
            equations:
              - x = exp(-t)*cos(w*t) + abs(a) + max(a, b)
              - z - sin(z) = acos(cos(w*t))*tan(w*t)
            """);
        var found = EquationFeatures.Find(problem).Select(f => $"{f.Kind}:{f.Expression}").ToArray();
        // cos(w*t) and tan(w*t) share an argument: one pair; sin(z) uses an output and is left out.
        Assert.Equal(["Sine:w*t", "Cosine:w*t", "Fold:abs(a)", "Fold:abs(a - b)", "Fold:acos(cos(w*t))"], found);
    }

    [Fact]
    public void APowerWithAnInputExponentGivesTheLogOfThePowerAndAFixedOrNumericOneDoesNot()
    {
        var problem = TestProblems.Inline("""
            inputs:
              A: {min: 0.1, max: 10}
              K: {min: 0.5, max: 2}
              nH: {min: 0.5, max: 4}
            outputs: [theta]
            equations:
              - theta = A**nH/(K**nH + A**nH) + A**2 + 2**nH
            """);
        var found = EquationFeatures.Find(problem).Select(f => $"{f.Kind}:{f.Expression}").ToArray();
        Assert.Equal(["LogPower:nH*log(A)", "LogPower:nH*log(K)"], found);
        var map = FeatureMap.Design(problem, [2.0, 1.5, 3.0, 0.5, 1.0, 1.0], 2);
        int k = map.Features.ToList().FindIndex(f => f.Kind == FeatureKind.LogPower && f.Bound == "nH*log(A)");
        var u = map.Compute([4.0, 1.0, 2.5], 1);
        var feature = map.Features[k];
        Assert.Equal(2.5 * Math.Log(4), u[k] * feature.Width + feature.Center, 12);
    }

    [Fact]
    public void ABaseThatReachesZeroGetsNoLogPower()
    {
        var problem = TestProblems.Inline("""
            inputs:
              x: {min: -1, max: 1}
              n: {min: 1, max: 3}
            outputs: [y]
            equations:
              - y = (x + 1)**n
            """);
        Assert.Equal(["LogPower:n*log(x + 1)"], EquationFeatures.Find(problem).Select(f => $"{f.Kind}:{f.Expression}"));
        var map = FeatureMap.Design(problem, [-1.0, 2.0, 0.5, 1.5], 2);
        Assert.DoesNotContain(map.Features, f => f.Kind == FeatureKind.LogPower);
    }

    [Fact]
    public void PeriodicFeaturesAreComputedFromTheInputsAndStandardised()
    {
        var problem = TestProblems.Inline("""
            inputs:
              x: {min: 0, max: 1000}
            outputs: [y]
            equations: [y = sin(x)]
            """);
        var sample = new DomainSampler(problem).Sample(4000, 2);
        var map = FeatureMap.Design(problem, sample, 4000);
        Assert.Equal(["x", "sin(x)", "cos(x)"], map.Features.Select(f => f.Describe(map.InputNames)).ToArray());
        var u = map.Compute([123.4], 1);
        var sine = map.Features[1];
        Assert.Equal(Math.Sin(123.4), u[1] * sine.Width + sine.Center, 12);
        var cosine = map.Features[2];
        Assert.Equal(Math.Cos(123.4), u[2] * cosine.Width + cosine.Center, 12);
    }

    [Fact]
    public void AFoldIsTheFoldedValue()
    {
        var problem = TestProblems.Load("wave.yaml");
        Assert.DoesNotContain(EquationFeatures.Find(problem), f => f.Kind == FeatureKind.Fold);
        var pong = TestProblems.Inline("""
            inputs:
              x0: {min: 0, max: 750}
            outputs: [xf]
            equations: [xf = acos(cos(x0/100))]
            """);
        var map = FeatureMap.Design(pong, new DomainSampler(pong).Sample(2000, 1), 2000);
        int fold = map.Features.ToList().FindIndex(f => f.Kind == FeatureKind.Fold);
        var u = map.Compute([450], 1);
        Assert.Equal(Math.Acos(Math.Cos(4.5)), u[fold] * map.Features[fold].Width + map.Features[fold].Center, 12);
    }

    [Fact]
    public void AnInputUnderSineOrCosineInABoundGetsBothFeatures()
    {
        // The planar arm: phi enters the equations as an angle, and the reachable x and y turn with cos(phi), sin(phi).
        var problem = TestProblems.Inline("""
            inputs:
              r:   {min: 0.1, max: 0.5}
              phi: {min: -3, max: 3}
              x:   {min: r*cos(phi) + 1, max: r*cos(phi) + 2}
              y:   {min: -abs(r*sin(phi)), max: 1}
            outputs: [t]
            equations: [phi = t + x*y]
            """);
        var found = EquationFeatures.Find(problem).Select(f => $"{f.Kind}:{f.Expression}").ToArray();
        // A fold in a bound (abs) only clips the domain and adds nothing.
        Assert.Equal(["Sine:phi", "Cosine:phi"], found);
    }

    [Fact]
    public void ASquaredPeriodicCallAlsoGetsItsSecondHarmonic()
    {
        var problem = TestProblems.Inline("""
            inputs:
              a: {min: 0, max: 30}
            outputs: [p]
            equations: [p = sin(a/2)**2]
            """);
        var found = EquationFeatures.Find(problem).Select(f => $"{f.Kind}:{f.Expression}").ToArray();
        Assert.Equal(["Sine:a/2", "Cosine:a/2", "Sine:2*(a/2)", "Cosine:2*(a/2)"], found);
    }
}
