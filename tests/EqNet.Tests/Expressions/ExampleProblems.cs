using YamlDotNet.RepresentationModel;

namespace EqNet.Tests.Expressions;

/// <summary>The equations and bound expressions of the repository's examples/*.yaml problem files.</summary>
internal static class ExampleProblems
{
    public static IEnumerable<string> Equations() => Documents().SelectMany(root =>
        ((YamlSequenceNode)root.Children[new YamlScalarNode("equations")]).Children.Select(entry => entry switch
        {
            YamlScalarNode scalar => scalar.Value!,
            YamlMappingNode map => ((YamlScalarNode)map.Children[new YamlScalarNode("equation")]).Value!,
            _ => throw new InvalidDataException("unexpected equation entry"),
        }));

    public static IEnumerable<string> Bounds() => Documents().SelectMany(root =>
        ((YamlMappingNode)root.Children[new YamlScalarNode("inputs")]).Children.Values.OfType<YamlMappingNode>()
            .SelectMany(input => input.Children
                .Where(p => ((YamlScalarNode)p.Key).Value is "min" or "max")
                .Select(p => ((YamlScalarNode)p.Value).Value!)));

    private static IEnumerable<YamlMappingNode> Documents()
    {
        string directory = Path.Combine(RepositoryRoot(), "examples");
        string[] files = Directory.GetFiles(directory, "*.yaml");
        Assert.NotEmpty(files);
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = File.OpenText(file);
            stream.Load(reader);
            yield return (YamlMappingNode)stream.Documents[0].RootNode;
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EqNet.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EqNet.slnx not found above " + AppContext.BaseDirectory);
    }
}
