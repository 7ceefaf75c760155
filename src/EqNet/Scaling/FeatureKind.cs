namespace EqNet.Scaling;

/// <summary>How a network feature is computed from a raw input point, before standardisation.</summary>
public enum FeatureKind
{
    /// <summary>The input itself.</summary>
    Linear,

    /// <summary>The natural log of a positive input.</summary>
    Log,

    /// <summary>log(max(x) - x): the log-distance to a dependent upper bound (e.g. x2 &lt;= x1).</summary>
    LogDistanceToMax,

    /// <summary>log(x - min(x)): the log-distance to a dependent lower bound.</summary>
    LogDistanceToMin,

    /// <summary>asinh(x / s), s = <see cref="Feature.Floor"/>: a signed log for an input that takes both signs.</summary>
    SignedLog,

    /// <summary>log(sqrt(x^2 + s^2)), s = <see cref="Feature.Floor"/>: log |x| for an input that takes both signs.</summary>
    LogMagnitude,

    /// <summary>sin(a), a = <see cref="Feature.Bound"/>: a trigonometric argument of the equations, over inputs alone (see <see cref="EquationFeatures"/>).</summary>
    Sine,

    /// <summary>cos(a), a = <see cref="Feature.Bound"/>, alike.</summary>
    Cosine,

    /// <summary>The value of <see cref="Feature.Bound"/>, a fold of the equations over inputs alone (abs, acos(cos(.)), |a - b| of min/max).</summary>
    Fold,
}
