using EqNet.Problems;

namespace EqNet.Tests.Problems;

public class ProblemErrorsTests
{
    private const string Seed = """
        name: seed
        inputs:
          x1: {min: 500, max: 1000}
          x2: {min: 1, max: x1}
        outputs: [y]
        equations:
          - y = x1/x2
        """;

    private static ProblemException Fails(string yaml, int line, string field, params string[] phrases)
    {
        var error = Assert.Throws<ProblemException>(() => ProblemFile.Parse(yaml, "bad.yaml"));
        Assert.Equal("bad.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        string prefix = field.Length > 0 ? $"bad.yaml:{line}: {field}: " : $"bad.yaml:{line}: ";
        Assert.StartsWith(prefix, error.Message);
        foreach (string phrase in phrases)
            Assert.Contains(phrase, error.Message);
        return error;
    }

    private static string Replace(string from, string to)
    {
        Assert.Contains(from, Seed);
        return Seed.Replace(from, to);
    }

    [Fact]
    public void The_unchanged_base_problem_is_valid() => Assert.Equal(2, ProblemFile.Parse(Seed, "ok.yaml").Inputs.Count);

    [Fact]
    public void Missing_file_names_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "eqnet-no-such-dir", "missing.yaml");
        var error = Assert.Throws<ProblemException>(() => ProblemFile.Load(path));
        Assert.Equal(path, error.File);
        Assert.Equal(0, error.Line);
        Assert.Equal($"{path}: file not found. Check the path (relative paths start from the current folder).", error.Message);
    }

    [Fact]
    public void A_folder_given_as_the_problem_is_reported_as_a_folder()
    {
        string folder = Directory.CreateTempSubdirectory("eqnet-dir-").FullName;
        try
        {
            var error = Assert.Throws<ProblemException>(() => ProblemFile.Load(folder));
            Assert.StartsWith($"{folder}: is a folder, not a problem file; give a problem file (*.yaml)", error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void Malformed_yaml_gives_the_line() =>
        Fails("name: seed\ninputs: x1: 1\n", 2, "", "invalid YAML: ");

    [Fact]
    public void Unclosed_bracket_gives_the_line_where_it_opens() =>
        Fails("inputs:\n  x1: {min: 1, max: 2\noutputs: [y]\n", 2, "", "invalid YAML", "unclosed bracket");

    [Fact]
    public void Empty_file_is_rejected() =>
        Assert.Contains("the file is empty", Assert.Throws<ProblemException>(() => ProblemFile.Parse("# nothing\n", "e.yaml")).Message);

    [Theory]
    [InlineData("inputs", "outputs: [y]\nequations: [y = 1]\n")]
    [InlineData("outputs", "inputs: {x: {min: 0, max: 1}}\nequations: [y = x]\n")]
    [InlineData("equations", "inputs: {x: {min: 0, max: 1}}\noutputs: [y]\n")]
    public void Missing_section_is_named(string section, string yaml) =>
        Fails(yaml, 1, section, $"missing '{section}' section");

    [Fact]
    public void Duplicate_input_is_a_duplicate_yaml_key() =>
        Fails(Replace("  x2: {min: 1, max: x1}", "  x1: {min: 1, max: 2}"), 4, "inputs.x1", "duplicate key 'x1' (first at line 3)");

    [Fact]
    public void Duplicate_key_inside_an_input_names_its_path() =>
        Fails(Replace("{min: 500, max: 1000}", "{min: 500, min: 600, max: 1000}"), 3, "inputs.x1.min", "duplicate key 'min'");

    [Fact]
    public void Duplicate_top_level_key_is_reported() =>
        Fails(Seed + "\noutputs: [z]\n", 8, "outputs", "duplicate key 'outputs' (first at line 5)");

    [Fact]
    public void Input_and_output_with_the_same_name_are_rejected() =>
        Fails(Replace("outputs: [y]", "outputs: [x1]"), 5, "outputs.x1", "'x1' is both an input (line 3) and an output");

    [Fact]
    public void Duplicate_output_in_a_list_is_rejected() =>
        Fails(Replace("outputs: [y]", "outputs: [y, y]"), 5, "outputs", "duplicate output 'y'");

    [Fact]
    public void Non_identifier_names_are_rejected() =>
        Fails(Replace("  x2: {min: 1, max: x1}", "  2x: {min: 1, max: x1}"), 4, "inputs.2x", "not a valid name");

    [Fact]
    public void Unknown_variable_in_a_bound_lists_the_inputs_so_far() =>
        Fails(Replace("max: x1}", "max: x9}"), 4, "inputs.x2.max",
            "unknown variable 'x9' (inputs so far: x1). A bound may use only inputs listed before it.");

    [Fact]
    public void Bound_using_a_later_input_says_to_reorder() =>
        Fails(Replace("x1: {min: 500, max: 1000}", "x1: {min: 500, max: x2}"), 3, "inputs.x1.max",
            "'x2' is listed later (line 4); move x2 above x1.");

    [Fact]
    public void Bound_using_an_output_is_rejected() =>
        Fails(Replace("max: x1}", "max: y}"), 4, "inputs.x2.max", "'y' is an output");

    [Fact]
    public void Bound_using_its_own_input_is_rejected() =>
        Fails(Replace("max: x1}", "max: 2*x2}"), 4, "inputs.x2.max", "cannot use x2 itself");

    [Fact]
    public void Constant_min_above_max_is_rejected() =>
        Fails(Replace("{min: 500, max: 1000}", "{min: 1000, max: 500}"), 3, "inputs.x1.min", "min 1000 > max 500", "Swap them");

    [Fact]
    public void Log_sampling_needs_a_positive_min() =>
        Fails(Replace("{min: 500, max: 1000}", "{min: 0, max: 1000, sampling: log}"), 3, "inputs.x1.min",
            "log sampling needs min > 0, but min is 0");

    [Fact]
    public void Log_transform_needs_a_positive_min() =>
        Fails(Replace("{min: 500, max: 1000}", "{min: -1, max: 1000, transform: log}"), 3, "inputs.x1.min",
            "'transform: log' needs a positive input");

    [Fact]
    public void Integer_sampling_needs_whole_number_bounds() =>
        Fails(Replace("{min: 500, max: 1000}", "{min: 0.5, max: 1000, sampling: integer}"), 3, "inputs.x1.min",
            "integer sampling needs whole-number bounds, but min is 0.5");

    [Fact]
    public void Unknown_sampling_suggests_the_closest() =>
        Fails(Replace("{min: 500, max: 1000}", "{min: 500, max: 1000, sampling: logg}"), 3, "inputs.x1.sampling",
            "unknown sampling 'logg'. Did you mean 'log'? Use one of: uniform, log, integer.");

    [Fact]
    public void Unparsable_bound_shows_column_and_caret()
    {
        var error = Fails(Replace("max: x1}", "max: x1 */ 2}"), 4, "inputs.x2.max", "cannot parse 'x1 */ 2': col 5:");
        Assert.EndsWith("\n    x1 */ 2\n        ^", error.Message);
    }

    [Fact]
    public void Bound_text_that_does_not_parse_shows_column_and_caret()
    {
        var error = Fails(Replace("max: x1}", "max: \"1.2.3\"}"), 4, "inputs.x2.max", "cannot parse '1.2.3': col 4:");
        Assert.EndsWith("\n    1.2.3\n       ^", error.Message);
    }

    [Fact]
    public void Non_numeric_bound_is_an_unknown_variable() =>
        Fails(Replace("max: x1}", "max: abc}"), 4, "inputs.x2.max", "unknown variable 'abc'");

    [Fact]
    public void Missing_max_is_reported() =>
        Fails(Replace("{min: 1, max: x1}", "{min: 1}"), 4, "inputs.x2", "missing 'max'");

    [Fact]
    public void Input_that_is_not_a_mapping_shows_the_expected_shape() =>
        Fails(Replace("{min: 1, max: x1}", "[1, 2]"), 4, "inputs.x2", "expected a mapping like {min: 1, max: 10}, found a list");

    [Fact]
    public void Unparsable_equation_shows_column_relative_to_the_equation_and_caret()
    {
        var error = Fails(Replace("y = x1/x2", "y = x1/ * x2"), 7, "equations[1]", "cannot parse equation 'y = x1/ * x2': col 9:");
        Assert.EndsWith("\n    y = x1/ * x2\n            ^", error.Message);
    }

    [Fact]
    public void Unknown_variable_in_an_equation_lists_inputs_and_outputs() =>
        Fails(Replace("y = x1/x2", "y = x1/x9"), 7, "equations[1]",
            "unknown variable 'x9' in 'y = x1/x9'.", "Inputs: x1, x2; outputs: y.");

    [Fact]
    public void Unknown_variable_in_an_equation_suggests_a_close_name() =>
        Fails(Replace("y = x1/x2", "y = x1/xx2"), 7, "equations[1]", "Did you mean 'x2'?");

    [Fact]
    public void Equation_without_output_is_rejected() =>
        Fails(Replace("- y = x1/x2", "- y = x1/x2\n  - x1 = x2"), 8, "equations[2]",
            "equation 'x1 = x2' mentions no output; every equation must constrain at least one output");

    [Fact]
    public void Output_in_no_equation_is_rejected() =>
        Fails(Replace("outputs: [y]", "outputs: [y, w]"), 5, "outputs.w", "output 'w' appears in no equation");

    [Fact]
    public void Fewer_equations_than_outputs_is_rejected() =>
        Fails(Replace("outputs: [y]\nequations:\n  - y = x1/x2", "outputs: [y, w]\nequations:\n  - y + w = x1/x2"), 6, "equations",
            "2 outputs (y, w) but only 1 equation");

    [Fact]
    public void Unknown_top_level_key_suggests_the_closest() =>
        Fails(Seed + "\ntrainig: {seed: 1}\n", 8, "trainig", "unknown key 'trainig' at the top level. Did you mean 'training'?");

    [Fact]
    public void Unknown_input_key_suggests_the_closest() =>
        Fails(Replace("{min: 500, max: 1000}", "{min: 500, max: 1000, samplng: log}"), 3, "inputs.x1.samplng",
            "unknown key 'samplng' in 'inputs.x1'. Did you mean 'sampling'?");

    [Fact]
    public void Model_key_typo_is_rejected() =>
        Fails(Seed + "\nmodel: {hiden: [8]}\n", 8, "model.hiden", "Did you mean 'hidden'?");

    [Fact]
    public void Unknown_training_key_lists_the_allowed_keys() =>
        Fails(Seed + "\ntraining: {lr: 0.1}\n", 8, "training.lr",
            "unknown key 'lr' in 'training'. Allowed keys: time_budget, seed, batch, steps, threads.");

    [Fact]
    public void Hidden_with_non_numbers_is_rejected() =>
        Fails(Seed + "\nmodel: {hidden: [a, b]}\n", 8, "model.hidden[1]", "expected a whole number, found 'a'");

    [Fact]
    public void Hidden_that_is_not_a_list_is_rejected() =>
        Fails(Seed + "\nmodel: {hidden: 64}\n", 8, "model.hidden", "expected a list like [16, 16]");

    [Fact]
    public void Training_numbers_are_checked() =>
        Fails(Seed + "\ntraining: {time_budget: soon}\n", 8, "training.time_budget", "expected a number, found 'soon'");

    [Fact]
    public void Training_batch_must_be_positive() =>
        Fails(Seed + "\ntraining: {batch: 0}\n", 8, "training.batch", "must be at least 1, found 0");

    [Fact]
    public void Output_map_with_min_above_max_is_rejected() =>
        Fails(Replace("outputs: [y]", "outputs:\n  y: {min: 2, max: 1}"), 6, "outputs.y.min", "min 2 > max 1");

    [Fact]
    public void Output_bound_that_is_not_a_number_is_rejected() =>
        Fails(Replace("outputs: [y]", "outputs:\n  y: {min: abc}"), 6, "outputs.y.min", "expected a number, found 'abc'");

    [Fact]
    public void Scale_with_unknown_names_is_rejected() =>
        Fails(Replace("- y = x1/x2", "- {equation: y = x1/x2, scale: x1/q}"), 7, "equations[1].scale",
            "unknown variable 'q' in scale 'x1/q'");

    [Fact]
    public void Weight_must_be_positive() =>
        Fails(Replace("- y = x1/x2", "- {equation: y = x1/x2, weight: -1}"), 7, "equations[1].weight", "must be positive");

    [Fact]
    public void Equation_with_colon_space_read_as_mapping_says_to_quote() =>
        Fails(Replace("- y = x1/x2", "- y = x1: x2"), 7, "equations[1]", "Put the equation in quotes");

    [Fact]
    public void Inputs_as_a_list_show_the_expected_shape() =>
        Fails(Replace("  x1: {min: 500, max: 1000}\n  x2: {min: 1, max: x1}", "  - x1\n  - x2"), 3, "inputs",
            "expected a mapping like {x1: {min: 500, max: 1000}");

    [Fact]
    public void Name_that_is_not_a_folder_name_is_rejected() =>
        Fails(Replace("name: seed", "name: ../escape"), 1, "name", "'../escape' cannot be used as a folder name");

    [Fact]
    public void An_output_scale_is_read_and_must_be_positive()
    {
        var problem = ProblemFile.Parse(Replace("outputs: [y]", "outputs: {y: {scale: 0.25}}"), "ok.yaml");
        Assert.Equal(0.25, problem.Outputs[0].Scale);
        Assert.Null(ProblemFile.Parse(Seed, "ok.yaml").Outputs[0].Scale);
        Fails(Replace("outputs: [y]", "outputs: {y: {scale: -1}}"), 5, "outputs.y.scale", "not a positive number", "typical size");
    }
}
