using EqNet.Expressions;

namespace EqNet.Symbolic;

/// <summary>
/// A closed form that may be an output's root: an expression of the inputs, defined up to multiples of
/// <paramref name="Period"/> (0: exactly; 2 pi / m for an angle found from cos(m t) and sin(m t)).
/// </summary>
internal sealed record RootCandidate(Expr Value, double Period);
