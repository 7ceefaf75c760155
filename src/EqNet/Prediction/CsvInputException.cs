namespace EqNet.Prediction;

/// <summary>A CSV file that cannot be predicted at all (no header, a needed column missing, a bad delimiter); the message names the file and line.</summary>
public sealed class CsvInputException(string message) : Exception(message);
