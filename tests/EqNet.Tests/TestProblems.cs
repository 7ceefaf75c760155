using EqNet.Problems;

namespace EqNet.Tests;

/// <summary>Problems for tests: the repository's examples, and small inline ones.</summary>
internal static class TestProblems
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(RepositoryRoot, "examples", name);

    public static Problem Load(string exampleName) => ProblemFile.Load(Example(exampleName));

    public static Problem Inline(string yaml, string name = "inline.yaml") => ProblemFile.Parse(yaml, name);

    /// <summary>
    /// The two roots of x^2 + b x + c near its double root (bench/reported/14-quadratic-roots.yaml): the smaller root
    /// r1 and the gap g, an implicit system whose second equation's terms vanish as c -> 0.
    /// </summary>
    public const string QuadraticRoots = """
        name: quadratic-roots
        inputs:
          b: {min: -10, max: 10}
          c: {min: -25, max: b^2/4 - 0.01}
        outputs:
          r1: {}
          g:  {min: 0}
        equations:
          - 2*r1 + g = -b
          - r1*(r1 + g) = c
        """;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EqNet.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (EqNet.slnx) above " + AppContext.BaseDirectory);
    }
}
