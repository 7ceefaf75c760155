using System.Numerics;

namespace EqNet.Engine.Ops;

/// <summary>A parameter used directly as an operand (e.g. a broadcast row vector); shares its value and gradient.</summary>
public sealed class ParameterNode<T>(Parameter<T> parameter) : Node<T>(parameter.Name, parameter.Value, parameter.Grad)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override void Forward(int start, int end, int worker) { }

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker) { }
}
