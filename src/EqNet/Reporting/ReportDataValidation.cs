namespace EqNet.Reporting;

/// <summary>Checks that the arrays of a <see cref="ReportData"/> have matching shapes before anything is drawn.</summary>
internal static class ReportDataValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency found.</summary>
    public static void Check(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Require(data.ProblemName is not null, "ProblemName is null; give the problem's name.");
        Require(data.Settings is not null && data.Metrics is not null && data.History is not null && data.Sample is not null,
            "Settings, Metrics, History and Sample must not be null; pass empty lists where there is nothing to show.");
        var sample = data.Sample!;
        var n = sample.Count;
        var inputs = sample.InputNames.Count;
        Require(sample.Inputs.Length == n * inputs,
            $"Sample.Inputs has {sample.Inputs.Length} values, but {n} samples x {inputs} inputs need {n * inputs}; " +
            "store the inputs row-major, one row of all inputs per sample.");
        Require(sample.InputIsLog.Count == inputs,
            $"Sample.InputIsLog has {sample.InputIsLog.Count} entries but there are {inputs} inputs; give one per input.");
        Require(sample.EquationErrors.Length == sample.EquationTexts.Count,
            $"Sample.EquationErrors has {sample.EquationErrors.Length} rows but EquationTexts has {sample.EquationTexts.Count}; give one per equation.");
        for (var e = 0; e < sample.EquationErrors.Length; e++)
        {
            Require(sample.EquationErrors[e].Length == n,
                $"Sample.EquationErrors[{e}] has {sample.EquationErrors[e].Length} values but OverallError has {n}; give one per sample.");
        }

        var outputs = sample.Outputs;
        CheckPerOutput(outputs.Predicted, "Predicted", outputs.Names.Count, n);
        if (outputs.Reference is { } reference)
        {
            CheckPerOutput(reference, "Reference", outputs.Names.Count, n);
        }
    }

    private static void CheckPerOutput(double[][] values, string what, int outputs, int n)
    {
        Require(values.Length == outputs,
            $"Sample.Outputs.{what} has {values.Length} rows but there are {outputs} output names; give one row per output.");
        for (var k = 0; k < values.Length; k++)
        {
            Require(values[k].Length == n,
                $"Sample.Outputs.{what}[{k}] has {values[k].Length} values but OverallError has {n}; give one per sample.");
        }
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException("Cannot write the report: " + problem, "data");
        }
    }
}
