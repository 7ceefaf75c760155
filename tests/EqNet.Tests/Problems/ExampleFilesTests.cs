using EqNet.Problems;

namespace EqNet.Tests.Problems;

public class ExampleFilesTests
{
    private static double Constant(EqNet.Expressions.Expr expr) => expr.Evaluate(new Dictionary<string, double>());

    [Fact]
    public void Seed_parses_inputs_bounds_outputs_and_equation()
    {
        string path = ExampleFolder.File("seed.yaml");
        var problem = ProblemFile.Load(path);

        Assert.Equal("seed", problem.Name);
        Assert.Equal(path, problem.SourcePath);
        Assert.Equal(File.ReadAllText(path), problem.SourceText);
        Assert.Equal(["x1", "x2", "x3", "x4", "x5"], problem.InputNames);
        var x2 = problem.Inputs[1];
        Assert.Equal(1, Constant(x2.Min));
        Assert.Equal(["x1"], x2.Max.Variables);
        Assert.Equal(750, x2.Max.Evaluate(new Dictionary<string, double> { ["x1"] = 750 }));
        Assert.False(x2.HasConstantBounds);
        Assert.Equal(5, x2.Line);
        Assert.All(problem.Inputs, input => Assert.Equal(SamplingKind.Uniform, input.Sampling));
        Assert.All(problem.Inputs, input => Assert.Equal(InputTransformKind.Auto, input.Transform));
        Assert.Equal((1e-6, 1e-3), (Constant(problem.Inputs[3].Min), Constant(problem.Inputs[3].Max)));

        var y = Assert.Single(problem.Outputs);
        Assert.Equal(new OutputSpec("y", null, null, 9), y);
        var equation = Assert.Single(problem.Equations);
        Assert.Equal("y = x5/x2 - (x1-x2)/(2*x3*x4)*x2/x1", equation.Text);
        Assert.Equal(["y"], equation.Outputs);
        Assert.Null(equation.Scale);
        Assert.Equal(1, equation.Weight);
        Assert.Equal(11, equation.Line);
        Assert.Equal(ModelSettings.Empty, problem.Model);
        Assert.Equal(TrainingSettings.Empty, problem.Training);
        Assert.Equal(DataSettings.Empty, problem.Data);
    }

    [Fact]
    public void Arrhenius_has_a_log_sampled_input()
    {
        var problem = ProblemFile.Load(ExampleFolder.File("arrhenius.yaml"));
        Assert.Equal("arrhenius", problem.Name);
        Assert.Equal([SamplingKind.Log, SamplingKind.Uniform, SamplingKind.Uniform], problem.Inputs.Select(i => i.Sampling));
        Assert.Equal((1e3, 1e13), (Constant(problem.Inputs[0].Min), Constant(problem.Inputs[0].Max)));
        Assert.Equal(["k"], problem.Equations[0].Outputs);
    }

    [Fact]
    public void Product_quotient_has_two_bounded_outputs_and_two_equations()
    {
        var problem = ProblemFile.Load(ExampleFolder.File("product-quotient.yaml"));
        Assert.Equal([new OutputSpec("u", 0, null, 7), new OutputSpec("v", 0, null, 8)], problem.Outputs);
        Assert.Equal(["u*v = p", "u/v = q"], problem.Equations.Select(e => e.Text));
        Assert.All(problem.Equations, e => Assert.Equal(["u", "v"], e.Outputs));
    }

    [Fact]
    public void Seed_plus_flow_second_equation_mentions_both_outputs_in_output_order()
    {
        var problem = ProblemFile.Load(ExampleFolder.File("seed-plus-flow.yaml"));
        Assert.Equal(["y", "w"], problem.OutputNames);
        Assert.Equal(new OutputSpec("w", 0, null, 11), problem.Outputs[1]);
        Assert.Equal(["y"], problem.Equations[0].Outputs);
        Assert.Equal(["y", "w"], problem.Equations[1].Outputs);
    }

    [Fact]
    public void Van_der_waals_is_implicit_in_its_output()
    {
        var problem = ProblemFile.Load(ExampleFolder.File("van-der-waals.yaml"));
        Assert.Equal(["a", "b", "T", "P"], problem.InputNames);
        Assert.Equal(SamplingKind.Log, problem.Inputs[3].Sampling);
        Assert.Equal(new OutputSpec("V", 0, null, 9), Assert.Single(problem.Outputs));
        Assert.Equal(["V"], problem.Equations[0].Outputs);
    }

    [Fact]
    public void Every_example_file_loads()
    {
        var files = Directory.GetFiles(ExampleFolder.Path, "*.yaml");
        Assert.True(files.Length >= 5, $"expected the example problems in {ExampleFolder.Path}");
        foreach (string file in files)
        {
            var problem = ProblemFile.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), problem.Name);
            Assert.NotEmpty(problem.Equations);
        }
    }
}
