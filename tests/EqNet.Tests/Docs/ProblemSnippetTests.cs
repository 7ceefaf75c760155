using System.Text.RegularExpressions;
using EqNet.Problems;
using YamlDotNet.RepresentationModel;

namespace EqNet.Tests.Docs;

/// <summary>
/// Every problem in examples/ and every YAML snippet in docs/*.md and README.md loads, and training accepts its
/// settings: the options resolve and the network it would build is one Levenberg-Marquardt can train (no training).
/// </summary>
public partial class ProblemSnippetTests
{
    /// <summary>A problem a fragment's model/training sections are tried on, when the fragment is not a whole problem.</summary>
    private const string Host = "inputs:\n  a: {min: 1, max: 10}\n  b: {min: 1, max: 2}\noutputs: [y]\nequations: [y = a*b]\n";

    public static TheoryData<string> Examples() => new(Directory.GetFiles(Path.Combine(TestProblems.RepositoryRoot, "examples"), "*.yaml")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var (document, blocks) in Documents())
            for (int i = 0; i < blocks.Count; i++) data.Add(document, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryExampleLoadsAndTrainingAcceptsItsSettings(string file) =>
        AcceptsOrFits(Surrogate.LoadProblem(TestProblems.Example(file)));

    [Theory]
    [MemberData(nameof(Snippets))]
    public void EveryYamlSnippetOfTheDocsIsAcceptedByTraining(string document, int index)
    {
        string yaml = Documents().Single(d => d.Document == document).Blocks[index];
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var keys = ((YamlMappingNode)stream.Documents[0].RootNode).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        string source = $"{document} yaml block {index + 1}";
        if (keys.IsSupersetOf(["inputs", "outputs", "equations"]))
            AcceptsOrFits(Surrogate.ParseProblem(yaml, source));
        else if (keys.Overlaps(["model", "training"]))
            Accepts(Surrogate.ParseProblem(Host + string.Join("\n", yaml.Split('\n').Where(l => l.StartsWith("model", StringComparison.Ordinal) || l.StartsWith("training", StringComparison.Ordinal) || l.StartsWith(' '))), source));
        else
            Assert.True(keys.IsSubsetOf(["name", "inputs", "outputs", "equations", "parameters", "data"]), $"{source}: unexpected keys {string.Join(", ", keys)}");
    }

    [Fact]
    public void TheDocsHaveYamlSnippets() => Assert.Contains(Documents(), d => d.Blocks.Count > 0);

    /// <summary>A problem with unknown constants is fitted, not trained: it must name its data file.</summary>
    private static void AcceptsOrFits(Problem problem)
    {
        if (problem.Parameters.Count > 0) Assert.NotNull(problem.Data.File);
        else Accepts(problem);
    }

    private static void Accepts(Problem problem)
    {
        var options = Surrogate.Options(problem);
        Assert.True(options.TimeBudgetSeconds > 0);
        // Design refuses what training would refuse (a Jacobian beyond memory); above the exact-step limit it picks the inexact step.
        var design = Surrogate.Design(problem);
        Assert.True(design.Network.ParameterCount > 0);
    }

    private static List<(string Document, List<string> Blocks)> Documents() =>
    [
        .. Directory.GetFiles(Path.Combine(TestProblems.RepositoryRoot, "docs"), "*.md").Append(Path.Combine(TestProblems.RepositoryRoot, "README.md"))
            .Where(File.Exists).Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(TestProblems.RepositoryRoot, path), YamlBlock().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).ToList())),
    ];

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
