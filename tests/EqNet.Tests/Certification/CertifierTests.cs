using EqNet.Certification;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Training;

namespace EqNet.Tests.Certification;

/// <summary>A small model trained once for the certifier's tests (a few seconds).</summary>
public sealed class SmallModel
{
    public const string Yaml = """
        name: small
        inputs:
          a: {min: 1, max: 10, sampling: log}
          b: {min: 0.5, max: 2}
        outputs: [y]
        equations:
          - y = a*b + sin(3*b)
        model: {structure: none}
        """;

    public SmallModel() => Model = Surrogate.Train(ProblemFile.Parse(Yaml, "small.yaml"), new TrainingOverrides(TimeBudgetSeconds: 30, MaxSteps: 25, Seed: 1)).Model;

    public EqNetModel Model { get; }
}

/// <summary><see cref="Certifier"/>: its bound holds on a dense grid, rises above a planted error, and it says plainly when it cannot certify.</summary>
public class CertifierTests(SmallModel small) : IClassFixture<SmallModel>
{
    /// <summary>The worst scale-relative residual of the model's float64 prediction on an n x n grid of its box (log-spaced in a).</summary>
    private static double GridMax(EqNetModel model, int n)
    {
        var x = new double[n * n * 2];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                x[2 * (i * n + j)] = Math.Exp(Math.Log(10) * i / (n - 1));
                x[2 * (i * n + j) + 1] = 0.5 + 1.5 * j / (n - 1);
            }
        var system = new CompiledSystem(model.Problem);
        var (_, overall) = system.ScaleRelativeErrors(system.Join(x, model.Predict(x, n * n), n * n), n * n);
        return overall.Max();
    }

    [Fact]
    public void TheBoundHoldsOnADenseGrid()
    {
        var c = Certifier.Certify(small.Model, new CertifyOptions { TimeBudget = 60 });
        Assert.NotNull(c.BoundReached);
        double grid = GridMax(small.Model, 200);
        Assert.True(grid <= c.BoundReached, $"grid max {grid:E3} above the bound {c.BoundReached:E3}");
        Assert.True(c.SearchedMax <= c.BoundReached);
        Assert.True(c.Certified, c.Reason);
        Assert.True(c.Ratio <= 4 * 1.0001, $"ratio {c.Ratio}");
        Assert.Equal(CertificateExit.Closed, c.Exit);
        Assert.True(c.Boxes >= 1);
    }

    [Fact]
    public void NewtonStepsAfterTheNetworkAreBoundedByTheirContraction()
    {
        // Two Newton steps on y - (a b + sin 3b) = 0: dF/dy = 1 and d2F/dy2 = 0, so one step is exact in exact arithmetic.
        var refined = small.Model.WithNewtonSteps(2);
        var c = Certifier.Certify(refined, new CertifyOptions { TimeBudget = 60 });
        Assert.True(c.Certified, c.Reason);
        Assert.Contains("Newton", c.Method, StringComparison.Ordinal);
        Assert.Equal(NewtonRefinement.Tolerance, c.RoundingEstimate);
        double grid = GridMax(refined, 100);
        Assert.True(grid <= c.BoundReached, $"grid max {grid:E3} above the bound {c.BoundReached:E3}");
        Assert.True(c.ExactBound <= 4 * NewtonRefinement.Tolerance, $"exact part {c.ExactBound:E3}");
    }

    [Fact]
    public void APlantedErrorRaisesTheBoundAboveIt()
    {
        var m = small.Model;
        var p = (double[])m.Parameters.Clone();
        // A first-layer weight: its error is a smooth bump over the box, far above the trained residual.
        p[3] += 0.5;
        var planted = new EqNetModel(m.Problem, m.Features, m.Network, p, m.Computed, m.NetworkStructure) { Corrections = m.Corrections, Refinement = m.Refinement };
        double grid = GridMax(planted, 200), before = GridMax(m, 60);
        Assert.True(grid > 3 * before, $"the planted error {grid:E3} is not far above the model's own {before:E3}");
        var c = Certifier.Certify(planted, new CertifyOptions { TimeBudget = 20 });
        Assert.NotNull(c.BoundReached);
        Assert.True(c.BoundReached >= grid, $"bound {c.BoundReached:E3} below the planted grid max {grid:E3}");
    }

    [Fact]
    public void ATinyBudgetIsNotCertifiedAndSaysWhy()
    {
        var c = Certifier.Certify(small.Model, new CertifyOptions { TimeBudget = 1e-3 });
        Assert.False(c.Certified);
        Assert.Null(c.Bound);
        Assert.Equal(CertificateExit.TimeBudget, c.Exit);
        Assert.Contains("time budget", c.Reason, StringComparison.Ordinal);
        Assert.True(c.SearchedMax > 0);
    }

    [Fact]
    public void ADomainThatIsNoBoxIsRefusedWithTheSearchedMax()
    {
        var problem = ProblemFile.Parse("""
            name: triangle
            inputs:
              a: {min: 1, max: 2}
              b: {min: 0, max: a}
            outputs: [y]
            equations:
              - y = a + b
            """, "triangle.yaml");
        var model = Surrogate.Train(problem, new TrainingOverrides(TimeBudgetSeconds: 2, MaxSteps: 10, Seed: 1)).Model;
        var c = Certifier.Certify(model, new CertifyOptions { TimeBudget = 5 });
        Assert.False(c.Certified);
        Assert.Null(c.BoundReached);
        Assert.Equal(CertificateExit.Refused, c.Exit);
        Assert.Contains("not a box", c.Reason, StringComparison.Ordinal);
        Assert.True(c.SearchedMax >= 0);
    }

    [Fact]
    public void TheFileIsWrittenWithItsFields()
    {
        string path = Path.Combine(Path.GetTempPath(), $"certificate-{Guid.NewGuid():N}.json");
        try
        {
            var c = Surrogate.Certify(small.Model, new CertifyOptions { TimeBudget = 1e-3 }, path);
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            foreach (var key in new[] { "bound", "bound_reached", "exact_arithmetic_bound", "rounding_estimate", "searched_max", "boxes", "seconds", "method", "reason", "equations" })
                Assert.True(json.AsObject().ContainsKey(key), key);
            Assert.Null(json["bound"]);
            Assert.Equal(c.SearchedMax, json["searched_max"]!.GetValue<double>());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
