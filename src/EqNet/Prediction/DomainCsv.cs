using System.Globalization;
using EqNet.Problems;
using EqNet.Sampling;

namespace EqNet.Prediction;

/// <summary>
/// Writes points of a problem's domain as CSV (a header of the input names, then one row per point, round-trip
/// numbers): input files for <see cref="CsvPredictor"/>, e.g. the throughput test's million rows. Points are drawn as
/// training draws them (<see cref="DomainSampler"/>: declared sampling, dependent bounds), reproducibly from a seed.
/// </summary>
public static class DomainCsv
{
    /// <summary>Rows sampled and formatted at a time.</summary>
    private const int BlockRows = 4096;

    /// <summary>Writes <paramref name="rows"/> points of <paramref name="problem"/>'s domain to <paramref name="output"/>.</summary>
    /// <param name="problem">The problem whose inputs are sampled.</param>
    /// <param name="rows">Number of data rows.</param>
    /// <param name="output">Receives the CSV text ('\n' line ends).</param>
    /// <param name="seed">Seed of the points.</param>
    /// <param name="delimiter">Column separator.</param>
    public static void Write(Problem problem, long rows, TextWriter output, int seed = 1, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var sampler = new DomainSampler(problem);
        int d = sampler.InputCount;
        output.Write(string.Join(delimiter, problem.Inputs.Select(i => i.Name)));
        output.Write('\n');
        var random = new Random(seed);
        var block = new double[BlockRows * d];
        // A round-trip double takes at most 24 characters.
        var text = new char[BlockRows * d * 25];
        for (long done = 0; done < rows; done += BlockRows)
        {
            int n = (int)Math.Min(BlockRows, rows - done);
            sampler.Sample(block.AsSpan(0, n * d), random);
            int at = 0;
            for (int k = 0; k < n * d; k++)
            {
                block[k].TryFormat(text.AsSpan(at), out int written, "R", CultureInfo.InvariantCulture);
                at += written;
                text[at++] = (k + 1) % d == 0 ? '\n' : delimiter;
            }
            output.Write(text, 0, at);
        }
        output.Flush();
    }
}
