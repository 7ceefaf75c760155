namespace EqNet.Tests.Cli;

/// <summary>What a new user tripped over, from a fresh clone: each answered in words they can act on.</summary>
public class NewUserTests
{
    [Fact]
    public void AKeplerRunReadsCleanlyAndItsModelCanBeInspected()
    {
        string dir = Directory.CreateTempSubdirectory("eqnet-newuser").FullName;
        var train = EqNetProcess.Run(TestProblems.RepositoryRoot, "train", "examples/kepler.yaml", "--out", dir, "--steps", "2", "--samples", "300", "--threads", "1");
        Assert.Equal(0, train.ExitCode);
        // The bounded eccentric anomaly has no magnitude to pre-fit: its first line shows no loss rather than NaN.
        Assert.DoesNotContain("NaN", train.Out);
        // Redirected, the caption is one line, not broken before "stopped by".
        Assert.Contains(train.Out.Split('\n'), line => line.Contains("held-out: 300 points") && line.Contains("stopped by step limit"));
        Assert.Contains("ea: network (declared bounds)", train.Out);

        string model = Path.Combine(dir, "model.eqnet");
        var inspect = EqNetProcess.Run(TestProblems.RepositoryRoot, "inspect", model);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("a network model of 'kepler'", inspect.Out);
        Assert.Contains("ea: network (declared bounds)", inspect.Out);
        Assert.DoesNotContain("unknown key", inspect.Out + inspect.Error);

        string truncated = Path.Combine(dir, "cut.eqnet");
        File.WriteAllBytes(truncated, File.ReadAllBytes(model)[..300]);
        var cut = EqNetProcess.Run(TestProblems.RepositoryRoot, "inspect", truncated);
        Assert.Equal(2, cut.ExitCode);
        Assert.Contains("ends early", cut.Error);
        Assert.DoesNotContain("YAML", cut.Error);

        string csv = Path.Combine(dir, "in.csv");
        File.WriteAllText(csv, "M,ecc\n1,0.5\noops,0.2\n");
        var predict = EqNetProcess.Run(dir, "predict", model, "--in", csv, "--out", Path.Combine(dir, "out.csv"));
        Assert.Equal(2, predict.ExitCode);
        Assert.Contains("1 row could not be read (listed above); fix it", predict.Error);
    }

    [Fact]
    public void AFolderGivenAsTheProblemNamesTheProblemFilesInIt()
    {
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "train", "examples", "--steps", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a folder", run.Error);
        Assert.Contains("arrhenius.yaml", run.Error);
        Assert.DoesNotContain("denied", run.Error);
    }

    [Fact]
    public void EqnetAloneSuggestsHelpWithOneSpace()
    {
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot);
        Assert.Contains("Run 'eqnet --help' for usage.", run.Error);
        var sub = EqNetProcess.Run(TestProblems.RepositoryRoot, "train");
        Assert.Contains("Run 'eqnet train --help' for usage.", sub.Error);
    }
}
