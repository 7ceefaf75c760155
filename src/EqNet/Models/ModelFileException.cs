namespace EqNet.Models;

/// <summary>A model file that cannot be used: missing, damaged, or of another format version.</summary>
public sealed class ModelFileException(string message) : Exception(message);
