using EqNet.Expressions;
using EqNet.Problems.Compiled;
using EqNet.Sampling;
using EqNet.Solving;
using EqNet.Structure;
using EqNet.Training;

namespace EqNet.Tests.Structure;

public class TearingTests
{
    [Fact]
    public void Linear_isolation_divides_by_the_slope()
    {
        var (value, kind) = Isolation.Solve(Expr.Parse("2*y + 3"), Expr.Parse("x"), "y")!.Value;
        Assert.Equal(IsolationKind.Linear, kind);
        Assert.Equal(3.5, value.Evaluate(new Dictionary<string, double> { ["x"] = 10 }), 15);
    }

    [Theory]
    [InlineData("h", "k*Q*abs(Q)**0.852", "Q", -0.3)]
    [InlineData("h", "k*Q*abs(Q)**0.852", "Q", 0.2)]
    [InlineData("h", "exp(Q/k) - 1", "Q", 0.7)]
    [InlineData("h", "k*sqrt(Q + 1)", "Q", 2.5)]
    [InlineData("h", "k*Q**3", "Q", -1.5)]
    [InlineData("h", "k**Q", "Q", 1.25)]
    public void Inversion_undoes_the_operations_around_one_occurrence(string lhs, string rhs, string unknown, double root)
    {
        var values = new Dictionary<string, double> { ["k"] = 1.7, [unknown] = root };
        values["h"] = Expr.Parse(rhs).Evaluate(values);
        var (value, _) = Isolation.Solve(Expr.Parse(lhs), Expr.Parse(rhs), unknown)!.Value;
        Assert.DoesNotContain(unknown, value.Variables);
        Assert.Equal(root, value.Evaluate(values), 12);
    }

    [Theory]
    [InlineData("h = k*Q**2")]
    [InlineData("h = cos(Q)")]
    [InlineData("h = abs(Q)")]
    [InlineData("h = Q + exp(Q)")]
    public void Two_preimages_or_two_occurrences_are_refused(string equation)
    {
        var parsed = Equation.Parse(equation);
        Assert.Null(Isolation.Solve(parsed.Lhs, parsed.Rhs, "Q"));
    }

    [Fact]
    public void The_diode_ladder_tears_the_first_node()
    {
        var structure = Tearing.Of(TestProblems.Inline(StructureProblems.DiodeLadder));
        Assert.True(structure.Applies);
        Assert.Equal(["V1"], structure.Learned);
        Assert.Equal([("V2", 0), ("V3", 1)], structure.Computed.Select(s => (s.Unknown, s.Equation)));
        Assert.All(structure.Computed, s => Assert.Equal(IsolationKind.Linear, s.Kind));
        Assert.Equal([2], structure.Residuals);
        var computed = StructuredTraining.Outputs(TestProblems.Inline(StructureProblems.DiodeLadder), structure);
        Assert.Equal("computed from equation 2 after the network's V1", computed.Describe("V3"));
        Assert.Equal("network", computed.Describe("V1"));
    }

    [Fact]
    public void The_pipe_network_tears_two_flows_of_eight_unknowns()
    {
        var structure = Tearing.Of(TestProblems.Inline(StructureProblems.PipeNetwork));
        Assert.Single(structure.Blocks);
        Assert.Equal(2, structure.Learned.Count);
        Assert.Equal(6, structure.Computed.Count);
        Assert.Equal(2, structure.Residuals.Count);
        // Every equation is used once: by a step or as a residual.
        Assert.Equal(Enumerable.Range(0, 8), structure.Computed.Select(s => s.Equation).Concat(structure.Residuals).Order());
        var text = structure.Dump();
        Assert.Contains("2 of 8 unknowns learned, 6 computed", text);
        var json = structure.ToJson();
        Assert.Equal(2, json["learned"]!.AsArray().Count);
        Assert.Equal(6, json["blocks"]![0]!["computed"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(StructureProblems.BubblePoint)]
    [InlineData(StructureProblems.PipeNetwork)]
    public void The_reduced_problem_solved_gives_values_that_satisfy_every_equation(string yaml)
    {
        // Newton on the reduced problem (the torn unknowns, the residual equations), then the computed unknowns from
        // their equations: those hold to rounding, the residual ones to Newton's tolerance.
        var problem = TestProblems.Inline(yaml);
        var structure = Tearing.Of(problem);
        var reduced = ReducedProblem.Of(problem, structure);
        Assert.Equal(structure.Learned, reduced.OutputNames);
        Assert.Equal(structure.Residuals.Count, reduced.Equations.Count);
        const int n = 200;
        var inputs = new DomainSampler(problem).Sample(n, 5);
        var solved = new NewtonSolver(new CompiledSystem(reduced)).Solve(inputs, n);
        var computed = StructuredTraining.Outputs(problem, structure);
        var outputs = new double[n * problem.Outputs.Count];
        computed.Evaluate(inputs, solved.Solutions, n, outputs);
        var system = new CompiledSystem(problem);
        int e = system.EquationCount;
        var (perEquation, _) = system.ScaleRelativeErrors(system.Join(inputs, outputs, n), n);
        int converged = 0;
        for (int i = 0; i < n; i++)
        {
            if (!solved.Converged[i]) continue;
            converged++;
            foreach (var step in structure.Computed)
                Assert.True(perEquation[i * e + step.Equation] < 1e-13, $"point {i}, equation {step.Equation + 1}: {perEquation[i * e + step.Equation]:E2}");
            foreach (int k in structure.Residuals)
                Assert.True(perEquation[i * e + k] < SolveResult.RoundingResidual, $"point {i}, equation {k + 1}: {perEquation[i * e + k]:E2}");
        }
        Assert.True(converged > n * 0.9, $"Newton converged at {converged} of {n} points");
    }

    [Fact]
    public void A_computed_sequence_that_grows_errors_is_torn_further()
    {
        // The diode ladder's V2 and V3 pass V1 through two exponentials: a relative change of 1e-8 in V1 comes out
        // 1e4-fold larger, and far from the solution they overflow. Training re-tears until no step grows errors so.
        var problem = TestProblems.Inline(StructureProblems.DiodeLadder);
        var plain = Tearing.Of(problem);
        Assert.Equal(["V1"], plain.Learned);
        var used = StructuredTraining.Of(problem, new TrainingOptions());
        Assert.True(used is null || used.Learned.Count > 1, used?.Dump());
        var pipe = TestProblems.Inline(StructureProblems.PipeNetwork);
        Assert.Equal(Tearing.Of(pipe).Learned, StructuredTraining.Of(pipe, new TrainingOptions())!.Learned);
    }

    [Fact]
    public void A_torn_system_whose_Newton_basin_shrinks_is_learned_whole()
    {
        // With V2 and V3 learned and V1 computed, 10 % errors in V2, V3 leave V1 volts off and its exponential flat:
        // Newton on the torn system stalls where Newton on the whole system (each equation local) converges.
        var problem = TestProblems.Inline(StructureProblems.WideDiodeLadder);
        var torn = Tearing.Of(problem, new HashSet<string>(["V2", "V3"], StringComparer.Ordinal));
        Assert.Equal(["V2", "V3"], torn.Learned);
        Assert.Null(StructuredTraining.Of(problem, new TrainingOptions()));
        var pipe = TestProblems.Inline(StructureProblems.PipeNetwork);
        Assert.NotNull(StructuredTraining.Of(pipe, new TrainingOptions()));
    }

    [Fact]
    public void An_unknown_computed_across_a_pole_is_torn()
    {
        // Torn at x, lam = a^2 (p/x - 1) and y = q / (1 + lam/b^2): with x 10 % off, lam passes -b^2 at many points, and
        // y jumps from one side of the pole to the other with finite values. y may not be computed from lam. (Torn at y
        // instead, x = p / (1 + lam/a^2) with lam = b^2 (q/y - 1) > -b^2 > -a^2 has no pole: that design is sound.)
        var problem = TestProblems.Inline(StructureProblems.EllipseClosestPoint);
        Assert.Equal(["x"], Tearing.Of(problem).Learned);
        var used = StructuredTraining.Of(problem, new TrainingOptions());
        Assert.True(used is null || !used.Computed.Any(s => s.Unknown == "y"), used?.Dump());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_species_computed_as_a_difference_over_decades_is_torn(int seed)
    {
        // ha = C - h2a - a2 is within 1e3 of the torn species' error against ha's median size, but ha spans ten decades:
        // at its small values the difference keeps none of its digits. Judged against itself, it is torn.
        var problem = TestProblems.Inline(StructureProblems.DiproticAcid);
        var used = StructuredTraining.Of(problem, new TrainingOptions { Seed = seed });
        Assert.NotNull(used);
        Assert.DoesNotContain(used.Computed, s => s.Equation == 2);
    }

    [Fact]
    public void A_system_with_a_closed_form_keeps_its_design()
    {
        // 2*r1 + g = -b would compute g after a learned r1, but the quadratic's root is r1's closed form: exact to rounding.
        var problem = TestProblems.Inline(TestProblems.QuadraticRoots);
        Assert.True(Tearing.Of(problem).Applies);
        Assert.Null(StructuredTraining.Of(problem, new TrainingOptions()));
    }
}
