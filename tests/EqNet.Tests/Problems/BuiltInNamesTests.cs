using EqNet.Expressions;
using EqNet.Inspection;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Training;

namespace EqNet.Tests.Problems;

/// <summary>A problem's own input and output names win over the built-in constants and uncalled functions, for every built-in name.</summary>
public class BuiltInNamesTests
{
    private static IEnumerable<string> BuiltInNames =>
        FunctionCatalog.Functions.Keys.Concat(FunctionCatalog.PowerSpellings).Concat(FunctionCatalog.Constants.Keys).Order(StringComparer.Ordinal);

    public static TheoryData<string> AllBuiltInNames() => new(BuiltInNames);

    [Fact]
    public void TheListCoversEveryConstantAndFunction()
    {
        var names = BuiltInNames.ToHashSet();
        Assert.Superset(Enum.GetValues<MathFunction>().Select(FunctionCatalog.NameOf).ToHashSet(), names);
        Assert.Superset(Enum.GetValues<MathConstant>().Select(FunctionCatalog.NameOf).ToHashSet(), names);
        Assert.Contains("E", names);
        Assert.Equal(Identifiers.Reserved.ToHashSet(), names);
    }

    [Theory]
    [MemberData(nameof(AllBuiltInNames))]
    public void AnInputMayBeNamedLikeABuiltIn(string name)
    {
        // The name as an input, in another input's bound and in the equation, beside Euler's e.
        var problem = TestProblems.Inline($$"""
            inputs:
              {{name}}: {min: 1, max: 2}
              b: {min: 1, max: 3*{{name}} }
            outputs: [y]
            equations:
              - y = {{name}}*b + e
            """);
        Assert.Equal([name, "b"], problem.InputNames);
        Assert.Equal(new VariableExpr(name), problem.Inputs[1].Max is BinaryExpr { Right: var right } ? right : null);
        double euler = name == "e" ? 1.5 : Math.E;
        Assert.Equal(1.5 * 2 + euler, Value(problem, "y", [1.5, 2]), 12);
    }

    [Theory]
    [MemberData(nameof(AllBuiltInNames))]
    public void AnOutputMayBeNamedLikeABuiltIn(string name)
    {
        var problem = TestProblems.Inline($$"""
            inputs:
              a: {min: 1, max: 2}
            outputs: [{{name}}]
            equations:
              - {{name}} = a + 1
            """);
        Assert.Equal(name, problem.Outputs[0].Name);
        Assert.Equal(2.5, Value(problem, name, [1.5]), 12);
    }

    [Theory]
    [MemberData(nameof(AllBuiltInNames))]
    public void ACallStillCallsTheFunctionBesideAVariableOfItsName(string name)
    {
        if (!FunctionCatalog.Functions.TryGetValue(name, out var function) || FunctionCatalog.MinArity(function) != 1) return;
        var problem = TestProblems.Inline($$"""
            inputs:
              {{name}}: {min: 0.1, max: 0.5}
            outputs: [y]
            equations:
              - y = {{name}} + {{name}}({{name}})
            """);
        double called = Expr.Parse($"{name}(0.25)").Evaluate(new Dictionary<string, double>());
        Assert.Equal(0.25 + called, Value(problem, "y", [0.25]), 12);
    }

    [Fact]
    public void UndeclaredConstantsKeepTheirMeaning()
    {
        var declared = new HashSet<string> { "E" };
        Assert.Equal(new VariableExpr("E"), Expr.Parse("E", declared));
        Assert.Equal(Math.E, Expr.Parse("e", declared).Evaluate(new Dictionary<string, double>()));
        Assert.Equal(Math.E, Expr.Parse("E").Evaluate(new Dictionary<string, double>()));
        Assert.Equal(Math.PI, Expr.Parse("pi", declared).Evaluate(new Dictionary<string, double>()));
        Assert.Equal(new VariableExpr("exp"), Expr.Parse("exp", new HashSet<string> { "exp" }));
        Assert.Throws<ExpressionSyntaxException>(() => Expr.Parse("exp"));
        // A module prefix still reaches the constant: np.pi is pi even where 'pi' is declared.
        Assert.Equal(Math.PI, Expr.Parse("np.pi", new HashSet<string> { "pi" }).Evaluate(new Dictionary<string, double>()));
    }

    [Fact]
    public void KeplersEquationWithAnOutputNamedETrainsSavesAndLoads()
    {
        var problem = TestProblems.Inline("""
            name: kepler-E
            inputs:
              M: {min: 0.1, max: 3}
              ecc: {min: 0, max: 0.5}
            outputs:
              E: {min: 0, max: 4}
            equations:
              - M = E - ecc*sin(E)
            """);
        Assert.Equal("E", problem.Outputs[0].Name);
        var model = Trainer.Train(problem, new TrainingOptions { MaxSteps = 2, TrainingPoints = 100, ValidationPoints = 200, Hidden = [2] }).Model;
        string path = Path.Combine(Directory.CreateTempSubdirectory("eqnet-names").FullName, "model.eqnet");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);
        Assert.Equal(model.Predict([1.0, 0.2], 1), loaded.Predict([1.0, 0.2], 1));
    }

    [Fact]
    public void InspectNotesAShadowedConstantAndFunction()
    {
        var problem = TestProblems.Inline("""
            inputs:
              E: {min: 1, max: 2}
              gamma: {min: 1, max: 2}
              exp: {min: 1, max: 2}
            outputs: [y]
            equations:
              - y = E*gamma + exp(exp)
            """);
        var notes = ProblemInspector.Inspect(problem, 200).Warnings.Where(w => w.Code == "shadowed-name").ToArray();
        Assert.Equal(3, notes.Length); // E the constant, gamma and exp the functions
        Assert.Contains(notes, n => n.Message.Contains("'E'") && n.Message.Contains("Euler"));
        Assert.Contains(notes, n => n.Message.Contains("'exp(...)' still calls the function"));
        Assert.Contains(notes, n => n.Message.Contains("'gamma(...)' still calls the function"));
        Assert.DoesNotContain(ProblemInspector.Inspect(TestProblems.Load("seed.yaml"), 200).Warnings, w => w.Code == "shadowed-name");
    }

    private static double Value(Problem problem, string output, double[] inputs)
    {
        // Residual of the one equation at y = 0 is -(right side) for 'y = rhs'.
        var system = new CompiledSystem(problem);
        var points = system.Join(inputs, [0.0], 1);
        var residuals = new double[1];
        system.Evaluate(points, 1, residuals, new double[1]);
        Assert.Equal(output, problem.Outputs[0].Name);
        return -residuals[0];
    }
}
