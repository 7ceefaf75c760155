using System.Diagnostics;
using EqNet.Tests.Reporting;

namespace EqNet.Tests.Export;

/// <summary>
/// A python3 that can import a module (numpy, torch), for running exported Python files: <c>EQNET_PYTHON</c> if set,
/// else <c>python3</c> on the PATH, else Debian's <c>/usr/bin/python3</c> (where <c>apt-get install python3-numpy
/// python3-torch</c> puts the modules; <c>.ci/run</c> installs them).
/// </summary>
internal static class PythonRuntime
{
    private static readonly Dictionary<string, Lazy<string?>> Found = new(StringComparer.Ordinal)
    {
        ["numpy"] = new(() => Find("numpy")),
        ["torch"] = new(() => Find("torch")),
    };

    private static IEnumerable<string> Candidates =>
        new[] { Environment.GetEnvironmentVariable("EQNET_PYTHON"), "python3", "/usr/bin/python3" }.OfType<string>().Where(c => c.Length > 0).Distinct();

    /// <summary>An interpreter that imports <paramref name="module"/>, or null.</summary>
    public static string? For(string module) => Found[module].Value;

    /// <summary>Why no interpreter imports <paramref name="module"/>: what was tried and how to get one.</summary>
    public static string Missing(string module) =>
        $"no python3 imports {module} (tried {string.Join(", ", Candidates)}): install it (apt-get install python3-{module}, as .ci/run does) or set EQNET_PYTHON to an interpreter that has it";

    /// <summary>The interpreter for <paramref name="module"/>; fails the test with <see cref="Missing"/> when there is none.</summary>
    public static string Require(string module) => For(module) ?? throw new Xunit.Sdk.XunitException(Missing(module));

    /// <summary>Runs <paramref name="script"/> (a file) with <paramref name="python"/> in <paramref name="folder"/>; fails the test on a non-zero exit, with python's error output.</summary>
    public static string Run(string python, string script, string folder, int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo(python, [script]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{python} {script} did not finish within {timeoutSeconds} s");
        }
        Assert.True(process.ExitCode == 0, $"{python} {script} exited with {process.ExitCode}:\n{errors.Result}\n{output.Result}");
        return output.Result;
    }

    private static string? Find(string module)
    {
        foreach (var candidate in Candidates)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", $"import {module}"]) { RedirectStandardOutput = true, RedirectStandardError = true });
                if (process is null) continue;
                process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                if (process.WaitForExit(TimeSpan.FromSeconds(120)) && process.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name: try the next.
            }
        }
        return null;
    }
}

/// <summary>
/// A fact that runs exported files in Python with <see cref="Module"/>: skipped with the reason only where no python3
/// has it and this is not CI; under CI (the CI variable set) it runs and fails, saying what is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute(string module)
    {
        Module = module;
        if (PythonRuntime.For(module) is null && !HeadlessChromium.IsContinuousIntegration) Skip = PythonRuntime.Missing(module);
    }

    /// <summary>The Python module the test needs.</summary>
    public string Module { get; }
}
