using System.Diagnostics;

namespace EqNet.Tests.Cli;

/// <summary>Runs the built <c>eqnet</c> command as a user would, and captures what it prints.</summary>
internal static class EqNetProcess
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(string workingDirectory, params string[] args)
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        string dll = Path.Combine(TestProblems.RepositoryRoot, "src", "EqNet.Cli", "bin", configuration, "net10.0", "eqnet.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(true); throw new TimeoutException("eqnet did not finish in 3 minutes"); }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
