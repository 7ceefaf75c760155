using EqNet.Problems;

namespace EqNet.Tests.Problems;

public class OptionalSectionsTests
{
    private const string Core = """
        inputs:
          x: {min: 1, max: 10, sampling: integer, transform: linear}
          z: {min: 1e-3, max: 1e3, sampling: log, transform: log}
        outputs: [y]
        """;

    [Fact]
    public void Name_defaults_to_the_file_name_without_extension()
    {
        var problem = ProblemFile.Parse(Core + "\nequations: [y = x*z]\n", "dir/my-problem.yaml");
        Assert.Equal("my-problem", problem.Name);
        Assert.Equal("dir/my-problem.yaml", problem.SourcePath);
    }

    [Fact]
    public void Sampling_and_transform_are_read_per_input()
    {
        var problem = ProblemFile.Parse(Core + "\nequations: [y = x*z]\n", "p.yaml");
        Assert.Equal((SamplingKind.Integer, InputTransformKind.Linear), (problem.Inputs[0].Sampling, problem.Inputs[0].Transform));
        Assert.Equal((SamplingKind.Log, InputTransformKind.Log), (problem.Inputs[1].Sampling, problem.Inputs[1].Transform));
    }

    [Fact]
    public void Equation_map_form_reads_scale_and_weight()
    {
        var problem = ProblemFile.Parse(Core + """

            equations:
              - {equation: "y = x*z", scale: "x*z", weight: 2.5}
            """, "p.yaml");
        var equation = Assert.Single(problem.Equations);
        Assert.Equal(2.5, equation.Weight);
        Assert.Equal(6, equation.Scale!.Evaluate(new Dictionary<string, double> { ["x"] = 2, ["z"] = 3 }));
        Assert.Equal("y = x*z", equation.Text);
        Assert.Equal(6, equation.Line);
    }

    [Fact]
    public void Model_training_and_data_sections_are_read()
    {
        var problem = ProblemFile.Parse(Core + """

            equations: [y = x*z]
            name: custom
            model: {hidden: [64, 32], activation: tanh, kind: mlp}
            training: {time_budget: 12.5, seed: 7, batch: 256, steps: 1000, threads: 2}
            data: {file: points.csv}
            """, "p.yaml");
        Assert.Equal("custom", problem.Name);
        Assert.Equal([64, 32], problem.Model.Hidden!);
        Assert.Equal(("tanh", "mlp"), (problem.Model.Activation, problem.Model.Kind));
        var t = problem.Training;
        Assert.Equal((12.5, 7, 256, 1000, 2), (t.TimeBudget, t.Seed, t.Batch, t.Steps, t.Threads));
        Assert.Equal("points.csv", problem.Data.File);
    }

    [Fact]
    public void Data_file_is_resolved_against_the_problem_folder_when_loaded_from_disk()
    {
        string folder = Directory.CreateTempSubdirectory("eqnet-problem-").FullName;
        try
        {
            string path = Path.Combine(folder, "p.yaml");
            File.WriteAllText(path, Core + "\nequations: [y = x*z]\ndata: {file: points.csv}\n");
            Assert.Equal(Path.Combine(folder, "points.csv"), ProblemFile.Load(path).Data.File);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Outputs_map_accepts_empty_null_and_bounded_entries()
    {
        var problem = ProblemFile.Parse("""
            inputs: {x: {min: 0, max: 1}}
            outputs:
              a: {}
              b:
              c: {min: -1, max: 1}
            equations: [a = x, b = x, c = x]
            """, "p.yaml");
        Assert.Equal([new OutputSpec("a", null, null, 3), new OutputSpec("b", null, null, 4), new OutputSpec("c", -1, 1, 5)],
            problem.Outputs);
    }

    [Fact]
    public void Yaml_anchors_and_aliases_are_followed()
    {
        var problem = ProblemFile.Parse("""
            inputs:
              a: &range {min: 1, max: 2}
              b: *range
            outputs: [y]
            equations: [y = a + b]
            """, "p.yaml");
        Assert.Equal(2, problem.Inputs[1].Max.Evaluate(new Dictionary<string, double>()));
    }
}
