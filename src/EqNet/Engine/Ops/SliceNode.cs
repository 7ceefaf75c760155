using System.Numerics;

namespace EqNet.Engine.Ops;

/// <summary>Columns [first, first + count) of x; the gradient goes back to those columns.</summary>
public sealed class SliceNode<T> : Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Node<T> _x;
    private readonly int _first;

    /// <summary>Creates the node.</summary>
    public SliceNode(Node<T> x, int first, int count) : base("slice", x.Value.Rows, count)
    {
        if (first < 0 || count < 1 || first + count > x.Value.Cols)
            throw new EngineException($"slice: columns [{first}, {first + count}) of x {x.Value.Shape} are out of range");
        _x = x;
        _first = first;
    }

    /// <inheritdoc />
    public override void Forward(int start, int end, int worker)
    {
        for (int r = start; r < end; r++) _x.Value.Row(r).Slice(_first, Value.Cols).CopyTo(Value.Row(r));
    }

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker)
    {
        for (int r = start; r < end; r++)
        {
            var dx = _x.Grad.Row(r).Slice(_first, Value.Cols);
            System.Numerics.Tensors.TensorPrimitives.Add(dx, Grad.Row(r), dx);
        }
    }
}
