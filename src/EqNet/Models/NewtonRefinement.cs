using EqNet.Problems;
using EqNet.Problems.Compiled;
using EqNet.Solving;
using EqNet.Structure;

namespace EqNet.Models;

/// <summary>
/// A model's last stage for outputs no equation gives explicitly: at most <see cref="Steps"/> plain Newton steps
/// (<see cref="NewtonPolish"/>) on the equations the network's outputs must satisfy, started from the network's
/// prediction, before any computed output is evaluated. With a torn system these are the residual equations with the
/// computed unknowns substituted (the unknowns Modelica tools iterate); otherwise the problem's equations.
/// </summary>
/// <remarks>
/// This is how a network is used as the start of a solve (the network replaces the globalised solver's many iterations
/// from a poor guess; each step about squares the relative error near a simple root). A step that does not lower a
/// point's sum of squared scale-relative residuals is halved, and undone when halving does not help, so the stage never
/// leaves a point worse than the network put it.
/// </remarks>
public sealed class NewtonRefinement
{
    /// <summary>
    /// Scale-relative residual at which a point stops stepping: a few ulps of the terms, below which a step only moves
    /// rounding (float64 residuals of the public systems' exact roots are 1e-16 to 3e-15).
    /// </summary>
    public const double Tolerance = 1e-14;

    private readonly CompiledSystem _system;

    /// <summary>Creates the stage for a model of <paramref name="problem"/> whose network predicts the outputs <paramref name="computed"/> does not.</summary>
    /// <param name="problem">The whole problem.</param>
    /// <param name="computed">The model's computed outputs (tearing), or null when the network predicts every output.</param>
    /// <param name="steps">At most this many steps per point, at least 1.</param>
    /// <param name="rule">Why it has this many steps (a measurement), for the model's provenance.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 1.</exception>
    public NewtonRefinement(Problem problem, ComputedOutputs? computed, int steps, string rule)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        Steps = steps;
        Rule = rule;
        var used = computed?.Steps.Select(s => s.Equation).ToHashSet() ?? [];
        Equations = [.. Enumerable.Range(0, problem.Equations.Count).Where(k => !used.Contains(k)).Select(k => k + 1)];
        System = SystemOf(problem, computed);
        _system = new CompiledSystem(System);
    }

    private NewtonRefinement(NewtonRefinement other, int steps, string rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        (Steps, Rule, Equations, System, _system) = (steps, rule, other.Equations, other.System, other._system);
    }

    /// <summary>The same steps' equations with another count and rule, sharing the compiled system.</summary>
    internal NewtonRefinement WithSteps(int steps, string rule) => new(this, steps, rule);

    /// <summary>The compiled <see cref="System"/>.</summary>
    internal CompiledSystem Compiled => _system;

    /// <summary>The problem the steps solve for a model of <paramref name="problem"/> with <paramref name="computed"/> outputs (see <see cref="System"/>).</summary>
    public static Problem SystemOf(Problem problem, ComputedOutputs? computed) => computed is null ? problem
        : ReducedProblem.Of(problem, computed.Learned, [.. computed.Steps.Select(s => (s.Name, s.Equation, s.Value))]);

    /// <summary>Most Newton steps a point takes.</summary>
    public int Steps { get; }

    /// <summary>Why it has <see cref="Steps"/> steps, e.g. the held-out residual after each count of steps.</summary>
    public string Rule { get; }

    /// <summary>The problem's equations the steps solve, numbered from 1.</summary>
    public IReadOnlyList<int> Equations { get; }

    /// <summary>The problem the steps solve: its outputs are the network's, its equations <see cref="Equations"/> (computed outputs substituted).</summary>
    public Problem System { get; }

    /// <summary>"up to 2 Newton steps on equations 2, 3".</summary>
    public string Text => $"up to {Steps} Newton step{(Steps == 1 ? "" : "s")} on equation{(Equations.Count == 1 ? "" : "s")} {string.Join(", ", Equations)}";

    /// <summary>Rows per parallel block: enough that a block's compiled evaluation amortises its column buffers.</summary>
    private const int BlockRows = 512;

    /// <summary>
    /// Refines the network's outputs <paramref name="learned"/> (row-major count x network outputs) in place.
    /// </summary>
    /// <param name="inputs">Row-major count x inputs.</param>
    /// <param name="count">Rows.</param>
    /// <param name="learned">The network's outputs; replaced by the refined values.</param>
    /// <param name="threads">Worker threads (0: all cores); the result does not depend on it.</param>
    /// <returns>Rows left above <see cref="Tolerance"/>.</returns>
    public int Apply(ReadOnlySpan<double> inputs, int count, Span<double> learned, int threads = 0)
    {
        int d = _system.InputCount, o = _system.OutputCount;
        if (threads == 1 || count <= BlockRows)
            return NewtonPolish.Run(_system, inputs, count, learned, Steps, Tolerance).NotConverged;
        var x = inputs[..(count * d)].ToArray();
        var y = learned[..(count * o)].ToArray();
        int blocks = (count + BlockRows - 1) / BlockRows, left = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, blocks, options, b =>
        {
            int start = b * BlockRows, rows = Math.Min(BlockRows, count - start);
            int missed = NewtonPolish.Run(_system, x.AsSpan(start * d, rows * d), rows, y.AsSpan(start * o, rows * o), Steps, Tolerance).NotConverged;
            Interlocked.Add(ref left, missed);
        });
        y.CopyTo(learned);
        return left;
    }
}
