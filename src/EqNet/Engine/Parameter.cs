using System.Numerics;

namespace EqNet.Engine;

/// <summary>A trainable tensor and its gradient.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates a zero parameter.</summary>
    public Parameter(string name, int rows, int cols)
    {
        Name = name;
        Value = new Tensor<T>(rows, cols);
        Grad = new Tensor<T>(rows, cols);
    }

    /// <summary>Name, for messages.</summary>
    public string Name { get; }

    /// <summary>Current value.</summary>
    public Tensor<T> Value { get; }

    /// <summary>Gradient of the loss, filled by the graph's backward pass.</summary>
    public Tensor<T> Grad { get; }
}
