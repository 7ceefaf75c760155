namespace EqNet.Tests.Cli;

public class DamagedModelCliTests
{
    [Fact]
    public void DamagedEmptyAndForeignModelsExitWithCode2AndNoStackTrace()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-damaged").FullName;
        byte[] good = File.ReadAllBytes(Path.Combine(TestProblems.RepositoryRoot, "tests", "EqNet.Tests", "Models", "Data", "model-v1.eqnet"));
        byte[] flipped = (byte[])good.Clone();
        int at = Array.IndexOf(flipped, (byte)'A', good.Length / 2); // inside the base64 weights
        flipped[at] ^= 0x01;
        File.WriteAllBytes(Path.Combine(dir, "damaged.eqnet"), flipped);
        File.WriteAllBytes(Path.Combine(dir, "truncated.eqnet"), good[..(good.Length / 3)]);
        File.WriteAllBytes(Path.Combine(dir, "empty.eqnet"), []);
        File.Copy(TestProblems.Example("seed.yaml"), Path.Combine(dir, "seed.yaml"));
        foreach (var (file, expected) in new[] { ("damaged.eqnet", "damaged"), ("truncated.eqnet", "ends early"), ("empty.eqnet", "empty"), ("seed.yaml", "not an EqNet model file") })
            foreach (var command in new[] { "eval", "predict" })
            {
                var run = command == "eval"
                    ? EqNetProcess.Run(dir, "eval", file, "--samples", "100")
                    : EqNetProcess.Run(dir, "predict", file, "--at", "a=3, b=2");
                Assert.True(run.ExitCode == 2, $"{command} {file}: exit {run.ExitCode}\n{run.Error}");
                Assert.Contains(expected, run.Error);
                Assert.Contains(file, run.Error);
                Assert.DoesNotContain("   at ", run.Error);
            }
    }
}
