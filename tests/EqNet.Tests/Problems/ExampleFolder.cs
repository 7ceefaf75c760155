namespace EqNet.Tests.Problems;

/// <summary>Locates the repository's examples/ folder from the test binaries.</summary>
internal static class ExampleFolder
{
    public static string Path { get; } = Find();

    public static string File(string name) => System.IO.Path.Combine(Path, name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "EqNet.slnx")))
                return System.IO.Path.Combine(dir.FullName, "examples");
        }
        throw new InvalidOperationException("EqNet.slnx not found above " + AppContext.BaseDirectory);
    }
}
