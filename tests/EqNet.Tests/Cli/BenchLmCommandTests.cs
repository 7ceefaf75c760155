using System.Text.Json.Nodes;

namespace EqNet.Tests.Cli;

public class BenchLmCommandTests
{
    [Fact]
    public void JsonHasEachPartOfTheStepAtEveryShape()
    {
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "bench", "lm", "--parameters", "60,200", "--points", "64,128", "--threads", "1,2", "--repeats", "1", "--json");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var figures = JsonNode.Parse(run.Out)!.AsObject();
        Assert.True((double)figures["peak_gflops_per_core"]! > 0);
        foreach (var key in new[] { "jtj_gflops_p60_t1", "jtj_peak_fraction_p200_t2", "chol_gflops_p200_t1", "step_ms_p60_t2", "jacobian_ms_p200_t1_m128" })
            Assert.True((double)figures[key]! > 0, key);
        // The peak fraction is the rate per CPU second over one core's peak, whatever the thread count.
        Assert.Equal((double)figures["jtj_cpu_gflops_p200_t2"]! / (double)figures["peak_gflops_per_core"]!, (double)figures["jtj_peak_fraction_p200_t2"]!, 12);
        Assert.True((double)figures["chol_cpu_gflops_p60_t1"]! > 0);
        // The step is the sum of its parts, so it is at least the J^T J time.
        Assert.True((double)figures["step_ms_p200_t1"]! >= (double)figures["jtj_ms_p200_t1"]!);
        // OpenBLAS is optional: with it, the ratio is our rate over its rate; without it, the key is absent.
        if (figures["openblas"] is not null)
            Assert.Equal((double)figures["jtj_gflops_p200_t2"]! / (double)figures["jtj_openblas_gflops_p200_t2"]!, (double)figures["jtj_vs_openblas_p200_t2"]!, 12);
        else Assert.False(figures.ContainsKey("jtj_vs_openblas_p200_t2"));
    }

    [Fact]
    public void BadCountIsAUserError()
    {
        var run = EqNetProcess.Run(TestProblems.RepositoryRoot, "bench", "lm", "--parameters", "500,x");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--parameters", run.Error);
    }
}
