namespace EqNet.Tests.Reporting;

/// <summary>
/// A fact that needs headless chromium: skipped, with the reason, only when chromium is missing and
/// cannot be installed, and never under CI (there the test runs and fails instead).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.UnavailableReason is { } reason && !HeadlessChromium.IsContinuousIntegration)
        {
            Skip = "Headless chromium is unavailable: " + reason;
        }
    }
}
