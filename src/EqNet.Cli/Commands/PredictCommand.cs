using System.CommandLine;
using System.Globalization;
using EqNet.Models;

namespace EqNet.Cli.Commands;

/// <summary><c>eqnet predict MODEL --at "..."</c> or <c>--csv FILE</c>: the model's outputs, from the inputs alone.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var modelPath = new Argument<string>("MODEL") { Description = "A model file written by 'eqnet train'." };
        var at = new Option<string?>("--at") { Description = "One point: \"x1=700, x2=20, ...\"." };
        var csv = new Option<string?>("--csv") { Description = "A CSV file with a header naming every input; prints the rows with the outputs appended." };
        var command = new Command("predict", "Predict outputs for given inputs with a trained model.") { modelPath, at, csv };
        command.SetAction(parsed => UserErrors.Guard(() => Run(parsed.GetRequiredValue(modelPath), parsed.GetValue(at), parsed.GetValue(csv))));
        return command;
    }

    private static int Run(string path, string? at, string? csv)
    {
        if ((at is null) == (csv is null)) throw new UserInputException("give exactly one of --at \"x1=..., ...\" or --csv FILE");
        var model = FormulaModelFile.LoadAny(path);
        var names = model.InputNames;
        if (at is not null)
        {
            var x = PointParser.Parse(at, names);
            var y = model.Predict(x, 1);
            for (int j = 0; j < y.Length; j++)
                Console.WriteLine($"{model.OutputNames[j]} = {y[j].ToString("R", CultureInfo.InvariantCulture)}");
            return ExitCodes.Ok;
        }
        var lines = File.ReadAllLines(csv!).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0) throw new UserInputException($"{csv}: empty file; the first line must name the inputs ({string.Join(",", names)})");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var columns = names.Select(n => Array.IndexOf(header, n)).ToArray();
        var missing = names.Where((_, i) => columns[i] < 0).ToArray();
        if (missing.Length > 0) throw new UserInputException($"{csv}:1: header lacks {string.Join(", ", missing)}; it must name every input ({string.Join(",", names)})");
        int n = lines.Length - 1, d = names.Count;
        var inputs = new double[n * d];
        for (int r = 0; r < n; r++)
        {
            var cells = lines[r + 1].Split(',');
            for (int i = 0; i < d; i++)
            {
                string cell = columns[i] < cells.Length ? cells[columns[i]].Trim() : "";
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out inputs[r * d + i]))
                    throw new UserInputException($"{csv}:{r + 2}: '{cell}' in column {names[i]} is not a number");
            }
        }
        var outputs = model.Predict(inputs, n);
        int o = model.OutputNames.Count;
        Console.WriteLine(lines[0] + "," + string.Join(",", model.OutputNames));
        for (int r = 0; r < n; r++)
            Console.WriteLine(lines[r + 1] + "," + string.Join(",", Enumerable.Range(0, o).Select(j => outputs[r * o + j].ToString("R", CultureInfo.InvariantCulture))));
        return ExitCodes.Ok;
    }
}
