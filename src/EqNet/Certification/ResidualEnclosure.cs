using EqNet.Expressions;
using EqNet.Models;

namespace EqNet.Certification;

/// <summary>What one box's enclosure gives: upper bounds of the model's errors over the box, and where to split it.</summary>
/// <param name="Equations">Per equation, an upper bound of the scale-relative residual |lhs - rhs| / S over the box (exact arithmetic); +infinity when none closed.</param>
/// <param name="Root">An upper bound of the root error (relative to |y*| or to the output's scale) over the box, or null when the model has no one-unknown root bound.</param>
/// <param name="Split">The input whose term of the form taken (mean-value or Taylor) is largest, where splitting helps most; -1 when no term is finite.</param>
/// <param name="Centre">Per equation, |lhs - rhs| / S at the box's centre in exact arithmetic (the midpoint of its tight enclosure; NaN after Newton steps, which are not evaluated at points).</param>
internal sealed record BoxBound(double[] Equations, double? Root, int Split, double[] Centre)
{
    /// <summary>The worst equation's bound.</summary>
    public double Worst => Equations.Length == 0 ? 0 : Equations.Max();
}

/// <summary>
/// Bounds a model's scale-relative residuals over a box of inputs by the mean-value (centred) form
/// |N(x)| &lt;= |N(c)| + sum_i sup |dN/dx_i| r_i or the second-order Taylor form (whichever is smaller), N = lhs - rhs
/// with the model's outputs substituted, c the box's centre and r_i its half-widths, divided by the least term scale S
/// over the box (Moore, Kearfott and Cloud 2009, section 6.4). For a model of one output and one equation it also bounds the root error a posteriori,
/// |y - y*| &lt;= |F(x, y)| / min |dF/dy|, and carries it through the model's Newton steps by their quadratic
/// contraction e_(k+1) &lt;= (M / 2m) e_k^2 (Kantorovich's theorem in one unknown; Ortega and Rheinboldt, "Iterative
/// Solution of Nonlinear Equations in Several Variables", 1970, 12.6).
/// </summary>
/// <remarks>
/// The natural interval extension of a network has no cancellation: its width is O(box width) times the size of the
/// terms, so it could bound an error of 1e-8 only on boxes of width 1e-8. The centred forms' excess over the true
/// maximum is O(width^2) (see <see cref="Sup"/>), which is what makes thousands of boxes enough rather than billions.
/// </remarks>
internal sealed class ResidualEnclosure
{
    private readonly EqNetModel _model;
    private readonly ModelEnclosure _network;
    private readonly string[] _inputs;
    private readonly string[] _outputs;
    private readonly Expr[] _residuals;
    private readonly Expr[][] _terms;
    private readonly Expr? _slope;
    private readonly Expr? _curvature;
    private readonly double? _rootScale;

    /// <summary>Prepares the bounds of <paramref name="model"/>'s equations.</summary>
    /// <param name="model">The model.</param>
    /// <param name="rootScale">What the root error divides by where the evaluation measures it against a scale (an output that crosses zero), else null: |y*|.</param>
    /// <exception cref="CertificationRefusedException">A part of the model or the equations has no enclosure here.</exception>
    public ResidualEnclosure(EqNetModel model, double? rootScale)
    {
        _model = model;
        _network = new ModelEnclosure(model);
        _inputs = [.. model.Problem.Inputs.Select(i => i.Name)];
        _outputs = [.. model.OutputNames];
        _residuals = [.. model.Problem.Equations.Select(e => e.Equation.Residual)];
        _terms = [.. model.Problem.Equations.Select(e => e.Equation.Terms.ToArray())];
        _rootScale = rootScale;
        bool single = _outputs.Length == 1 && _residuals.Length == 1 && model.Computed is null;
        if (model.Refinement is { } refinement && !single)
            throw new CertificationRefusedException(
                $"the model takes {refinement.Text} for {_outputs.Length} outputs and {_residuals.Length} equations; the certifier bounds Newton steps for one unknown and one equation only (a system's steps need the multivariate Kantorovich bound, not written)");
        if (single)
        {
            _slope = _residuals[0].Derivative(_outputs[0]).Simplify();
            _curvature = _slope.Derivative(_outputs[0]).Simplify();
        }
        // Every node is checked once on a point, so a refusal comes before any box is searched.
        var probe = model.Problem.Inputs.Select(i => Interval.Point(i.Min.Evaluate(new Dictionary<string, double>()))).ToArray();
        _ = Bound(probe);
    }

    /// <summary>Whether the root error is bounded (one output, one equation).</summary>
    public bool HasRootBound => _slope is not null;

    /// <summary>Most Newton steps the model takes after its network (0: none).</summary>
    public int NewtonSteps => _model.Refinement?.Steps ?? 0;

    /// <summary>Bounds over the box <paramref name="box"/> (raw inputs, one interval each), centred at <paramref name="centre"/>.</summary>
    public BoxBound Bound(Interval[] box, double[]? centre = null)
    {
        int d = box.Length;
        centre ??= [.. box.Select(b => b.Mid)];
        var radius = new double[d];
        for (int i = 0; i < d; i++) radius[i] = Interval.Up(Math.Max(centre[i] - box[i].Lo, box[i].Hi - centre[i]));

        // Over the box with gradients and Hessians; at the centre with gradients.
        var x = new GradientInterval[d];
        var xc = new GradientInterval[d];
        for (int i = 0; i < d; i++)
        {
            x[i] = GradientInterval.Variable(box[i], i, d, hessian: true);
            xc[i] = GradientInterval.Variable(Interval.Point(centre[i]), i, d);
        }
        var y0 = _network.Network(x);
        var y0c = _network.Network(xc);
        var equations = new double[_residuals.Length];
        var centreValues = new double[_residuals.Length];
        Array.Fill(centreValues, double.NaN);
        int split = -1;
        double largest = -1;
        double network = 0;
        Interval scaleY = default;
        if (NewtonSteps == 0)
        {
            var y = _network.Outputs(x, y0);
            var yc = _network.Outputs(xc, y0c);
            for (int k = 0; k < _residuals.Length; k++)
            {
                var (sup, at, term, atCentre) = Sup(_residuals[k], Lookup(x, y), Lookup(xc, yc), d, radius);
                if (term > largest) (largest, split) = (term, at);
                centreValues[k] = Math.Abs(atCentre) / Scale(k, Values(xc), Values(yc)).Mid;
                var s = Scale(k, Values(x), Values(y));
                equations[k] = Relative(sup, s.Lo);
                if (k == 0) (network, scaleY) = (sup, y[0].Value);
            }
            if (_slope is null) return new BoxBound(equations, null, split, centreValues);
            if (Root(box, scaleY, network, 0) is not { } root) return new BoxBound(equations, null, split, centreValues);
            return new BoxBound(equations, Divide(root.Error, _rootScale ?? Interval.Down(root.Hull.Mig)), split, centreValues);
        }

        // Newton's steps: the network's root error bounded a posteriori, then carried through the steps by their
        // contraction. Where the network starts too far for the contraction to be proven, the first steps are enclosed
        // as they are (y - F / F_y in interval arithmetic over the box) and the bound starts after them.
        var yj = y0[0];
        var yjc = y0c[0];
        (double Residual, double Root)? best = null;
        for (int j = 0; j <= NewtonSteps; j++)
        {
            var (sup, at, _, _) = Sup(_residuals[0], Lookup(x, [yj]), Lookup(xc, [yjc]), d, radius);
            // Split where the network's own residual is loosest: the steps' enclosures only inherit it.
            if (j == 0) split = at;
            if (Root(box, yj.Value, sup, NewtonSteps - j) is { } root)
            {
                // |F(x, y_K)| <= max |F_y| |y_K - y*| over the hull; divided by the least term scale there.
                double slopeMax = Over(_slope!, box, root.Hull).Mag;
                var s = ScaleOver(0, box, root.Hull);
                double residual = Relative(Interval.Up(slopeMax * root.Error), s.Lo);
                double relative = Divide(root.Error, _rootScale ?? Interval.Down(root.Hull.Mig));
                if (best is null || relative < best.Value.Root) best = (residual, relative);
            }
            if (j == NewtonSteps || !double.IsFinite(sup)) break;
            yj = NewtonStep(Lookup(x, [yj]), yj, d);
            yjc = NewtonStep(Lookup(xc, [yjc]), yjc, d);
        }
        if (best is not { } found) return new BoxBound([1.0], null, split, centreValues);
        equations[0] = found.Residual;
        return new BoxBound(equations, found.Root, split, centreValues);
    }

    /// <summary>One Newton step y - F(x, y) / F_y(x, y), enclosed with its derivatives.</summary>
    private GradientInterval NewtonStep(Func<string, GradientInterval> at, GradientInterval y, int d) =>
        y - ExpressionEnclosure.Evaluate(_residuals[0], at, d) / ExpressionEnclosure.Evaluate(_slope!, at, d);

    /// <summary>
    /// The root error after <paramref name="steps"/> exact Newton steps from a y whose values over the box lie in
    /// <paramref name="y"/> and whose residual is at most <paramref name="residual"/> there; with the range that holds
    /// the iterates and the root. Null when no bound is proven.
    /// </summary>
    /// <remarks>
    /// The a-posteriori bound: F monotone in y on [y - 2e, y + 2e] with slope at least m, and |F(x, y)| &lt;= m e, hold
    /// a root within e of y, the only one there (checked on the widened range it claims). Then
    /// e_(k+1) &lt;= (M / 2m) e_k^2 while the iterates stay in that range, which they do when (M / 2m) e_0 &lt; 1 (each
    /// error is then below the one before).
    /// </remarks>
    private (double Error, Interval Hull)? Root(Interval[] box, Interval y, double residual, int steps)
    {
        if (!double.IsFinite(residual) || !y.IsFinite) return null;
        var hull = y;
        double m = Over(_slope!, box, hull).Mig;
        double e = Divide(residual, m);
        if (!double.IsFinite(e)) return null;
        hull = y.Widen(2 * e);
        m = Over(_slope!, box, hull).Mig;
        double claimed = Divide(residual, m);
        if (!(claimed <= 2 * e)) return null;
        e = claimed;
        if (steps == 0) return (e, hull);
        double curvature = Over(_curvature!, box, hull).Mag;
        for (int k = 0; k < steps; k++)
        {
            double q = Interval.Up(Interval.Up(curvature / (2 * m)) * e);
            if (!(q < 1)) return null;
            e = Interval.Up(q * e);
        }
        return (e, hull);
    }

    /// <summary>x / y rounded up, +infinity where y is not positive (0 / 0 is 0: no residual).</summary>
    private static double Divide(double x, double y) => x == 0 ? 0 : y > 0 ? Interval.Up(x / y) : double.PositiveInfinity;

    /// <summary>
    /// A scale-relative residual bound, at most 1: lhs - rhs is the signed sum of the terms whose magnitudes S sums, so
    /// |lhs - rhs| &lt;= S everywhere (the triangle inequality), and 1 is reached where all terms vanish but one side's.
    /// </summary>
    private static double Relative(double sup, double scale) => Math.Min(1, Divide(sup, scale));

    /// <summary>
    /// sup |N| over the box: the smallest of the natural enclosure, the mean-value form
    /// |N(c)| + sum_i sup |dN/dx_i| r_i, and the second-order Taylor form
    /// |N(c)| + sum_i |dN/dx_i (c)| r_i + 1/2 sum_ij sup |d2N/dx_i dx_j| r_i r_j; with the input whose term of the
    /// form taken is largest, and that term.
    /// </summary>
    /// <remarks>
    /// Why both forms: the mean-value form's excess is the width of the gradient's enclosure times r, and that width is
    /// set by the second derivatives of each of N's terms (a network and the law it fits), which do not cancel in
    /// interval arithmetic though N's own do. The Taylor form takes the gradient at the centre, where it is a point and
    /// the terms' slopes cancel, and leaves only the Hessian's enclosure, O(r^2) with a constant that shrinks with r. On
    /// large boxes, and where a kink leaves no Hessian, the mean-value form is the smaller.
    /// </remarks>
    private static (double Sup, int At, double Term, double Centre) Sup(Expr residual, Func<string, GradientInterval> box, Func<string, GradientInterval> centre, int d, double[] radius)
    {
        var n = ExpressionEnclosure.Evaluate(residual, box, d);
        var nc = ExpressionEnclosure.Evaluate(residual, centre, d);
        double at0 = nc.Value.Mag;
        double first = at0, second = at0;
        var firstTerms = new double[d];
        var secondTerms = new double[d];
        for (int i = 0; i < d; i++)
        {
            firstTerms[i] = Interval.Up(n.Gradient[i].Mag * radius[i]);
            double t = Interval.Up(nc.Gradient[i].Mag * radius[i]);
            for (int j = 0; j < d && n.Hessian is { } h; j++)
                t = Interval.Up(t + Interval.Up(0.5 * Interval.Up(Interval.Up(h[i * d + j].Mag * radius[i]) * radius[j])));
            secondTerms[i] = n.Hessian is null ? double.PositiveInfinity : t;
            first = Interval.Up(first + firstTerms[i]);
            second = Interval.Up(second + secondTerms[i]);
        }
        static double Clean(double v) => double.IsNaN(v) ? double.PositiveInfinity : v;
        (first, second) = (Clean(first), Clean(second));
        var terms = second < first ? secondTerms : firstTerms;
        int at = -1;
        double largest = -1;
        for (int i = 0; i < d; i++)
            if (Clean(terms[i]) > largest) (largest, at) = (Clean(terms[i]), i);
        double sup = Math.Min(Math.Min(first, second), Clean(n.Value.Mag));
        return (sup, at, largest, nc.Value.Mid);
    }

    /// <summary>The values alone (no derivatives): what the term scale S needs.</summary>
    private static GradientInterval[] Values(GradientInterval[] v) => [.. v.Select(e => GradientInterval.Constant(e.Value, 0))];

    private Func<string, GradientInterval> Lookup(GradientInterval[] x, GradientInterval[] y) => name =>
    {
        int i = Array.IndexOf(_inputs, name);
        if (i >= 0) return x[i];
        int j = Array.IndexOf(_outputs, name);
        if (j >= 0) return y[j];
        throw new CertificationRefusedException($"an equation reads '{name}', which is neither an input nor an output of the model");
    };

    /// <summary>S = sum of |terms| of equation <paramref name="k"/> over the box.</summary>
    private Interval Scale(int k, GradientInterval[] x, GradientInterval[] y)
    {
        var sum = Interval.Point(0);
        foreach (var t in _terms[k]) sum += ExpressionEnclosure.Evaluate(t, Lookup(x, y), 0).Value.Abs();
        return sum;
    }

    /// <summary>S of equation <paramref name="k"/> over the box and the output range <paramref name="y"/>.</summary>
    private Interval ScaleOver(int k, Interval[] box, Interval y) =>
        Scale(k, [.. box.Select(b => GradientInterval.Constant(b, 0))], [GradientInterval.Constant(y, 0)]);

    /// <summary>The natural enclosure of <paramref name="e"/> over the box and the output range <paramref name="y"/>.</summary>
    private Interval Over(Expr e, Interval[] box, Interval y) =>
        ExpressionEnclosure.Evaluate(e, Lookup([.. box.Select(b => GradientInterval.Constant(b, 0))], [GradientInterval.Constant(y, 0)]), 0).Value;
}
