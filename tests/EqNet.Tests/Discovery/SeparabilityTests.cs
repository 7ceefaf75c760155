using EqNet.Discovery;
using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Tests.Discovery;

// The search runs to a deadline on both cores: beside other test classes its separable stage can be cut short.
[Collection(SerialCollection.Name)]
public class SeparabilityTests
{
    private static Separability Test(string formula, params (string Name, double Min, double Max)[] variables)
    {
        var names = variables.Select(v => v.Name).ToArray();
        var f = Expr.Parse(formula).Compile(names);
        var box = new BlackBox(names, [.. variables.Select(v => v.Min)], [.. variables.Select(v => v.Max)], (rows, n) =>
        {
            var values = new double[n];
            f.EvaluateBatch(rows, n, values);
            return values;
        });
        var sample = box.Sample(200, new Random(3));
        return new Separability(box, sample, box.Evaluate(sample, 200));
    }

    private static string Names(int[] group, params string[] names) => string.Join(",", group.Select(k => names[k]));

    [Fact]
    public void A_sum_splits_additively_into_its_variable_groups()
    {
        var split = Assert.IsType<Separability.Split>(Test("x*y + z**2", ("x", 1, 2), ("y", 1, 2), ("z", 1, 2)).Best());

        Assert.False(split.Multiplicative);
        Assert.Equal("x,y", Names(split.Left, "x", "y", "z"));
        Assert.Equal("z", Names(split.Right, "x", "y", "z"));
    }

    [Fact]
    public void A_product_splits_multiplicatively_and_a_shifted_product_with_its_offset()
    {
        var product = Assert.IsType<Separability.Split>(Test("x*sin(z)", ("x", 1, 2), ("z", 0.1, 1.5)).Best());
        Assert.True(product.Multiplicative);
        Assert.Equal(0, product.Offset);

        // A piece split off a sum: (1 - cos(t))/m plus the other piece's value.
        var shifted = Assert.IsType<Separability.Split>(Test("(1 - cos(t))/m + 5", ("t", 0.5, 2), ("m", 1, 3)).Best());
        Assert.True(shifted.Multiplicative);
        Assert.Equal(5, shifted.Offset, 1e-9);
    }

    [Fact]
    public void A_law_that_neither_splits_nor_shifts_is_not_separable()
    {
        Assert.Null(Test("x*y + y*z + x*z", ("x", 1, 2), ("y", 1, 2), ("z", 1, 2)).Best());
    }

    [Fact]
    public void A_dependence_on_a_difference_is_found_as_that_symmetry()
    {
        var pair = Assert.IsType<Separability.Pair>(Test("z/(1 + cos(a - b)**2) + z**2*cos(a - b)", ("z", 1, 2), ("a", 0, 3), ("b", 0, 3)).Symmetry());

        Assert.Equal((1, 2, 0), (pair.First, pair.Second, pair.Kind));
    }

    [Fact]
    public void Search_recovers_a_relativistic_law_through_a_transform_and_an_offset_product()
    {
        // FSReD bonus 8 (Compton scattering): 1/K splits additively into 1/E and (1 - cos(theta))/(m*c^2). The search
        // stops at the first exact formula (about 3 s alone); the budget is for a test host shared with other work.
        var problem = ProblemFile.Parse(
            "inputs:\n  E: {min: 1, max: 3}\n  m: {min: 1, max: 3}\n  c: {min: 1, max: 3}\n  theta: {min: 1, max: 3}\noutputs: [K]\n" +
            "equations: [\"K = E/(1 + E/(m*c**2)*(1 - cos(theta)))\"]\n", "test.yaml");
        var result = Assert.Single(FormulaDiscovery.Run(problem, new DiscoveryOptions(60, Seed: 1, HeldOutPoints: 2000)));

        var chosen = Assert.IsType<FormulaCandidate>(result.Chosen);
        Assert.Equal("separable", chosen.Stage);
        Assert.True(chosen.HeldOutP99 <= 1e-13, $"{chosen.Formula}: p99 {chosen.HeldOutP99}");
        Assert.True(chosen.WidenedP99 <= 1e-10, $"{chosen.Formula}: widened p99 {chosen.WidenedP99}");
        var at = new Dictionary<string, double> { ["E"] = 7, ["m"] = 0.3, ["c"] = 5, ["theta"] = -2 };
        double expected = 7 / (1 + 7 / (0.3 * 25) * (1 - Math.Cos(-2)));
        Assert.Equal(expected, chosen.Formula.Evaluate(at), expected * 1e-12);
    }

    [Theory]
    [InlineData("0.5*theta", "theta/2")]
    [InlineData("0.0625*x", "x/16")]
    [InlineData("-0.75", "-3/4")]
    [InlineData("0.12027235504494273*T", "T/8.314462618")]
    [InlineData("x**0.5", "x**0.5")]
    public void Tidy_prints_fractions_and_reciprocal_decimals(string formula, string expected)
    {
        var tidy = FormulaConstants.Tidy(Expr.Parse(formula));

        Assert.Equal(expected, tidy.ToString());
        var at = new Dictionary<string, double> { ["theta"] = 1.3, ["x"] = 2.2, ["T"] = 300 };
        double value = Expr.Parse(formula).Evaluate(at);
        Assert.Equal(value, tidy.Evaluate(at), Math.Abs(value) * 1e-15);
    }
}
