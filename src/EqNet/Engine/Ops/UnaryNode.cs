using System.Numerics;

namespace EqNet.Engine.Ops;

/// <summary>An elementwise function; each function's value and derivative sit side by side in <see cref="Apply"/>.</summary>
public sealed class UnaryNode<T> : Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Node<T> _x;
    private readonly UnaryFunction _f;
    private readonly T _c;

    /// <summary>Creates the node; <paramref name="exponent"/> is used by <see cref="UnaryFunction.Power"/>.</summary>
    public UnaryNode(Node<T> x, UnaryFunction f, T exponent = default)
        : base(f.ToString().ToLowerInvariant(), x.Value.Rows, x.Value.Cols)
    {
        _x = x;
        _f = f;
        _c = exponent;
    }

    /// <summary>The function's value and its derivative dy/dx at x (given y = f(x)).</summary>
    public static (T Y, T Dy) Apply(UnaryFunction f, T x, T c)
    {
        T one = T.One;
        switch (f)
        {
            case UnaryFunction.Tanh: { var y = T.Tanh(x); return (y, one - y * y); }
            case UnaryFunction.Sigmoid: { var y = one / (one + T.Exp(-x)); return (y, y * (one - y)); }
            case UnaryFunction.Softplus: { var y = x > T.Zero ? x + T.Log(one + T.Exp(-x)) : T.Log(one + T.Exp(x)); return (y, one / (one + T.Exp(-x))); }
            case UnaryFunction.SiLU: { var s = one / (one + T.Exp(-x)); return (x * s, s * (one + x * (one - s))); }
            case UnaryFunction.Exp: { var y = T.Exp(x); return (y, y); }
            case UnaryFunction.Log: return (T.Log(x), one / x);
            case UnaryFunction.Sqrt: { var y = T.Sqrt(x); return (y, one / (y + y)); }
            case UnaryFunction.Sin: return (T.Sin(x), T.Cos(x));
            case UnaryFunction.Cos: return (T.Cos(x), -T.Sin(x));
            case UnaryFunction.Abs: return (T.Abs(x), T.CreateChecked(T.Sign(x)));
            case UnaryFunction.Square: return (x * x, x + x);
            default: return (T.Pow(x, c), c * T.Pow(x, c - one));
        }
    }

    /// <inheritdoc />
    public override void Forward(int start, int end, int worker)
    {
        int cols = Value.Cols;
        var x = _x.Value.Data.AsSpan(start * cols, (end - start) * cols);
        var y = Value.Data.AsSpan(start * cols, (end - start) * cols);
        switch (_f)
        {
            case UnaryFunction.Tanh: System.Numerics.Tensors.TensorPrimitives.Tanh(x, y); return;
            case UnaryFunction.Exp: System.Numerics.Tensors.TensorPrimitives.Exp(x, y); return;
            default:
                for (int i = 0; i < x.Length; i++) y[i] = Apply(_f, x[i], _c).Y;
                return;
        }
    }

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker)
    {
        int cols = Value.Cols;
        var x = _x.Value.Data.AsSpan(start * cols, (end - start) * cols);
        var y = Value.Data.AsSpan(start * cols, (end - start) * cols);
        var dy = Grad.Data.AsSpan(start * cols, (end - start) * cols);
        var dx = _x.Grad.Data.AsSpan(start * cols, (end - start) * cols);
        if (_f == UnaryFunction.Tanh)
        {
            int i = 0;
            var one = Vector<T>.One;
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
            {
                var yi = new Vector<T>(y[i..]);
                (new Vector<T>(dx[i..]) + new Vector<T>(dy[i..]) * (one - yi * yi)).CopyTo(dx[i..]);
            }
            for (; i < x.Length; i++) dx[i] += dy[i] * (T.One - y[i] * y[i]);
            return;
        }
        for (int i = 0; i < x.Length; i++) dx[i] += dy[i] * Apply(_f, x[i], _c).Dy;
    }
}
