using System.Globalization;

namespace EqNet.Expressions;

/// <summary>
/// The special functions measured against reference values (bench/special/references.csv: mpmath at 60 digits for
/// exact float64 inputs): per function, its largest relative error. Used by <c>eqnet bench special</c> and the tests.
/// </summary>
internal static class SpecialFunctionReferences
{
    /// <summary>One function's figures: reference points, the range of its (last) argument, the largest error and where.</summary>
    internal sealed record Accuracy(string Function, int Points, double Min, double Max, double MaxError, string At);

    /// <summary>One reference row; <see cref="X2"/> is NaN for one-argument functions, <see cref="Scale"/> what the error is relative to.</summary>
    internal sealed record Reference(string Function, double X1, double X2, double Value, double Scale);

    /// <summary>Reads the references file; a malformed line raises <see cref="FormatException"/> naming its line.</summary>
    public static IReadOnlyList<Reference> Read(string path)
    {
        var rows = new List<Reference>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.StartsWith('#') || line.Length == 0) continue;
            string[] p = line.Split(',');
            if (p.Length != 5) throw new FormatException($"{path}:{number}: expected 'function,x1,x2,value,scale', found {p.Length} fields");
            rows.Add(new Reference(p[0], Number(p[1], path, number), Number(p[2], path, number), Number(p[3], path, number), Number(p[4], path, number)));
        }

        return rows;
    }

    /// <summary>The function a reference names (lambertwm1: lambertw's lower branch), evaluated as an equation would: parsed and compiled.</summary>
    public static double Evaluate(string function, double x1, double x2)
    {
        string text = function switch
        {
            "lambertwm1" => "lambertw(a, -1)",
            _ when double.IsNaN(x2) => $"{function}(a)",
            _ => $"{function}(a, b)",
        };
        return Expr.Parse(text).Compile(["a", "b"]).Evaluate([x1, x2]);
    }

    /// <summary>Every function's largest relative error over its references (NaN where a value should be finite counts as infinite).</summary>
    public static IReadOnlyList<Accuracy> Measure(IReadOnlyList<Reference> references) =>
        [.. references.GroupBy(r => r.Function).Select(group =>
        {
            double worst = 0;
            string at = "";
            foreach (var row in group)
            {
                double got = Evaluate(row.Function, row.X1, row.X2);
                double error = row.Scale == 0 ? Math.Abs(got - row.Value) : Math.Abs(got - row.Value) / row.Scale;
                if (double.IsNaN(error)) error = double.PositiveInfinity;
                if (error > worst || at.Length == 0)
                {
                    worst = Math.Max(worst, error);
                    at = double.IsNaN(row.X2) ? $"x = {row.X1:R}" : $"({row.X1:R}, {row.X2:R})";
                }
            }

            var last = group.Select(r => double.IsNaN(r.X2) ? r.X1 : r.X2).ToList();
            return new Accuracy(group.Key, group.Count(), last.Min(), last.Max(), worst, at);
        })];

    private static double Number(string text, string path, int line) =>
        text.Length == 0 ? double.NaN
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
        : throw new FormatException($"{path}:{line}: '{text}' is not a number");
}
