namespace EqNet.Training;

/// <summary>Training cannot start with these settings (e.g. a network too large for Levenberg-Marquardt); the message says what to change.</summary>
public sealed class TrainingSetupException(string message) : Exception(message);
