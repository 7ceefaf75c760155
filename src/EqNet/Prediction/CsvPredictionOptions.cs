namespace EqNet.Prediction;

/// <summary>Settings of <see cref="CsvPredictor"/>.</summary>
public sealed record CsvPredictionOptions
{
    /// <summary>
    /// Rows read, predicted and written together. Large enough that the network's two-core batch evaluation dominates
    /// its thread start-up, small enough that a block's text stays in cache-sized memory (about 1 MB for the seed's rows).
    /// </summary>
    public const int DefaultBlockRows = 16_384;

    /// <summary>Column separator of input and output.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Rows per block.</summary>
    public int BlockRows { get; init; } = DefaultBlockRows;

    /// <summary>Threads of the network evaluation (0: one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Failed rows kept with their details in the summary (all are counted).</summary>
    public int MaxReportedFailures { get; init; } = 20;

    /// <summary>Name of the input in messages (a path, or "stdin").</summary>
    public string Source { get; init; } = "input";

    /// <summary>Name of the column that says whether a row lies in the trained domain.</summary>
    public const string InDomainColumn = "in_domain";
}
