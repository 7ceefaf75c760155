using EqNet.Models;
using EqNet.Training;

namespace EqNet.Tests.Models;

/// <summary>A trained model predicts from its inputs alone: its problem's equations describe and evaluate it, nothing more.</summary>
public class InputsOnlyTests
{
    [Fact]
    public void ReplacingTheEquationsAfterTrainingChangesNoPredictionByABit()
    {
        // Closed forms and factors are the richest reading of the equations: they must live in the model, not be re-read.
        var problem = TestProblems.Inline(TestProblems.QuadraticRoots);
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 5, TrainingPoints = 300, ValidationPoints = 1000, Hidden = [4], Threads = 1 }).Model;
        var other = TestProblems.Inline("""
            name: anything-else
            inputs:
              b: {min: -10, max: 10}
              c: {min: -25, max: b^2/4 - 0.01}
            outputs:
              r1: {}
              g:  {min: 0}
            equations:
              - r1 = exp(b) * c
              - g = sin(b*c)
            """);
        var swapped = new EqNetModel(other, model.Features, model.Network, model.Parameters, model.Computed, model.NetworkStructure);
        var inputs = new EqNet.Sampling.DomainSampler(problem).Sample(1000, 9);
        var expected = model.Predict(inputs, 1000);
        Assert.Equal(expected, swapped.Predict(inputs, 1000));

        // The same through the model file: the problem's source text in the file is not read to predict either.
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-inputs-only").FullName, "model.eqnet");
        ModelFile.Save(swapped, path);
        var loaded = ModelFile.Load(path);
        Assert.Equal("anything-else", loaded.Problem.Name);
        Assert.Equal(expected, loaded.Predict(inputs, 1000));
    }
}
