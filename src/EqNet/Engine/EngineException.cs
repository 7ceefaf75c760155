namespace EqNet.Engine;

/// <summary>A misuse of the engine (shape mismatch, empty batch, non-finite values), naming the operation and shapes.</summary>
public sealed class EngineException(string message) : Exception(message);
