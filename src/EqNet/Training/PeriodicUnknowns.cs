using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Training;

/// <summary>
/// Outputs without bounds that the equations take only inside sin and cos (a joint angle of a linkage): every root
/// repeats at 2 pi, and Newton, started from the fixed list of plausible values (up to 1e6), lands on whichever
/// repetition is nearest its start. Reference solutions from different repetitions at neighbouring points are no
/// smooth function for a network to fit, nor a spread for its head, so they are brought to one window of width 2 pi
/// around their circular mean.
/// </summary>
internal static class PeriodicUnknowns
{
    /// <summary>Per output, whether it is free and every occurrence in the equations sits inside a sin or cos.</summary>
    public static bool[] Of(Problem problem)
    {
        var periodic = new bool[problem.Outputs.Count];
        for (int j = 0; j < periodic.Length; j++)
        {
            var output = problem.Outputs[j];
            if (output.Min is not null || output.Max is not null) continue;
            int inside = 0, outside = 0;
            foreach (var spec in problem.Equations)
            {
                Count(spec.Equation.Lhs, output.Name, false, ref inside, ref outside);
                Count(spec.Equation.Rhs, output.Name, false, ref inside, ref outside);
            }
            periodic[j] = inside > 0 && outside == 0;
        }
        return periodic;
    }

    private static void Count(Expr e, string name, bool underTrig, ref int inside, ref int outside)
    {
        switch (e)
        {
            case VariableExpr v when v.Name == name:
                if (underTrig) inside++;
                else outside++;
                break;
            case CallExpr call:
                bool trig = underTrig || call.Function is MathFunction.Sin or MathFunction.Cos;
                foreach (var argument in call.Arguments) Count(argument, name, trig, ref inside, ref outside);
                break;
            case UnaryExpr unary:
                Count(unary.Operand, name, underTrig, ref inside, ref outside);
                break;
            case BinaryExpr binary:
                Count(binary.Left, name, underTrig, ref inside, ref outside);
                Count(binary.Right, name, underTrig, ref inside, ref outside);
                break;
        }
    }

    /// <summary>
    /// Moves each periodic output's finite values (row-major count x outputs) by whole turns into (c - pi, c + pi],
    /// c their circular mean: one repetition of the roots for all points.
    /// </summary>
    public static void Wrap(bool[] periodic, double[] values, int count)
    {
        int o = periodic.Length;
        for (int j = 0; j < o; j++)
        {
            if (!periodic[j]) continue;
            double sin = 0, cos = 0;
            for (int i = 0; i < count; i++)
            {
                double v = values[i * o + j];
                if (!double.IsFinite(v)) continue;
                sin += Math.Sin(v);
                cos += Math.Cos(v);
            }
            double center = Math.Atan2(sin, cos);
            for (int i = 0; i < count; i++)
            {
                double v = values[i * o + j];
                if (!double.IsFinite(v)) continue;
                values[i * o + j] = v - 2 * Math.PI * Math.Ceiling((v - center - Math.PI) / (2 * Math.PI));
            }
        }
    }
}
