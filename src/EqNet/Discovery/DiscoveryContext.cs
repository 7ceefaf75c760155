using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>Which factor columns an <see cref="AtomSpace"/> offers.</summary>
public enum FactorKind
{
    /// <summary>Monomials only.</summary>
    None,

    /// <summary>Monomials times <c>sin(x)</c> or <c>cos(x)</c> of one input.</summary>
    Trig,

    /// <summary>Monomials and <c>log(v)</c> of a positive basis quantity.</summary>
    Log,
}

/// <summary>The search sample of one output: input rows where its value is defined, the values, and the basis quantities.</summary>
public sealed class DiscoveryContext
{
    private readonly double[] _basisValues;

    /// <summary>Creates the context from input rows (row-major) and values.</summary>
    public DiscoveryContext(IReadOnlyList<string> inputNames, double[] inputs, double[] y, BasisVariables basis)
    {
        InputNames = inputNames;
        Inputs = inputs;
        Y = y;
        Basis = basis;
        _basisValues = basis.Evaluate(inputs, y.Length);
    }

    /// <summary>Input names, in row order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Input rows, row-major count x inputs.</summary>
    public double[] Inputs { get; }

    /// <summary>The output's values.</summary>
    public double[] Y { get; }

    /// <summary>The basis quantities.</summary>
    public BasisVariables Basis { get; }

    /// <summary>Monomials the power-law stage selected: seeds for the expression stage's inner arguments.</summary>
    public System.Collections.Concurrent.ConcurrentBag<Monomial> SeedMonomials { get; } = [];

    /// <summary>Number of points.</summary>
    public int Count => Y.Length;

    /// <summary>p99 of <paramref name="formula"/>'s error on this sample (<see cref="FormulaScore"/>).</summary>
    public double P99(Expr formula) => FormulaScore.P99(formula, InputNames, Inputs, Y);

    /// <summary>An atom space over the points <paramref name="keep"/>, with the factor columns of <paramref name="kind"/> and their expressions.</summary>
    public (AtomSpace Space, IReadOnlyList<Expr> FactorExprs) Space(int[] keep, FactorKind kind)
    {
        int b = Basis.Count, d = InputNames.Count;
        var values = new double[keep.Length * b];
        for (int k = 0; k < keep.Length; k++) _basisValues.AsSpan(keep[k] * b, b).CopyTo(values.AsSpan(k * b, b));
        var exprs = new List<Expr>();
        var factors = new List<double[]>();
        if (kind == FactorKind.Trig)
        {
            for (int j = 0; j < d; j++)
            {
                foreach (var (f, fn) in new[] { (MathFunction.Sin, (Func<double, double>)Math.Sin), (MathFunction.Cos, Math.Cos) })
                {
                    exprs.Add(new CallExpr(f, new VariableExpr(InputNames[j])));
                    factors.Add(keep.Select(i => fn(Inputs[i * d + j])).ToArray());
                }
            }
        }
        else if (kind == FactorKind.Log)
        {
            for (int k = 0; k < b; k++)
            {
                if (!Basis.Positive[k]) continue;
                exprs.Add(new CallExpr(MathFunction.Log, Basis.Expressions[k]));
                factors.Add(keep.Select(i => Math.Log(_basisValues[i * b + k])).ToArray());
            }
        }
        return (new AtomSpace(values, keep.Length, Basis.Positive, factors), exprs);
    }
}
