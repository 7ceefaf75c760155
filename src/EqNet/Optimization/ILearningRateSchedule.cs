namespace EqNet.Optimization;

/// <summary>A learning rate as a function of the step number (0 for the first step).</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate to use for step <paramref name="step"/>.</summary>
    double RateAt(long step);
}
