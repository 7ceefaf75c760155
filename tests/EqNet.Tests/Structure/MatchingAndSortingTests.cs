using EqNet.Structure;

namespace EqNet.Tests.Structure;

public class MatchingAndSortingTests
{
    [Fact]
    public void An_augmenting_path_moves_an_unknown_to_the_equation_that_needs_it()
    {
        // Equation 1 mentions a and b, equation 2 only a: the first free choice (1 -> a) must give way.
        var problem = TestProblems.Inline("""
            inputs: {x: {min: 1, max: 2}}
            outputs: [a, b]
            equations:
              - a + b = x
              - a = 2*x
            """);
        var matching = Matching.Of(Incidence.Of(problem));
        Assert.True(matching.IsPerfect);
        Assert.Equal([1, 0], matching.UnknownOf);
        Assert.Equal([1, 0], matching.EquationOf);
        Assert.Contains("equation 1 -> b", matching.Dump());
    }

    [Fact]
    public void A_structurally_singular_system_leaves_an_unknown_and_an_equation_unmatched()
    {
        // Equations 1 and 2 both determine a only; c is left to no equation.
        var problem = TestProblems.Inline("""
            inputs: {x: {min: 1, max: 2}}
            outputs: [a, b, c]
            equations:
              - a = x
              - a = 2*x
              - b + c = x
            """);
        var matching = Matching.Of(Incidence.Of(problem));
        Assert.False(matching.IsPerfect);
        Assert.Equal([0, -1, 1], matching.UnknownOf);
        Assert.Equal(-1, matching.EquationOf[2]);
        var order = Sorting.Of(matching);
        // The unknown no equation determines comes first (it must be learned), the extra equation last (a residual).
        Assert.Equal([2], order.Blocks[0].Unknowns);
        Assert.Empty(order.Blocks[0].Equations);
        Assert.Equal([1], order.Blocks[^1].Equations);
        Assert.Empty(order.Blocks[^1].Unknowns);
        var structure = Tearing.Of(problem, order);
        Assert.Equal(["c"], structure.Learned);
        Assert.Equal([1], structure.Residuals);
    }

    [Fact]
    public void Blocks_come_in_the_order_their_unknowns_are_needed()
    {
        var problem = TestProblems.Inline("""
            inputs: {x: {min: 1, max: 2}}
            outputs: [c, a, b, d]
            equations:
              - d = c + b
              - c = a*b
              - a + b = x
              - a - b = 1
            """);
        var order = Sorting.Of(Matching.Of(Incidence.Of(problem)));
        // a and b form a loop (equations 3 and 4), then c from equation 2, then d from equation 1.
        Assert.Equal(3, order.Blocks.Count);
        Assert.Equal([2, 3], order.Blocks[0].Equations);
        Assert.Equal([1, 2], order.Blocks[0].Unknowns);
        Assert.True(order.Blocks[0].IsLoop);
        Assert.Equal([1], order.Blocks[1].Equations);
        Assert.Equal([0], order.Blocks[1].Unknowns);
        Assert.Equal([0], order.Blocks[2].Equations);
        Assert.Equal([3], order.Blocks[2].Unknowns);
        Assert.Equal("block 1: equations 3, 4; unknowns a, b\nblock 2: equations 2; unknowns c\nblock 3: equations 1; unknowns d\n",
            order.Dump().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_explicit_chain_has_no_loop()
    {
        var structure = Tearing.Of(TestProblems.Inline("""
            inputs: {x: {min: 1, max: 2}}
            outputs: [y, z]
            equations:
              - z = y*x
              - y = x**2
            """));
        Assert.False(structure.HasLoop);
        Assert.False(structure.Applies);
        Assert.Equal(["y", "z"], structure.Computed.Select(s => s.Unknown));
    }
}
