using System.Numerics;

namespace EqNet.Engine.Ops;

/// <summary>Sum or mean of all elements, as a [1 x 1] tensor; the gradient broadcasts back.</summary>
public sealed class ReduceNode<T> : Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Node<T> _x;
    private readonly bool _mean;

    /// <summary>Creates the node.</summary>
    public ReduceNode(Node<T> x, bool mean) : base(mean ? "mean" : "sum", 1, 1)
    {
        if (x.Value.Data.Length == 0) throw new EngineException($"{Name}: x {x.Value.Shape} is empty");
        _x = x;
        _mean = mean;
    }

    /// <inheritdoc />
    public override bool ReducesRows => true;

    private T Factor => _mean ? T.One / T.CreateChecked(_x.Value.Data.Length) : T.One;

    /// <inheritdoc />
    public override void Forward(int start, int end, int worker) =>
        Value.Data[0] = System.Numerics.Tensors.TensorPrimitives.Sum<T>(_x.Value.Data) * Factor;

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker)
    {
        int cols = _x.Value.Cols;
        var dx = _x.Grad.Data.AsSpan(start * cols, (end - start) * cols);
        System.Numerics.Tensors.TensorPrimitives.Add(dx, Grad.Data[0] * Factor, dx);
    }
}
