using EqNet.IO;

namespace EqNet.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void ReplacesContentAndLeavesNoTemporaryFiles()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-atomic").FullName;
        string path = Path.Combine(dir, "sub", "metrics.json");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "sub")));
    }
}
