using EqNet.Expressions;
using EqNet.Problems;

namespace EqNet.Features;

/// <summary>
/// Features read from the problem's equations at design time, computed from the inputs alone: sin and cos of every
/// trigonometric argument that uses only inputs, in the equations or in the inputs' bounds (oscillation over many periods is then a smooth function of them), of
/// twice the argument where such a call is squared, and
/// every fold of inputs alone (abs, acos(cos(.)), asin(sin(.)), min and max as |a - b|), and every switch
/// where(a &lt; b, ...) of inputs alone as |a - b| and the condition's 0/1 step, so a kink or a jump sits exactly where the
/// equation puts it; and b log a of every power a^b of inputs alone whose exponent b holds an input.
/// </summary>
/// <remarks>
/// Why from the equations: a tanh network over a linear feature needs about a unit per half-period and cannot place a
/// kink; the frequencies and folds are written in the equations, so reading them costs nothing and is exact. The
/// prediction still reads only the inputs: these are functions of the inputs, not of the outputs.
/// </remarks>
public static class EquationFeatures
{
    /// <summary>The features, in order of first appearance: kind and the expression (over inputs) it is computed from.</summary>
    public static IReadOnlyList<(FeatureKind Kind, string Expression)> Find(Problem problem)
    {
        var inputs = problem.InputNames.ToHashSet(StringComparer.Ordinal);
        var found = new List<(FeatureKind, string)>();
        var seen = new HashSet<(FeatureKind, string)>();
        void Add(FeatureKind kind, Expr argument)
        {
            string text = argument.ToString();
            if (seen.Add((kind, text))) found.Add((kind, text));
        }

        bool OfInputs(Expr e) => e.Variables.Count > 0 && e.Variables.All(inputs.Contains);

        void Walk(Expr e)
        {
            switch (e)
            {
                case CallExpr call:
                    if (OfInputs(call) || (call.Function == MathFunction.Where && OfInputs(call.Arguments[0]))) Read(call);
                    foreach (var argument in call.Arguments) Walk(argument);
                    break;
                case UnaryExpr unary:
                    Walk(unary.Operand);
                    break;
                case BinaryExpr { Operator: BinaryOperator.Power, Left: CallExpr squared, Right: NumberExpr { Value: 2 } } binary
                    when OfInputs(squared) && Classify(squared) == FeatureKind.Sine:
                    // sin(a)^2 = (1 - cos(2a)) / 2: linear in the second harmonic, where it is quadratic in sin(a) and
                    // a smooth shape cannot follow its double zeros.
                    var doubled = new BinaryExpr(BinaryOperator.Multiply, new NumberExpr(2), squared.Arguments[0]);
                    Walk(binary.Left);
                    Add(FeatureKind.Sine, doubled);
                    Add(FeatureKind.Cosine, doubled);
                    break;
                case BinaryExpr { Operator: BinaryOperator.Power } power when OfInputs(power.Right) && OfInputs(power.Left):
                    // a^b with an input in the exponent is exp(b log a): its log, b log a, is to such a law what log x
                    // is to a fixed power of x (a sum of them is then one log-sum-exp unit).
                    Add(FeatureKind.LogPower, new BinaryExpr(BinaryOperator.Multiply, power.Right, new CallExpr(MathFunction.Log, power.Left)));
                    Walk(power.Left);
                    Walk(power.Right);
                    break;
                case BinaryExpr binary:
                    Walk(binary.Left);
                    Walk(binary.Right);
                    break;
            }
        }

        void Read(CallExpr call)
        {
            switch (Classify(call))
            {
                case FeatureKind.Sine:
                    Add(FeatureKind.Sine, call.Arguments[0]);
                    Add(FeatureKind.Cosine, call.Arguments[0]);
                    break;
                case FeatureKind.Fold when call.Function == MathFunction.Where:
                    // A switch: the distance to its surface (a kink there) and the condition itself (a step there).
                    if (call.Arguments[0] is CallExpr { Arguments: [var a, var b] } comparison && FunctionCatalog.IsComparison(comparison.Function))
                        Add(FeatureKind.Fold, new CallExpr(MathFunction.Abs, new BinaryExpr(BinaryOperator.Subtract, a, b)));
                    Add(FeatureKind.Fold, new CallExpr(MathFunction.Where, call.Arguments[0], new NumberExpr(1), new NumberExpr(0)));
                    break;
                case FeatureKind.Fold:
                    Add(FeatureKind.Fold, FoldOf(call));
                    break;
            }
        }

        foreach (var spec in problem.Equations)
        {
            Walk(spec.Equation.Lhs);
            Walk(spec.Equation.Rhs);
        }
        // A domain bound written with sin or cos of an input (a planar arm's reach around its wrist, x <= l3*cos(phi) + r)
        // says the law's geometry turns with that input: the solution depends on it through sin and cos even where the
        // equations take the angle itself (phi = t1 + t2 + t3). Periodic calls only; a fold in a bound only clips the domain.
        foreach (var bound in problem.Inputs.SelectMany(i => new[] { i.Min, i.Max }))
            WalkPeriodic(bound);
        return found;

        void WalkPeriodic(Expr e)
        {
            if (e is CallExpr call && OfInputs(call) && Classify(call) == FeatureKind.Sine) Read(call);
            foreach (var child in Children(e)) WalkPeriodic(child);
        }
    }

    private static IEnumerable<Expr> Children(Expr e) => e switch
    {
        CallExpr call => call.Arguments,
        UnaryExpr unary => [unary.Operand],
        BinaryExpr binary => [binary.Left, binary.Right],
        _ => [],
    };

    /// <summary>
    /// <see cref="FeatureKind.Sine"/> for a periodic call (sin, cos, tan), <see cref="FeatureKind.Fold"/> for a fold (abs,
    /// acos(cos(.)), asin(sin(.)), min and max of two, where), else null. Whether its arguments use inputs alone is the caller's test.
    /// </summary>
    public static FeatureKind? Classify(CallExpr call) => call.Function switch
    {
        MathFunction.Sin or MathFunction.Cos or MathFunction.Tan => FeatureKind.Sine,
        MathFunction.Abs => FeatureKind.Fold,
        MathFunction.Acos when call.Arguments[0] is CallExpr { Function: MathFunction.Cos } => FeatureKind.Fold,
        MathFunction.Asin when call.Arguments[0] is CallExpr { Function: MathFunction.Sin } => FeatureKind.Fold,
        MathFunction.Min or MathFunction.Max when call.Arguments.Count == 2 => FeatureKind.Fold,
        MathFunction.Where => FeatureKind.Fold,
        _ => null,
    };

    /// <summary>The folded quantity of a fold: the call itself, or |a - b| for min(a, b) and max(a, b), whose kink is there.</summary>
    private static Expr FoldOf(CallExpr call) => call.Function is MathFunction.Min or MathFunction.Max
        ? new CallExpr(MathFunction.Abs, new BinaryExpr(BinaryOperator.Subtract, call.Arguments[0], call.Arguments[1]))
        : call;
}
