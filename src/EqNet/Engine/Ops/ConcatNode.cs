using System.Numerics;

namespace EqNet.Engine.Ops;

/// <summary>[a, b] side by side (columns); the gradient splits back.</summary>
public sealed class ConcatNode<T> : Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Node<T> _a, _b;

    /// <summary>Creates the node.</summary>
    public ConcatNode(Node<T> a, Node<T> b) : base("concat", a.Value.Rows, a.Value.Cols + b.Value.Cols)
    {
        if (a.Value.Rows != b.Value.Rows) throw new EngineException($"concat: a {a.Value.Shape} and b {b.Value.Shape} have different row counts");
        _a = a;
        _b = b;
    }

    /// <inheritdoc />
    public override void Forward(int start, int end, int worker)
    {
        for (int r = start; r < end; r++)
        {
            _a.Value.Row(r).CopyTo(Value.Row(r));
            _b.Value.Row(r).CopyTo(Value.Row(r)[_a.Value.Cols..]);
        }
    }

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker)
    {
        for (int r = start; r < end; r++)
        {
            var g = Grad.Row(r);
            var da = _a.Grad.Row(r);
            var db = _b.Grad.Row(r);
            System.Numerics.Tensors.TensorPrimitives.Add(da, g[..da.Length], da);
            System.Numerics.Tensors.TensorPrimitives.Add(db, g[da.Length..], db);
        }
    }
}
