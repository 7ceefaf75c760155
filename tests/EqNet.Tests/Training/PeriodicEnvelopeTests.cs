using EqNet.Models;
using EqNet.Sampling;
using EqNet.Training;

namespace EqNet.Tests.Training;

public class PeriodicEnvelopeTests
{
    [Fact]
    public void ADampedOscillatorsEnvelopeIsItsDecay()
    {
        var problem = TestProblems.Load("damped-oscillator.yaml");
        var sample = new DomainSampler(problem).Sample(1000, 4);
        var envelope = PeriodicEnvelope.Of(problem, sample, 1000);
        Assert.True(envelope.Applies(0));
        var scales = envelope.Scales(sample, 1000, 0);
        for (int i = 0; i < 1000; i++)
        {
            double t = sample[i * 3], g = sample[i * 3 + 1];
            Assert.Equal(2 * Math.Exp(-g * t), scales[i], 1e-12);
        }
    }

    [Fact]
    public void APeriodicFactorThatNeverBringsTheOutputToZeroNeedsNoEnvelope()
    {
        // sin(b) reaches 0, but inside 2 + sin(b)^2 the output stays within a factor 1.5 of its envelope: no pole.
        var bounded = TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 5}
              b: {min: 0, max: 6}
            outputs: [y]
            equations: [y = a**2*(2 - sin(b)**2)]
            """);
        Assert.False(PeriodicEnvelope.Of(bounded, new DomainSampler(bounded).Sample(1000, 1), 1000).Applies(0));
        // The same factor alone brings y to 0 at every period: envelope.
        var oscillating = TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 5}
              b: {min: 0, max: 6}
            outputs: [y]
            equations: [y = a**2*sin(b)**2]
            """);
        Assert.True(PeriodicEnvelope.Of(oscillating, new DomainSampler(oscillating).Sample(1000, 1), 1000).Applies(0));
    }

    [Fact]
    public void ASumWithAPeriodicTermKeepsItsDifferenceHead()
    {
        var wave = TestProblems.Load("wave.yaml");
        Assert.False(PeriodicEnvelope.Of(wave, new DomainSampler(wave).Sample(500, 1), 500).Applies(0));
        var design = Trainer.Design(wave, new TrainingOptions { TrainingPoints = 200, ValidationPoints = 500 });
        Assert.Equal(OutputHeadKind.Difference, design.Network.Heads[0].Kind);
    }

    [Fact]
    public void AFoldIsSetToItsMeanAndTheOutputGetsTheEnvelopeHead()
    {
        var problem = TestProblems.Inline("""
            inputs:
              x0: {min: 0, max: 750}
              a: {min: 1, max: 2}
            outputs: [xf]
            equations: [xf = a*acos(cos(x0/100))]
            """);
        var sample = new DomainSampler(problem).Sample(4000, 2);
        var envelope = PeriodicEnvelope.Of(problem, sample, 4000);
        var scales = envelope.Scales(sample, 4000, 0);
        double mean = Enumerable.Range(0, 4000).Average(i => Math.Acos(Math.Cos(sample[i * 2] / 100)));
        for (int i = 0; i < 4000; i++) Assert.Equal(2 * sample[i * 2 + 1] * mean, scales[i], 1e-9);
        var design = Trainer.Design(problem, new TrainingOptions { TrainingPoints = 200, ValidationPoints = 500 });
        Assert.Equal(OutputHeadKind.Envelope, design.Network.Heads[0].Kind);
    }
}

public class PeriodicEnvelopeBoundedFactorTests
{
    [Fact]
    public void AFactorThatNeverComesToZeroStaysInTheMagnitude()
    {
        var problem = TestProblems.Inline("""
            inputs:
              a: {min: 1, max: 2}
              theta: {min: 1, max: 3}
            outputs: [y]
            equations: [y = a/sin(theta/2)**2]
            """);
        var envelope = PeriodicEnvelope.Of(problem, new DomainSampler(problem).Sample(1000, 3), 1000);
        Assert.False(envelope.Applies(0));
    }
}
