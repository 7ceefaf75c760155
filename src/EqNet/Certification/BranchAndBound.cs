using System.Diagnostics;
using EqNet.Models;
using EqNet.Problems;
using EqNet.Problems.Compiled;

namespace EqNet.Certification;

/// <summary>What a branch and bound reached: the bounds over all its boxes and the largest errors it saw at their centres.</summary>
internal sealed record BranchAndBoundResult(double ExactBound, double[] Equations, double? RootBound, double CentreMax, double RoundingSeen,
    long Boxes, CertificateExit Exit);

/// <summary>
/// Branch and bound over the trained input box (Moore, Kearfott and Cloud 2009, chapter 6; Hansen and Walster,
/// "Global Optimization Using Interval Analysis", 2004): the box with the largest bound is split in two where its bound
/// is loosest, until the largest bound left is within a factor of the largest error seen, or the time runs out.
/// </summary>
/// <remarks>
/// Boxes are kept in raw input values and split at the midpoint of the coordinate the input was sampled in (the
/// geometric mean for a log-sampled input), so two halves share their split value exactly and together cover their
/// parent: the union of the boxes is always the whole domain. A box is split along the input whose term of the
/// enclosure taken (mean-value or Taylor form) is largest (the widest in sampling coordinates while a term is not finite).
/// </remarks>
internal sealed class BranchAndBound(EqNetModel model, ResidualEnclosure enclosure)
{
    private sealed record Box(double[] Lo, double[] Hi, BoxBound Bound, double Size);

    private readonly CompiledSystem _system = new(model.Problem);

    /// <summary>Runs until the largest bound is at most <paramref name="close"/>(largest error seen), or <paramref name="deadline"/>.</summary>
    /// <param name="close">The level at which the bound counts as closed, given the largest error seen so far.</param>
    /// <param name="clock">Started when the certification began.</param>
    /// <param name="deadline">Seconds on <paramref name="clock"/> at which to stop.</param>
    /// <param name="maxBoxes">Most boxes kept.</param>
    /// <param name="rootLevel">The root error's closing level (a factor times the searched root error), or null: the root bound does not steer.</param>
    /// <param name="threads">Worker threads (0: one per core); the boxes do not depend on it, only the order they are taken in.</param>
    public BranchAndBoundResult Run(Func<double, double> close, double? rootLevel, Stopwatch clock, double deadline, int maxBoxes, int threads = 0)
    {
        if (threads <= 0) threads = Environment.ProcessorCount;
        int batch = 2 * threads;
        var problem = model.Problem;
        int d = problem.Inputs.Count;
        var empty = new Dictionary<string, double>();
        var lo = problem.Inputs.Select(i => i.Min.Evaluate(empty)).ToArray();
        var hi = problem.Inputs.Select(i => i.Max.Evaluate(empty)).ToArray();
        var log = problem.Inputs.Select((i, k) => i.Sampling == SamplingKind.Log && lo[k] > 0).ToArray();
        var span = Enumerable.Range(0, d).Select(k => Coordinate(hi[k], log[k]) - Coordinate(lo[k], log[k])).ToArray();
        double Normalised(double[] a, double[] b, int k) => span[k] > 0 ? (Coordinate(b[k], log[k]) - Coordinate(a[k], log[k])) / span[k] : 0;

        // The largest bound first; among equal bounds (+infinity early on) the largest box.
        var queue = new PriorityQueue<Box, (double, double)>(Comparer<(double, double)>.Create((a, b) =>
            a.Item1 != b.Item1 ? b.Item1.CompareTo(a.Item1) : b.Item2.CompareTo(a.Item2)));
        var retired = new List<Box>();
        double seen = 0, rounding = 0;
        // A box's key: its bounds over their closing levels (1: closed); the largest key is split first.
        double Key(Box box)
        {
            double key = NaNIsInfinite(box.Bound.Worst) / close(seen);
            if (rootLevel is { } level && enclosure.HasRootBound)
                key = Math.Max(key, box.Bound.Root is { } r ? NaNIsInfinite(r) / level : double.PositiveInfinity);
            return double.IsNaN(key) ? double.PositiveInfinity : key;
        }
        Box Make(double[] a, double[] b, double[] c)
        {
            var bound = enclosure.Bound([.. a.Select((v, k) => new Interval(v, b[k]))], c);
            double size = 0;
            for (int k = 0; k < d; k++) size += Normalised(a, b, k);
            return new Box(a, b, bound, size);
        }
        void Add(Box box) => queue.Enqueue(box, (Key(box), box.Size));
        void Measure(IReadOnlyList<(Box Box, double[] Centre)> boxes)
        {
            // The model's own float64 prediction at the centres: the errors seen, and how far rounding moves them from exact.
            var points = boxes.SelectMany(b => b.Centre).ToArray();
            var predicted = model.Predict(points, boxes.Count, threads: 1);
            var (perEquation, overall) = _system.ScaleRelativeErrors(_system.Join(points, predicted, boxes.Count), boxes.Count);
            int e = _system.EquationCount;
            for (int i = 0; i < boxes.Count; i++)
            {
                if (double.IsFinite(overall[i])) seen = Math.Max(seen, overall[i]);
                for (int k = 0; k < e; k++)
                {
                    double exact = boxes[i].Box.Bound.Centre[k];
                    if (double.IsFinite(exact) && double.IsFinite(perEquation[i * e + k]))
                        rounding = Math.Max(rounding, Math.Abs(perEquation[i * e + k] - exact));
                }
            }
        }

        var centre = Centre(lo, hi, log);
        var first = Make(lo, hi, centre);
        Measure([(first, centre)]);
        Add(first);
        var exit = CertificateExit.Exhausted;
        while (queue.Count > 0)
        {
            queue.TryPeek(out var top, out var stale);
            // Keys only fall as the largest error seen grows: a stale key is re-keyed when it comes to the top.
            double key = Key(top!);
            if (key < stale.Item1)
            {
                queue.Dequeue();
                queue.Enqueue(top!, (key, top!.Size));
                continue;
            }
            double retiredKey = retired.Count == 0 ? 0 : retired.Max(Key);
            if (Math.Max(key, retiredKey) <= 1) { exit = CertificateExit.Closed; break; }
            if (retiredKey > 1 || queue.Count + retired.Count >= maxBoxes) { exit = CertificateExit.Exhausted; break; }
            if (clock.Elapsed.TotalSeconds >= deadline) { exit = CertificateExit.TimeBudget; break; }
            // The largest boxes first, a few per round so the threads share the work; one thread takes one box a round.
            var taken = new List<Box>();
            while (taken.Count < batch && queue.TryPeek(out var next, out var nextKey) && (taken.Count == 0 || nextKey.Item1 > 1))
                taken.Add(queue.Dequeue());
            var halves = new List<(double[] Lo, double[] Hi, double[] Centre)>();
            foreach (var box in taken)
            {
                int k = box.Bound.Split;
                if (k < 0 || !double.IsFinite(box.Bound.Worst) || Normalised(box.Lo, box.Hi, k) < Aspect * Enumerable.Range(0, d).Max(j => Normalised(box.Lo, box.Hi, j)))
                    k = Enumerable.Range(0, d).MaxBy(j => Normalised(box.Lo, box.Hi, j));
                double at = Split(box.Lo[k], box.Hi[k], log[k]);
                if (!(at > box.Lo[k] && at < box.Hi[k]))
                {
                    // Float64 resolution: this box stays as it is, with its bound.
                    retired.Add(box);
                    continue;
                }
                var leftHi = (double[])box.Hi.Clone();
                var rightLo = (double[])box.Lo.Clone();
                leftHi[k] = at;
                rightLo[k] = at;
                halves.Add((box.Lo, leftHi, Centre(box.Lo, leftHi, log)));
                halves.Add((rightLo, box.Hi, Centre(rightLo, box.Hi, log)));
            }
            var made = new Box[halves.Count];
            Parallel.For(0, halves.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => made[i] = Make(halves[i].Lo, halves[i].Hi, halves[i].Centre));
            Measure([.. made.Select((b, i) => (b, halves[i].Centre))]);
            foreach (var b in made) Add(b);
        }

        var leaves = queue.UnorderedItems.Select(i => i.Element).Concat(retired).ToArray();
        int equations = _system.EquationCount;
        var perEquationBound = new double[equations];
        double? root = enclosure.HasRootBound ? 0 : null;
        foreach (var leaf in leaves)
        {
            for (int k = 0; k < equations; k++) perEquationBound[k] = Math.Max(perEquationBound[k], NaNIsInfinite(leaf.Bound.Equations[k]));
            if (root is not null) root = Math.Max(root.Value, leaf.Bound.Root is { } r ? NaNIsInfinite(r) : double.PositiveInfinity);
        }
        return new BranchAndBoundResult(perEquationBound.DefaultIfEmpty(0).Max(), perEquationBound, root, seen, rounding, leaves.Length, exit);
    }

    /// <summary>
    /// A box whose loosest input is narrower than this share of its widest is split along the widest instead: the
    /// other inputs' terms are then hidden in the enclosure's wrapping, and a needle-shaped box never tightens them.
    /// </summary>
    private const double Aspect = 1e-3;

    private static double NaNIsInfinite(double x) => double.IsNaN(x) ? double.PositiveInfinity : x;

    private static double Coordinate(double x, bool log) => log ? Math.Log(x) : x;

    /// <summary>The midpoint in sampling coordinates: the geometric mean of a log-sampled input's ends, else the mean.</summary>
    private static double Split(double lo, double hi, bool log) => log ? Math.Sqrt(lo) * Math.Sqrt(hi) : lo / 2 + hi / 2;

    private static double[] Centre(double[] lo, double[] hi, bool[] log)
    {
        var c = new double[lo.Length];
        for (int k = 0; k < c.Length; k++) c[k] = Math.Clamp(Split(lo[k], hi[k], log[k]), lo[k], hi[k]);
        return c;
    }
}
