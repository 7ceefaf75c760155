namespace EqNet.Export;

/// <summary>A model that an exporter cannot express in its target (the message says what and what to do instead).</summary>
public sealed class ExportException(string message) : Exception(message);
