using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>The last m step and gradient-change pairs, and the two-loop recursion that applies the inverse-Hessian estimate.</summary>
internal sealed class LbfgsHistory(int memory, int n)
{
    private readonly double[][] _s = Enumerable.Range(0, memory).Select(_ => new double[n]).ToArray();
    private readonly double[][] _y = Enumerable.Range(0, memory).Select(_ => new double[n]).ToArray();
    private readonly double[] _rho = new double[memory], _alpha = new double[memory];
    private int _count, _newest = -1;

    public int Count => _count;

    public void Clear() => (_count, _newest) = (0, -1);

    /// <summary>Stores s = x_new - x_old and y = g_new - g_old; skipped (false) when s.y is not safely positive.</summary>
    public bool Push(ReadOnlySpan<double> xNew, ReadOnlySpan<double> xOld, ReadOnlySpan<double> gNew, ReadOnlySpan<double> gOld)
    {
        int slot = (_newest + 1) % memory;
        TensorPrimitives.Subtract(xNew, xOld, _s[slot]);
        TensorPrimitives.Subtract(gNew, gOld, _y[slot]);
        double sy = TensorPrimitives.Dot(_s[slot], _y[slot]);
        double yy = TensorPrimitives.Dot(_y[slot], _y[slot]);
        // Without positive curvature the update would make the estimate indefinite.
        if (!(sy > 1e-12 * Math.Sqrt(yy * TensorPrimitives.Dot(_s[slot], _s[slot]))))
        {
            // The slot just overwritten held the oldest pair when the memory was full: it is gone now.
            if (_count == memory) _count--;
            return false;
        }
        _rho[slot] = 1 / sy;
        _newest = slot;
        _count = Math.Min(_count + 1, memory);
        return true;
    }

    /// <summary>Writes d = -H g, with H0 = (s.y / y.y) I from the newest pair (the identity when empty).</summary>
    public void Direction(ReadOnlySpan<double> gradient, Span<double> direction)
    {
        gradient.CopyTo(direction);
        for (int k = 0; k < _count; k++)
        {
            int i = (_newest - k + memory) % memory;
            _alpha[i] = _rho[i] * TensorPrimitives.Dot(_s[i], direction);
            TensorPrimitives.MultiplyAdd(_y[i], -_alpha[i], direction, direction);
        }
        if (_count > 0)
        {
            var y = _y[_newest];
            TensorPrimitives.Multiply(direction, 1 / (_rho[_newest] * TensorPrimitives.Dot(y, y)), direction);
        }
        for (int k = _count - 1; k >= 0; k--)
        {
            int i = (_newest - k + memory) % memory;
            double beta = _rho[i] * TensorPrimitives.Dot(_y[i], direction);
            TensorPrimitives.MultiplyAdd(_s[i], _alpha[i] - beta, direction, direction);
        }
        TensorPrimitives.Negate(direction, direction);
    }
}
