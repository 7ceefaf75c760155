using EqNet.Symbolic;

namespace EqNet.Features;

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

    /// <summary>log(sqrt(x^2 + s^2)), s = <see cref="Feature.Floor"/>: log |x| for an input that takes both signs or starts at 0.</summary>
    LogMagnitude,

    /// <summary>
    /// log(g), g = <see cref="Feature.Bound"/> an expression of the inputs that is &gt;= 0 and comes close to 0 (a square
    /// root's argument, 1 - an inverse sine's): the log-distance to where the law's slope is infinite; or g &gt; 0 a factor
    /// of a definition that is no power law of the inputs (<see cref="ZeroStructure.LogFactors"/>).
    /// </summary>
    LogExpression,

    /// <summary>
    /// g = <see cref="Feature.Bound"/>, an expression of the inputs that changes sign (a factor of an output's definition),
    /// divided by a signed width and not centred, so it keeps its zeros: an output's head multiplies by it.
    /// </summary>
    Factor,

    /// <summary>sin(a), a = <see cref="Feature.Bound"/>: a trigonometric argument of the equations, over inputs alone (see <see cref="EquationFeatures"/>).</summary>
    Sine,

    /// <summary>cos(a), a = <see cref="Feature.Bound"/>, alike.</summary>
    Cosine,

    /// <summary>The value of <see cref="Feature.Bound"/>, a fold of the equations over inputs alone (abs, acos(cos(.)), |a - b| of min/max).</summary>
    Fold,

    /// <summary>
    /// The value of <see cref="Feature.Bound"/>, <c>b*log(a)</c> for a power <c>a**b</c> of the equations whose exponent
    /// is an input (see <see cref="EquationFeatures"/>): the log of the power, so a law <c>c a^b</c> is exp of a linear
    /// function of it, as a fixed-exponent law is of log a.
    /// </summary>
    LogPower,
}
