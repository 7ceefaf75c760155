namespace EqNet.Optimization;

/// <summary>Argument checks shared by the learning-rate schedules.</summary>
internal static class ScheduleArguments
{
    public static void RequireRate(double rate, string name, string owner)
    {
        if (!(rate >= 0) || double.IsInfinity(rate))
            throw new ArgumentOutOfRangeException(name, rate, $"{owner}: a learning rate must be finite and not negative");
    }

    public static void RequireStep(long step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "the step number must not be negative (the first step is 0)");
    }
}
