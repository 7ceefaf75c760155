using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Solving;

/// <summary>
/// K plain Newton steps on a problem's equations from given outputs (a network's prediction): the step solves
/// J dy = -r by Householder QR (least squares when there are more equations than unknowns), on the scale-relative
/// residuals (lhs - rhs) / S, in the outputs themselves (no transform, no damping), the step a user's own code or an
/// export repeats cheaply. Each output is then projected onto its declared bounds. A point stops stepping once every
/// scale-relative residual is at or below the tolerance.
/// </summary>
/// <remarks>
/// Near a simple root each step about squares the relative error (Newton's quadratic convergence), so a prediction good to
/// 1e-6 needs one or two steps for 1e-12. Far from the root a plain step can go anywhere: the count of points that did
/// not converge says so, and <see cref="NewtonSolver"/> (globalised) is the solver for arbitrary starts.
/// </remarks>
public static class NewtonPolish
{
    /// <summary>
    /// At most <paramref name="steps"/> Newton steps (Jacobian evaluations; halvings do not count) at each of <paramref name="count"/> points, updating
    /// <paramref name="outputs"/> in place.
    /// </summary>
    /// <param name="system">The problem's compiled system.</param>
    /// <param name="inputs">Row-major count x inputs, in problem order.</param>
    /// <param name="count">Points.</param>
    /// <param name="outputs">Row-major count x outputs: the starts, replaced by the polished values. A step that
    /// would make an output non-finite is not taken.</param>
    /// <param name="steps">K, at least 0 (0 only measures the residuals).</param>
    /// <param name="tolerance">Largest scale-relative residual counted as converged (EqNet's Newton tolerance, 1e-12, by default).</param>
    /// <returns>Per point the largest scale-relative residual after the steps, and how many points stayed above the tolerance.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="count"/> rows.</exception>
    public static PolishResult Run(CompiledSystem system, ReadOnlySpan<double> inputs, int count, Span<double> outputs, int steps,
        double tolerance = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        int d = system.InputCount, o = system.OutputCount, e = system.EquationCount, v = d + o;
        if (inputs.Length < count * d) throw new ArgumentException($"{inputs.Length} input values for {count} rows of {d}", nameof(inputs));
        if (outputs.Length < count * o) throw new ArgumentException($"{outputs.Length} output values for {count} rows of {o}", nameof(outputs));
        // Each point is stepped on its own (a compiled expression evaluates a batch row by row anyway), in buffers
        // shared by all points: on the stack when they fit, so a single prediction allocates nothing.
        int size = v + e * (o + 2) + 2 * o + Dogleg.WorkSize(e, o);
        Span<double> buffers = size <= MaxStackDoubles ? stackalloc double[size] : new double[size];
        var residuals = new double[count];
        int notConverged = 0;
        for (int i = 0; i < count; i++)
        {
            residuals[i] = One(system, inputs.Slice(i * d, d), outputs.Slice(i * o, o), steps, tolerance, buffers);
            if (!(residuals[i] <= tolerance)) notConverged++;
        }
        return new PolishResult(residuals, notConverged);
    }

    /// <summary>Doubles the steps' buffers keep on the stack (a system of up to about 40 unknowns and equations).</summary>
    private const int MaxStackDoubles = 2048;

    /// <summary>
    /// The steps at one point, in <paramref name="buffers"/>: evaluate, accept or halve or undo, stop or step. The same
    /// order of operations whatever the batch, so a point gets the same bits alone as among others. Returns its largest
    /// scale-relative residual.
    /// </summary>
    private static double One(CompiledSystem system, ReadOnlySpan<double> x, Span<double> y, int steps, double tolerance, Span<double> buffers)
    {
        int d = system.InputCount, o = system.OutputCount, e = system.EquationCount;
        var specs = system.Problem.Outputs;
        var point = Take(ref buffers, d + o);
        var r = Take(ref buffers, e);
        var scales = Take(ref buffers, e);
        var j = Take(ref buffers, e * o);
        var before = Take(ref buffers, o);
        var step = Take(ref buffers, o);
        var work = Take(ref buffers, Dogleg.WorkSize(e, o));
        x.CopyTo(point);
        double residual = double.PositiveInfinity, merit = double.PositiveInfinity;
        int taken = 0, halvings = 0;
        while (true)
        {
            y.CopyTo(point[d..]);
            system.EvaluatePoint(point, r, scales, j);
            double worst = 0, squares = 0;
            for (int q = 0; q < e; q++)
            {
                double s = scales[q] > 0 ? scales[q] : 1;
                r[q] /= s;
                worst = Math.Max(worst, double.IsNaN(r[q]) ? double.PositiveInfinity : Math.Abs(r[q]));
                squares += r[q] * r[q];
                for (int c = 0; c < o; c++) j[q * o + c] /= s;
            }
            if (taken > 0 && !(squares < merit))
            {
                if (halvings == MaxHalvings)
                {
                    before.CopyTo(y);
                    return residual;
                }
                halvings++;
                Move(specs, before, step, Math.ScaleB(1.0, -halvings), y);
                continue;
            }
            (residual, merit, halvings) = (worst, squares, 0);
            if (worst <= tolerance || taken >= steps || !double.IsFinite(worst)) return residual;
            if (!Dogleg.GaussNewton(j, r, e, o, step, work)) return residual;
            for (int c = 0; c < o; c++) if (!double.IsFinite(y[c] + step[c])) return residual;
            y.CopyTo(before);
            Move(specs, before, step, 1.0, y);
            taken++;
        }
    }

    /// <summary>Most halvings of one step: a line search down to 1/1024 of the Newton step (an exponential's overshoot by a
    /// few volts needs about that much).</summary>
    public const int MaxHalvings = 10;

    /// <summary>The first <paramref name="length"/> values of <paramref name="buffers"/>, which keeps the rest.</summary>
    private static Span<double> Take(ref Span<double> buffers, int length)
    {
        var taken = buffers[..length];
        buffers = buffers[length..];
        return taken;
    }

    /// <summary>y = the bounds' projection of start + fraction * step, output by output.</summary>
    private static void Move(IReadOnlyList<OutputSpec> specs, ReadOnlySpan<double> start, ReadOnlySpan<double> step, double fraction, Span<double> y)
    {
        for (int c = 0; c < y.Length; c++) y[c] = Project(specs[c], start[c] + fraction * step[c]);
    }

    private static double Project(OutputSpec spec, double y)
    {
        if (spec.Min is { } min && y < min) return min;
        if (spec.Max is { } max && y > max) return max;
        return y;
    }
}

/// <summary>What <see cref="NewtonPolish.Run"/> left.</summary>
/// <param name="Residuals">Per point, the largest scale-relative residual |lhs - rhs| / S after the steps (+infinity where not finite).</param>
/// <param name="NotConverged">Points whose residual stayed above the tolerance.</param>
public sealed record PolishResult(double[] Residuals, int NotConverged);
