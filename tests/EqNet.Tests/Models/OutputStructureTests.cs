using System.Text.Json.Nodes;
using EqNet.Evaluation;
using EqNet.Features;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Training;

namespace EqNet.Tests.Models;

/// <summary>Every output states how it is produced, with the rule and the equations; <c>structure: none</c> reads none of it.</summary>
public class OutputStructureTests
{
    // Without tearing: the quadratic's loop would be torn, and g computed from its equation (tested below).
    private static EqNetModel Design(Problem problem, StructureMode structure = StructureMode.Auto) =>
        Trainer.Design(problem, new TrainingOptions { ValidationPoints = 2000, Structure = structure, Tearing = false });

    [Fact]
    public void AnImplicitOutputWithAClosedFormSaysSoWithItsRuleAndEquation()
    {
        var model = Design(TestProblems.Inline(TestProblems.QuadraticRoots));
        // g = -(2 r1 + b) from the first equation is substituted into the second, a quadratic in r1.
        var r1 = model.Structure[0];
        Assert.Equal(OutputStructureKind.ClosedFormTimesCorrection, r1.Kind);
        Assert.Equal("quadratic root", r1.Rule);
        Assert.Equal([1, 2], r1.Equations);
        Assert.Contains("sqrt", r1.Expression);
        Assert.StartsWith("closed form (quadratic root, from equations 1, 2: ", r1.Describe());
        Assert.EndsWith(") x learned correction", r1.Describe());
        var g = model.Structure[1];
        Assert.Equal(OutputStructureKind.ClosedFormTimesCorrection, g.Kind);
        Assert.Equal("linear in the output", g.Rule);
        // The factor feature the closed form becomes is the expression the structure names.
        Assert.Contains(model.Features.Features, f => f.Kind == FeatureKind.Factor && f.Bound == r1.Expression);
    }

    [Fact]
    public void AnExplicitDefinitionsSignChangingFactorAndDeclaredBoundsSaySo()
    {
        var factor = Design(TestProblems.Load("damped-oscillator.yaml")).Structure[0];
        Assert.Equal(OutputStructureKind.FactorTimesNetwork, factor.Kind);
        Assert.Equal("cos(w*t)", factor.Expression);
        Assert.Equal([1], factor.Equations);
        Assert.Equal("factor cos(w*t) (sign-changing factor of its definition, equation 1) x network", factor.Describe());

        var bounded = Design(TestProblems.Load("kepler.yaml")).Structure[0];
        Assert.Equal(OutputStructureKind.Network, bounded.Kind);
        Assert.Equal("network (declared bounds)", bounded.Describe());
    }

    [Fact]
    public void StructureNoneReadsNoneOfTheEquations()
    {
        foreach (var (name, problem) in new[] { ("quadratic", TestProblems.Inline(TestProblems.QuadraticRoots)), ("kepler", TestProblems.Load("kepler.yaml")),
                     ("damped", TestProblems.Load("damped-oscillator.yaml")) })
        {
            var model = Design(problem, StructureMode.None);
            Assert.All(model.Structure, s => Assert.Equal(OutputStructureKind.Network, s.Kind));
            // Only the inputs' and the domain's own features: no factor, log of an expression, sin/cos or fold.
            Assert.All(model.Features.Features, f => Assert.True(f.Kind is FeatureKind.Linear or FeatureKind.Log or FeatureKind.SignedLog
                or FeatureKind.LogMagnitude or FeatureKind.LogDistanceToMax or FeatureKind.LogDistanceToMin, $"{name}: {f.Kind}"));
            Assert.All(model.Network.Heads, h => Assert.True(h.Kind is OutputHeadKind.Free or OutputHeadKind.LowerBound or OutputHeadKind.UpperBound
                or OutputHeadKind.Interval, $"{name}: {h.Kind}"));
            Assert.All(model.Network.Upstream, u => Assert.Empty(u));
        }
        // With auto, the oscillator sees sin/cos of its phase w*t: the switch is what turned them off.
        Assert.Contains(Design(TestProblems.Load("damped-oscillator.yaml")).Features.Features, f => f.Kind is FeatureKind.Sine or FeatureKind.Cosine);
    }

    [Fact]
    public void TheProblemFileAndTheOverrideChooseTheStructure()
    {
        string yaml = TestProblems.QuadraticRoots + "\nmodel: {structure: none}\n";
        var problem = TestProblems.Inline(yaml);
        Assert.Equal(StructureMode.None, problem.Model.Structure);
        Assert.Equal(StructureMode.None, TrainingPlan.Resolve(problem).Structure);
        Assert.Equal(StructureMode.Auto, TrainingPlan.Resolve(problem, new TrainingOverrides(Structure: StructureMode.Auto)).Structure);
        Assert.Equal(StructureMode.Auto, TrainingPlan.Resolve(TestProblems.Inline(TestProblems.QuadraticRoots)).Structure);
        var e = Assert.Throws<ProblemException>(() => TestProblems.Inline(TestProblems.QuadraticRoots + "\nmodel: {structure: off}\n"));
        Assert.Contains("model.structure", e.Message);
        Assert.Contains("'auto'", e.Message);
    }

    [Fact]
    public void TheStructureTravelsThroughTheModelFileMetricsAndTheNetworksShareIsMeasured()
    {
        var problem = TestProblems.Inline(TestProblems.QuadraticRoots);
        var trained = Trainer.Train(problem, new TrainingOptions { MaxSteps = 20, TrainingPoints = 300, ValidationPoints = 1000, Hidden = [4], Threads = 1, Tearing = false }).Model;
        var inputs = new EqNet.Sampling.DomainSampler(problem).Sample(500, 3);
        var model = trained.WithMeasuredStructure(inputs, 500);
        // The prediction is the closed form times a correction the magnitude pre-fit makes constant: the network adds ~nothing.
        Assert.All(model.Structure, s => Assert.InRange(s.NetworkShare!.Value, 0, 1e-6));
        Assert.Equal(trained.Predict(inputs, 500), model.Predict(inputs, 500));

        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-structure").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);
        Assert.Equal(model.Structure.Select(s => s.Describe()), loaded.Structure.Select(s => s.Describe()));
        var node = JsonNode.Parse(File.ReadAllText(path))!["structure"]![0]!;
        Assert.Equal("closed form x correction", (string)node["kind"]!);
        Assert.Equal("quadratic root", (string)node["rule"]!);

        var metrics = MetricsJson.Build(Evaluator.Evaluate(loaded, 200, 5, 1), null, null);
        var structure = metrics["outputs"]!["r1"]!["structure"]!;
        Assert.Equal("closed form x correction", (string)structure["kind"]!);
        Assert.Equal(new[] { 1, 2 }, structure["equations"]!.AsArray().Select(k => (int)k!));
        Assert.Equal(model.Structure[0].NetworkShare, (double)structure["network_share"]!);
    }

    [Fact]
    public void AnOutputComputedFromItsEquationSaysWhichAndAfterWhat()
    {
        var problem = TestProblems.Inline(EqNet.Tests.Structure.StructureProblems.BubblePoint);
        var model = Trainer.Design(problem, new TrainingOptions { ValidationPoints = 2000 });
        var y2 = model.Structure[model.OutputNames.ToList().IndexOf("y2")];
        Assert.Equal(OutputStructureKind.ComputedFromEquation, y2.Kind);
        Assert.Equal([2], y2.Equations);
        Assert.Equal(["T"], y2.After);
        Assert.Equal("computed from equation 2 after the network's T", y2.Describe());
        Assert.Equal("T", Assert.Single(model.NetworkStructure).Output);
        // structure: none reads no equation, so none is torn either.
        var alone = Trainer.Design(problem, new TrainingOptions { ValidationPoints = 2000, Structure = StructureMode.None });
        Assert.Null(alone.Computed);
        Assert.All(alone.Structure, s => Assert.Equal(OutputStructureKind.Network, s.Kind));
    }

    [Fact]
    public void AFileWithoutAStructureReadsItFromItsHeads()
    {
        // Version 1: no structure key; the seed's outputs are the network's, bounded or free.
        var model = ModelFile.Load(Path.Combine(TestProblems.RepositoryRoot, "tests", "EqNet.Tests", "Models", "Data", "model-v1.eqnet"));
        var s = Assert.Single(model.Structure);
        Assert.Equal(OutputStructureKind.Network, s.Kind);
        var design = Design(TestProblems.Load("damped-oscillator.yaml"));
        var fromHeads = EqNetModel.StructureOfHeads(design.Problem, design.Features, design.Network);
        Assert.Equal(design.Structure[0].Describe(), fromHeads[0].Describe());
    }
}
