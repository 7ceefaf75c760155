using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Training;

/// <summary>
/// Draws training points: half from the stated distribution (what the metric is measured on), half spread
/// log-uniformly over every positive input that spans decades, and a share pulled towards dependent bounds,
/// where the log-distance to the bound spans decades and the largest errors sit.
/// </summary>
public sealed class TrainingSampler
{
    private readonly Problem _problem;
    private readonly CompiledExpression[] _min, _max;
    private readonly bool[] _dependent;

    /// <summary>Share of points drawn with wide (log-uniform) marginals.</summary>
    public const double WideShare = 0.5;

    /// <summary>Per dependent-bounded input, the share of points drawn log-uniformly close to the bound.</summary>
    public const double NearBoundShare = 0.2;

    /// <summary>Creates a sampler for the problem's domain.</summary>
    public TrainingSampler(Problem problem)
    {
        _problem = problem;
        var names = problem.Inputs.Select(i => i.Name).ToArray();
        _min = problem.Inputs.Select(i => i.Min.Compile(names)).ToArray();
        _max = problem.Inputs.Select(i => i.Max.Compile(names)).ToArray();
        _dependent = problem.Inputs.Select(i => i.Min.Variables.Count + i.Max.Variables.Count > 0).ToArray();
    }

    /// <summary>Draws <paramref name="count"/> points (row-major count x inputs).</summary>
    public double[] Sample(int count, Random random) => Draw(count, random, edges: false);

    private double[] Draw(int count, Random random, bool edges)
    {
        int d = _problem.Inputs.Count;
        var rows = new double[count * d];
        for (int r = 0; r < count; r++)
        {
            var x = rows.AsSpan(r * d, d);
            bool wide = random.NextDouble() < WideShare;
            for (int i = 0; i < d; i++)
            {
                double lo = _min[i].Evaluate(x), hi = _max[i].Evaluate(x);
                var kind = _problem.Inputs[i].Sampling;
                if (wide && kind != SamplingKind.Integer && lo > 0 && hi / lo > 10) kind = SamplingKind.Log;
                double v = Draw(kind, lo, hi, random);
                if (_dependent[i] && kind != SamplingKind.Integer && random.NextDouble() < NearBoundShare && hi > lo)
                {
                    double width = hi - lo;
                    double distance = width * Math.Exp(Math.Log(1e-6) * random.NextDouble());
                    bool toMax = _problem.Inputs[i].Max.Variables.Count > 0;
                    v = toMax ? hi - distance : lo + distance;
                }
                if (edges && !_dependent[i] && random.NextDouble() < 0.5)
                {
                    bool low = random.NextDouble() < 0.5;
                    v = _problem.Inputs[i].Sampling != SamplingKind.Integer ? low ? lo : hi : low ? Math.Ceiling(lo) : Math.Floor(hi);
                }
                x[i] = v;
            }
        }
        return rows;
    }

    /// <summary>
    /// Draws <paramref name="count"/> points (row-major count x inputs) as <see cref="Sample"/> does, but each input whose
    /// bounds are constants lands on one of them with probability 1/2: the faces, edges and corners of the box, where a
    /// network's error is largest (the worst points the search finds sit there) and a uniform draw almost never lands.
    /// Inputs bounded by others are drawn within the bounds the moved inputs give them.
    /// </summary>
    public double[] SampleEdges(int count, Random random) => Draw(count, random, edges: true);

    private static double Draw(SamplingKind kind, double lo, double hi, Random random) => kind switch
    {
        SamplingKind.Log => Math.Exp(Math.Log(lo) + (Math.Log(hi) - Math.Log(lo)) * random.NextDouble()),
        SamplingKind.Integer => Math.Floor(Math.Ceiling(lo) + (Math.Floor(hi) - Math.Ceiling(lo) + 1) * random.NextDouble()),
        _ => lo + (hi - lo) * random.NextDouble(),
    };
}
