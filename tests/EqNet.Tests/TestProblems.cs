using EqNet.Problems;

namespace EqNet.Tests;

/// <summary>Problems for tests: the repository's examples, and small inline ones.</summary>
internal static class TestProblems
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(RepositoryRoot, "examples", name);

    public static Problem Load(string exampleName) => ProblemFile.Load(Example(exampleName));

    public static Problem Inline(string yaml, string name = "inline.yaml") => ProblemFile.Parse(yaml, name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EqNet.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (EqNet.slnx) above " + AppContext.BaseDirectory);
    }
}
