using EqNet.Export;
using EqNet.Expressions;
using EqNet.Models;
using EqNet.Features;

namespace EqNet.Certification;

/// <summary>
/// Encloses a model's forward pass over a box of inputs: features, every output's network (MLPs, log-sum-exp units,
/// power terms, heads, upstream features), the correction stages and the computed outputs, in the order and layout
/// the exporters write them (<see cref="ModelLayout"/>; <see cref="CSharpExporter"/> is the spec), each value with
/// its gradient with respect to the raw inputs (<see cref="GradientInterval"/>).
/// </summary>
/// <remarks>
/// It encloses the model in exact real arithmetic with its float64 weights: EqNet's own tanh, exp and log are within
/// about an ulp of the functions enclosed here, and the float64 sums differ from the exact ones by rounding; that
/// difference is the certificate's rounding allowance, not part of the enclosure. Newton steps after the network are
/// not evaluated here (the certifier bounds them by their contraction); a model part of another kind is refused.
/// </remarks>
internal sealed class ModelEnclosure
{
    private readonly EqNetModel _model;
    private readonly ModelLayout _layout;
    private readonly Expr?[] _bounds;
    private readonly double[] _all;

    /// <summary>Prepares the enclosure of <paramref name="model"/>.</summary>
    /// <exception cref="CertificationRefusedException">A part of the model has no enclosure here.</exception>
    public ModelEnclosure(EqNetModel model)
    {
        _model = model;
        try
        {
            _layout = ModelLayout.Of(model.Network);
        }
        catch (InvalidOperationException e)
        {
            throw new CertificationRefusedException($"the model's parameter layout is not one the certifier reads ({e.Message})", e);
        }
        _bounds = [.. model.Features.Features.Select(f => f.BoundExpression(model.InputNames))];
        _all = [.. model.Parameters, .. model.Corrections?.Stages.SelectMany(s => s.Parameters) ?? []];
        foreach (var o in _layout.Outputs)
            foreach (var g in new[] { o.Magnitude, o.Negative })
                if (g is not null && g.Units.Units == 0)
                    throw new CertificationRefusedException($"output {o.Head.Name}: a magnitude without log-sum-exp units is a form the certifier does not know");
    }

    /// <summary>The network's outputs (the learned ones, in the network's order, after the correction stages) over <paramref name="x"/>.</summary>
    public GradientInterval[] Network(GradientInterval[] x)
    {
        int dim = x[0].Dimension;
        var u = new GradientInterval[_model.Features.Count];
        for (int f = 0; f < u.Length; f++)
        {
            var feature = _model.Features.Features[f];
            u[f] = (Raw(feature, _bounds[f], x, dim) - feature.Center) / feature.Width;
        }
        var y = new GradientInterval[_model.Network.OutputCount];
        foreach (var o in _layout.Outputs) y[o.Index] = Output(o, u, y, dim);
        Corrections(u, y);
        return y;
    }

    /// <summary>All outputs, in <see cref="EqNetModel.OutputNames"/> order, from the inputs and the network's (refined) outputs.</summary>
    public GradientInterval[] Outputs(GradientInterval[] x, GradientInterval[] learned)
    {
        if (_model.Computed is not { } computed) return learned;
        int dim = x[0].Dimension;
        var row = new Dictionary<string, GradientInterval>(StringComparer.Ordinal);
        for (int i = 0; i < x.Length; i++) row[_model.InputNames[i]] = x[i];
        for (int j = 0; j < computed.Learned.Count; j++) row[computed.Learned[j]] = learned[j];
        foreach (var step in computed.Steps) row[step.Name] = ExpressionEnclosure.Evaluate(step.Value, n => row[n], dim);
        return [.. _model.OutputNames.Select(n => row[n])];
    }

    /// <summary>A feature's raw quantity, before standardising (the forms of <see cref="CSharpExporter"/>).</summary>
    private GradientInterval Raw(Feature f, Expr? bound, GradientInterval[] x, int dim)
    {
        var xi = x[f.Input];
        GradientInterval Bound() => ExpressionEnclosure.Evaluate(bound!, n => x[IndexOfInput(n, f, x.Length, bound!)], dim);
        var floor = GradientInterval.Constant(f.Floor, dim);
        return f.Kind switch
        {
            FeatureKind.Linear => xi,
            FeatureKind.Log => xi.Log(),
            FeatureKind.LogDistanceToMax => GradientInterval.Max(Bound() - xi, floor).Log(),
            FeatureKind.LogDistanceToMin => GradientInterval.Max(xi - Bound(), floor).Log(),
            FeatureKind.SignedLog => (xi / f.Floor).Asinh(),
            FeatureKind.LogMagnitude => 0.5 * (xi.Square() + f.Floor * f.Floor).Log(),
            FeatureKind.LogExpression => GradientInterval.Max(Bound(), floor).Log(),
            FeatureKind.Factor or FeatureKind.Fold or FeatureKind.LogPower => Bound(),
            FeatureKind.Sine => Bound().Sin(),
            FeatureKind.Cosine => Bound().Cos(),
            _ => throw new CertificationRefusedException($"feature kind {f.Kind} has no interval enclosure in the certifier"),
        };
    }

    private int IndexOfInput(string name, Feature f, int count, Expr bound)
    {
        for (int i = 0; i < count; i++) if (_model.InputNames[i] == name) return i;
        throw new CertificationRefusedException($"feature {f.Kind} reads '{name}', which is not an input ({bound})");
    }

    private GradientInterval Output(OutputLayout o, GradientInterval[] u, GradientInterval[] y, int dim)
    {
        var own = new GradientInterval[o.FeatureCount];
        for (int k = 0; k < o.Features.Count; k++) own[k] = u[o.Features[k]];
        for (int k = 0; k < o.Upstream.Count; k++)
        {
            var up = o.Upstream[k];
            double scale = up.LogScaleParameter is { } at ? Math.Exp(_all[at]) : up.Feature.Scale;
            // A learned scale is exp of a parameter, computed in float64 as the model computes it: that double is the scale.
            var prior = y[up.Feature.Output];
            var raw = up.Feature.Even ? 0.5 * (prior.Square() + scale * scale).Log() : (prior / scale).Asinh();
            own[o.Features.Count + k] = (raw - up.Feature.Center) / up.Feature.Width;
        }
        var m = o.Magnitude is null ? GradientInterval.Constant(0, dim) : Magnitude(o.Magnitude, own);
        GradientInterval t = o.Shape is not null ? Mlp(o.Shape, own, o.Head.Kind == OutputHeadKind.Envelope)
            : o.Negative is not null ? Magnitude(o.Negative, own)
            : o.Head.Factor >= 0 ? u[o.Head.Factor] : GradientInterval.Constant(0, dim);
        var h = o.Head;
        return h.Kind switch
        {
            OutputHeadKind.Difference => m.Exp() - t.Exp(),
            OutputHeadKind.Free or OutputHeadKind.SignedFactor or OutputHeadKind.Envelope => m.Exp() * t,
            OutputHeadKind.LowerBound => m.Exp() + h.Min,
            OutputHeadKind.UpperBound => -m.Exp() + h.Max,
            OutputHeadKind.Affine => GradientInterval.Scale(Interval.Point((h.Max - h.Min) / 2), t) + (h.Min + h.Max) / 2,
            // min + (max - min) sigmoid(t), sigmoid(t) = 1 / (1 + e^-t).
            _ => GradientInterval.Scale(Interval.Point(h.Max - h.Min), GradientInterval.Constant(1, dim) / ((-t).Exp() + 1)) + h.Min,
        };
    }

    /// <summary>m = MLP + log-sum-exp of the units + the power terms - log-sum-exp of the denominator's units.</summary>
    private GradientInterval Magnitude(MagnitudeLayout g, GradientInterval[] u)
    {
        var sum = Mlp(g.Mlp, u, false) + LogSumExp(g.Units, u);
        if (g.Terms.Units > 0) sum += PowerTerms(g.Terms, u);
        return g.Denominator is null ? sum : sum - LogSumExp(g.Denominator, u);
    }

    /// <summary>log sum_k exp(z_k) = M + log sum_k exp(z_k - M) for a constant M (the largest upper bound), so no term overflows.</summary>
    private GradientInterval LogSumExp(UnitsLayout g, GradientInterval[] u)
    {
        int f = g.Features, stride = f + 1;
        var z = new GradientInterval[g.Units];
        double top = double.NegativeInfinity;
        for (int k = 0; k < g.Units; k++)
        {
            z[k] = Affine(_all, g.Offset + k * stride, u, _all[g.Offset + k * stride + f]);
            top = Math.Max(top, z[k].Value.Hi);
        }
        if (!double.IsFinite(top)) return GradientInterval.Constant(Interval.Entire, u[0].Dimension);
        GradientInterval? sum = null;
        foreach (var zk in z)
        {
            var e = (zk - top).Exp();
            sum = sum is null ? e : sum + e;
        }
        return sum!.Log() + top;
    }

    /// <summary>sum_k c_k exp(v_k . u).</summary>
    private GradientInterval PowerTerms(UnitsLayout g, GradientInterval[] u)
    {
        int f = g.Features, stride = f + 1;
        GradientInterval? sum = null;
        for (int k = 0; k < g.Units; k++)
        {
            var term = _all[g.Offset + k * stride + f] * Affine(_all, g.Offset + k * stride, u, 0).Exp();
            sum = sum is null ? term : sum + term;
        }
        return sum!;
    }

    /// <summary>An MLP of tanh layers and a linear last layer (plus the linear term of an envelope's shape).</summary>
    private GradientInterval Mlp(IReadOnlyList<DenseLayer> layers, GradientInterval[] u, bool linearSkip)
    {
        var a = u;
        foreach (var layer in layers)
        {
            var z = new GradientInterval[layer.Outputs];
            for (int k = 0; k < layer.Outputs; k++)
            {
                var s = Affine(_all, layer.Offset + k * layer.Inputs, a, _all[layer.BiasOffset + k]);
                z[k] = layer.Tanh ? s.Tanh() : s;
            }
            a = z;
        }
        var y = a[0];
        if (linearSkip) y += Affine(_all, layers[^1].BiasOffset + layers[^1].Outputs, u, 0);
        return y;
    }

    /// <summary>The correction stages: y_j += sqrt(y_j^2 + floor_j^2) sum over stages of scale_j x network_j(u).</summary>
    private void Corrections(GradientInterval[] u, GradientInterval[] y)
    {
        if (_model.Corrections is not { Count: > 0 } corrections) return;
        for (int j = 0; j < corrections.Floors.Count; j++)
        {
            GradientInterval? c = null;
            int offset = _model.Parameters.Length;
            foreach (var stage in corrections.Stages)
            {
                int own = offset + j * stage.Network.ParameterCount;
                var layers = ModelLayout.Mlp(u.Length, stage.Network.Hidden, ref own);
                if (stage.Scales[j] != 0)
                {
                    var term = stage.Scales[j] * Mlp(layers, u, false);
                    c = c is null ? term : c + term;
                }
                offset += stage.Parameters.Length;
            }
            if (c is null) continue;
            double floor = corrections.Floors[j];
            y[j] += (y[j].Square() + floor * floor).Sqrt() * c;
        }
    }

    /// <summary>
    /// bias + sum_i p[at + i] a_i, summed outward-rounded without intermediate objects (the dense layers are most of
    /// the work): the value and each gradient coordinate as one interval sum.
    /// </summary>
    private static GradientInterval Affine(double[] p, int at, GradientInterval[] a, double bias)
    {
        int dim = a[0].Dimension;
        double lo = bias, hi = bias;
        var glo = new double[dim];
        var ghi = new double[dim];
        for (int i = 0; i < a.Length; i++)
        {
            double w = p[at + i];
            if (w == 0) continue;
            var v = a[i].Value;
            (double l, double h) = w > 0 ? (w * v.Lo, w * v.Hi) : (w * v.Hi, w * v.Lo);
            lo = Interval.Down(lo + Interval.Down(l));
            hi = Interval.Up(hi + Interval.Up(h));
            var g = a[i].Gradient;
            for (int k = 0; k < dim; k++)
            {
                (l, h) = w > 0 ? (w * g[k].Lo, w * g[k].Hi) : (w * g[k].Hi, w * g[k].Lo);
                glo[k] = Interval.Down(glo[k] + Interval.Down(l));
                ghi[k] = Interval.Up(ghi[k] + Interval.Up(h));
            }
        }
        var gradient = new Interval[dim];
        for (int k = 0; k < dim; k++) gradient[k] = new Interval(glo[k], ghi[k]);
        Interval[]? hessian = null;
        if (a.Any(v => v.Hessian is not null))
        {
            hessian = new Interval[dim * dim];
            for (int i = 0; i < a.Length; i++)
            {
                double w = p[at + i];
                if (w == 0 || a[i].Hessian is not { } h) continue;
                for (int k = 0; k < hessian.Length; k++) hessian[k] += w * h[k];
            }
        }
        return new GradientInterval(new Interval(lo, hi), gradient, hessian);
    }
}
