using System.Numerics;

namespace EqNet.Engine.Ops;

/// <summary>A batch of inputs (or targets): its values are written by the caller before each forward pass.</summary>
public sealed class InputNode<T>(string name, int rows, int cols) : Node<T>(name, rows, cols) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether the backward pass should fill this input's gradient (off by default: products skip it).</summary>
    public bool RequiresGradient { get; init; }

    /// <inheritdoc />
    public override void Forward(int start, int end, int worker) { }

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker) { }
}
