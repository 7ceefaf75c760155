using System.Diagnostics;

namespace EqNet.Tests.Reporting;

/// <summary>
/// Debian's chromium in headless mode, for checking that the report renders in a real browser.
/// Installed on first use by <c>.ci/install-chromium.sh</c> when missing and possible (root, network).
/// </summary>
internal static class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly Lazy<string?> UnavailableReasonOnce = new(FindOrInstall);

    /// <summary>Why chromium cannot be used, or <c>null</c> when it can.</summary>
    public static string? UnavailableReason => UnavailableReasonOnce.Value;

    /// <summary>Whether this run is under CI, where the browser test must not be skipped.</summary>
    public static bool IsContinuousIntegration =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } value && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs chromium headless on <paramref name="url"/> with extra arguments; returns its standard output.</summary>
    public static string Run(string profileFolder, string url, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--virtual-time-budget=5000", $"--user-data-dir={profileFolder}", .. arguments, url])
        {
            start.ArgumentList.Add(argument);
        }

        var (exitCode, output, errors) = RunProcess(start, RunTimeout);
        Assert.True(exitCode == 0, $"chromium exited with {exitCode}: {errors}");
        return output;
    }

    private static string? FindOrInstall()
    {
        if (File.Exists(ExecutablePath))
        {
            return null;
        }

        var script = FindInstallScript();
        if (script is null)
        {
            return $"{ExecutablePath} is missing and .ci/install-chromium.sh was not found above {AppContext.BaseDirectory}.";
        }

        try
        {
            var (exitCode, _, errors) = RunProcess(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true }, InstallTimeout);
            return File.Exists(ExecutablePath)
                ? null
                : $"{ExecutablePath} is missing and {script} could not install it (exit {exitCode}): {errors.Trim()}";
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"{ExecutablePath} is missing and {script} could not run: {exception.Message}";
        }
    }

    private static string? FindInstallScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, ".ci", "install-chromium.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        return null;
    }

    private static (int ExitCode, string Output, string Errors) RunProcess(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} did not finish within {timeout.TotalSeconds} s.");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }
}
