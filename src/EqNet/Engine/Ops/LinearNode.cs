using System.Numerics;
using EqNet.Engine.Kernels;

namespace EqNet.Engine.Ops;

/// <summary>
/// y = x W + b. Forward: one product. Backward: dx += dy W^T (rows split across workers), dW = x^T dy and db = sum dy
/// accumulated per worker and added in worker order, so the result does not depend on timing.
/// </summary>
public sealed class LinearNode<T> : Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Node<T> _x;
    private readonly Parameter<T> _w, _b;
    private readonly T[] _wt;
    private readonly T[][] _dw, _db;

    /// <summary>Creates the node; W is in x out, b is 1 x out.</summary>
    public LinearNode(Node<T> x, Parameter<T> w, Parameter<T> b, int workers)
        : base("linear", x.Value.Rows, w.Value.Cols)
    {
        if (w.Value.Rows != x.Value.Cols || b.Value.Rows != 1 || b.Value.Cols != w.Value.Cols)
            throw new EngineException($"linear: x {x.Value.Shape}, W {w.Value.Shape}, b {b.Value.Shape}: need W [{x.Value.Cols} x m] and b [1 x m]");
        _x = x;
        _w = w;
        _b = b;
        _wt = new T[w.Value.Data.Length];
        _dw = Enumerable.Range(0, workers).Select(_ => new T[w.Value.Data.Length]).ToArray();
        _db = Enumerable.Range(0, workers).Select(_ => new T[b.Value.Data.Length]).ToArray();
    }

    /// <inheritdoc />
    public override void Forward(int start, int end, int worker) =>
        Gemm<T>.Multiply(_x.Value.Data, _w.Value.Data, _b.Value.Data, Value.Data, _x.Value.Cols, Value.Cols, start, end);

    /// <inheritdoc />
    public override void BeforeBackward()
    {
        int k = _w.Value.Rows, m = _w.Value.Cols;
        var w = _w.Value.Data;
        for (int p = 0; p < k; p++)
            for (int j = 0; j < m; j++) _wt[j * k + p] = w[p * m + j];
        foreach (var a in _dw) Array.Clear(a);
        foreach (var a in _db) Array.Clear(a);
    }

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker)
    {
        int k = _x.Value.Cols, m = Value.Cols;
        if (_x is not InputNode<T> { RequiresGradient: false })
            Gemm<T>.Multiply(Grad.Data, _wt, default, _x.Grad.Data, m, k, start, end, accumulate: true);
        Gemm<T>.AddTransposedProduct(_x.Value.Data, Grad.Data, _dw[worker], _db[worker], k, m, start, end);
    }

    /// <inheritdoc />
    public override void AfterBackward()
    {
        for (int w = 0; w < _dw.Length; w++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(_w.Grad.Data, _dw[w], _w.Grad.Data);
            System.Numerics.Tensors.TensorPrimitives.Add(_b.Grad.Data, _db[w], _b.Grad.Data);
        }
    }
}
