using CsCheck;
using EqNet.Problems;

namespace EqNet.Tests.Fuzzing;

/// <summary>The problem-file loader on mutated valid files: a problem or a <see cref="ProblemException"/>, nothing else.</summary>
public class ProblemFileFuzzTests
{
    private static readonly string[] Files = Directory.GetFiles(Path.Combine(TestProblems.RepositoryRoot, "examples"), "*.yaml")
        .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    private static readonly string[] Tokens =
    [
        ":", ": ", "{", "}", "[", "]", "- ", "\n", "  ", "\t", "#", ",", "min", "max", "x1", "y", "E", "e", "pi", "exp(", "&a ", "*a",
        "!!str ", "!!binary ", "'", "\"", "1e999", "-1e308", "nan", ".inf", "0", "inputs:", "outputs:", "equations:", "model:",
        "training:", "data:", "hidden: [0]", "seed: -1", "time_budget: 0", "---", "...", "?", "|", ">", "%YAML 1.2", "\0", "é", "\r",
        "=", "**", "/", "(", ")", "sampling: log", "transform: log", "scale: 0", "weight: -1",
    ];

    private sealed record Mutation(int Kind, double Where, double Length, int Token);

    private static readonly Gen<Mutation> OneMutation =
        Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Int[0, Tokens.Length - 1], (k, w, l, t) => new Mutation(k, w, l, t));

    /// <summary>A valid example file and 1 to 4 mutations of it.</summary>
    internal static readonly Gen<string> Mutated = Gen.Select(Gen.Int[0, Files.Length - 1], OneMutation.Array[1, 4], (f, m) => m.Aggregate(Files[f], Apply));

    [Fact]
    public void MutatedFilesLoadOrGiveAProblemException()
    {
        long loaded = 0;
        Mutated.Sample(text =>
        {
            if (LoadOrProblemException(text)) Interlocked.Increment(ref loaded);
        }, seed: FuzzGens.Seed("0N0XIzNsQ0O7"), iter: FuzzGens.Count(2000), threads: FuzzGens.Threads);
        // Both outcomes occur: the mutations reach past the first check.
        Assert.InRange(loaded, 1, FuzzGens.Count(2000) - 1);
    }

    [Theory]
    [InlineData("!!b[inary name: x\n")] // found by the fuzzer: YamlDotNet's ArgumentException for a tag that is not a URI
    public void FoundByTheFuzzer(string text) => Assert.False(LoadOrProblemException(text));

    /// <summary>True when the text loaded; false for a <see cref="ProblemException"/>; anything else fails the test.</summary>
    internal static bool LoadOrProblemException(string text)
    {
        try
        {
            ProblemFile.Parse(text, "fuzz.yaml");
            return true;
        }
        catch (ProblemException e)
        {
            Assert.StartsWith("fuzz.yaml", e.Message);
            return false;
        }
    }

    private static string Apply(string text, Mutation m)
    {
        int at = (int)(m.Where * text.Length);
        int length = (int)(m.Length * Math.Min(20, text.Length - at));
        var lines = text.Split('\n');
        int line = (int)(m.Where * (lines.Length - 1)), other = (int)(m.Length * (lines.Length - 1));
        switch (m.Kind)
        {
            case 0: return text.Remove(at, length);
            case 1: return text.Insert(at, Tokens[m.Token]);
            case 2: return text.Remove(at, length).Insert(at, Tokens[m.Token]);
            case 3:
                (lines[line], lines[other]) = (lines[other], lines[line]);
                return string.Join('\n', lines);
            default: return string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1)));
        }
    }
}
