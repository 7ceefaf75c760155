using EqNet.Expressions;
using EqNet.Symbolic;

namespace EqNet.Tests.Symbolic;

public class ZeroStructureTests
{
    /// <summary>Rows of a uniform grid over the boxes [lo, hi] per input, in input order.</summary>
    private static double[] Grid(int count, params (double Lo, double Hi)[] boxes)
    {
        var random = new Random(5);
        var rows = new double[count * boxes.Length];
        for (int r = 0; r < count; r++)
            for (int i = 0; i < boxes.Length; i++) rows[r * boxes.Length + i] = boxes[i].Lo + (boxes[i].Hi - boxes[i].Lo) * random.NextDouble();
        return rows;
    }

    [Fact]
    public void A_sine_of_one_sign_goes_out_with_a_sign_changing_cosine_but_not_on_its_own()
    {
        string[] inputs = ["p", "theta", "r"];
        var sample = Grid(2000, (1, 5), (1, 3), (1, 5));
        var both = ZeroStructure.SignedFactor(Expr.Parse("p*3*cos(theta)*sin(theta)/r**3"), inputs, sample, 2000);
        Assert.Equal("cos(theta)*sin(theta)", both!.Value.Factor.ToString());
        // sin(theta) over [1, 3] keeps its sign: alone it is no factor, and the magnitude keeps it.
        Assert.Null(ZeroStructure.SignedFactor(Expr.Parse("p*sin(theta)/r"), inputs, sample, 2000));
        // Nothing would be left for the magnitude: the sine stays in it.
        Assert.Equal("cos(theta)", ZeroStructure.SignedFactor(Expr.Parse("cos(theta)*sin(theta)"), inputs, sample, 2000)!.Value.Factor.ToString());
    }

    [Fact]
    public void A_difference_inside_a_product_is_the_factor_and_the_rest_keeps_one_sign()
    {
        string[] inputs = ["kappa", "T1", "T2", "d"];
        var sample = Grid(2000, (1, 5), (1, 5), (1, 5), (1, 5));
        var found = ZeroStructure.SignedFactor(Expr.Parse("kappa*(T2-T1)/d"), inputs, sample, 2000);
        Assert.NotNull(found);
        Assert.Equal("T2 - T1", found.Value.Factor.ToString());
        Assert.Equal(1, found.Value.Sign);

        var negated = ZeroStructure.SignedFactor(Expr.Parse("-kappa*cos(T1)*d"), inputs, sample, 2000);
        Assert.Equal(("cos(T1)", -1), (negated!.Value.Factor.ToString(), negated.Value.Sign));
    }

    [Fact]
    public void Laws_of_one_sign_and_sign_changes_in_a_denominator_get_no_factor()
    {
        string[] inputs = ["a", "b"];
        var sample = Grid(2000, (1, 5), (1, 5));
        Assert.Null(ZeroStructure.SignedFactor(Expr.Parse("a*b/(1 + a)"), inputs, sample, 2000));
        // A pole is not a zero: taking it out would divide by zero.
        Assert.Null(ZeroStructure.SignedFactor(Expr.Parse("a/(a - b)"), inputs, sample, 2000));
    }

    [Fact]
    public void A_law_that_is_one_vanishing_factor_is_reduced_to_a_simpler_one_with_the_same_zero()
    {
        string[] inputs = ["x"];
        var sample = Grid(2000, (1e-6, 1));
        var log = ZeroStructure.SignedFactor(Expr.Parse("ln(x)"), inputs, sample, 2000);
        // ln(x) / (x - 1) > 0 on (0, 1): the network learns it, not the law itself.
        Assert.Equal(("x - 1", 1), (log!.Value.Factor.ToString(), log.Value.Sign));
        var odd = ZeroStructure.SignedFactor(Expr.Parse("2*atan(x - 0.5)"), inputs, sample, 2000);
        Assert.Equal("x - 0.5", odd!.Value.Factor.ToString());
        // Nothing simpler with the same zeros: the network must learn sin itself.
        Assert.Null(ZeroStructure.SignedFactor(Expr.Parse("sin(10*x)"), inputs, sample, 2000));
    }

    [Fact]
    public void Arguments_near_a_root_or_inverse_sine_singularity_are_found()
    {
        string[] inputs = ["l", "n", "d", "r", "alpha"];
        var sample = Grid(2000, (1, 2), (1, 5), (2, 5), (1, 3), (0, 6));
        var asin = ZeroStructure.NearSingularArguments(Expr.Parse("arcsin(l/(n*d))"), inputs, sample, 2000);
        Assert.Equal(["1 - l/(n*d)"], asin.Select(e => e.ToString()));
        var root = ZeroStructure.NearSingularArguments(Expr.Parse("1/sqrt(r**2 + 16 - 8*r*cos(alpha))"), inputs, sample, 2000);
        Assert.Single(root);
        // An argument that stays far from 0 needs nothing.
        Assert.Empty(ZeroStructure.NearSingularArguments(Expr.Parse("sqrt(10 + r)"), inputs, sample, 2000));
    }

    [Fact]
    public void A_factor_that_only_spans_decades_is_not_a_zero_and_only_multiplying_inputs_count()
    {
        string[] inputs = ["A", "Ea", "T"];
        var sample = Grid(2000, (1e3, 1e6), (5e4, 2.5e5), (300, 2000));
        // exp(-Ea/(R T)) spans 50 decades but never reaches 0: the power-law units follow it.
        Assert.Null(ZeroStructure.SignedFactor(Expr.Parse("A*exp(-Ea/(8.314*T))"), inputs, sample, 2000));

        Assert.True(ZeroStructure.EntersMultiplicatively(Expr.Parse("1 + n*alpha/(1 - n*alpha/3)"), "n"));
        Assert.True(ZeroStructure.EntersMultiplicatively(Expr.Parse("b*(1 + n**2)"), "n"));
        Assert.False(ZeroStructure.EntersMultiplicatively(Expr.Parse("b*sin(a) + 1"), "a"));
    }

    [Fact]
    public void Factors_that_are_neither_inputs_nor_power_laws_give_their_logs_and_only_where_something_else_varies()
    {
        string[] inputs = ["m", "v", "c", "alpha", "Ea", "T"];
        var sample = Grid(2000, (1, 5), (1, 2), (3, 10), (2, 4), (5e4, 2.5e5), (300, 2000));
        string[] Logs(string definition) => ZeroStructure.LogFactors(Expr.Parse(definition), inputs, sample, 2000).Select(e => e.ToString()).ToArray();

        // Through products, quotients, constant powers and square roots.
        Assert.Equal(["1 - v**2/c**2"], Logs("m*v/sqrt(1-v**2/c**2)"));
        Assert.Equal(["c**2 - v**2", "1 + v/c"], Logs("m/((c**2 - v**2)*(1 + v/c)**(3/2))"));
        // A factor of one negative sign is negated, so its log exists.
        Assert.Equal(["-(1 - alpha**2)"], Logs("m*(1 - alpha**2)"));
        // exp of a product of powers is held exactly by the power terms; exp of anything else is a factor like another.
        Assert.Empty(Logs("m*exp(-Ea/(8.314*T))"));
        Assert.Equal(["exp(-((v - alpha)/m)**2/2)"], Logs("exp(-((v-alpha)/m)**2/2)/m"));
        // One that spans more than twelve decades would be clipped by the feature's floor: none.
        Assert.Empty(Logs("exp(-((v-c)/m)**2/2)/m"));
        // A numerator factor that changes sign, or comes close to 0, is the signed-factor head's, not a log.
        Assert.Empty(Logs("m*(c - alpha)"));
        // The law is that one factor: the feature would be the law itself. Two such factors are each a feature.
        Assert.Empty(Logs("1/(exp(v/c) - 1)"));
        Assert.Equal(["m + v", "1 - v**2/c**2"], Logs("(m + v)/sqrt(1 - v**2/c**2)"));
    }
}
