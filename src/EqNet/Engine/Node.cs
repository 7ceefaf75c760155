using System.Numerics;

namespace EqNet.Engine;

/// <summary>
/// One operation in a graph: its output value and gradient buffers are allocated once, when the graph
/// is built, so running the graph allocates nothing. Forward and backward work on a row range, so the graph can split
/// the batch across threads; reductions over the batch keep one partial result per worker.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public abstract class Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the node's buffers.</summary>
    protected Node(string name, int rows, int cols)
    {
        Name = name;
        Value = new Tensor<T>(rows, cols);
        Grad = new Tensor<T>(rows, cols);
    }

    /// <summary>Wraps existing buffers (a parameter's value and gradient).</summary>
    protected Node(string name, Tensor<T> value, Tensor<T> grad)
    {
        Name = name;
        Value = value;
        Grad = grad;
    }

    /// <summary>Before the workers' backward pass: transposes, clearing per-worker partial sums.</summary>
    public virtual void BeforeBackward() { }

    /// <summary>Operation name, for messages.</summary>
    public string Name { get; }

    /// <summary>Output.</summary>
    public Tensor<T> Value { get; }

    /// <summary>Gradient of the loss with respect to the output.</summary>
    public Tensor<T> Grad { get; }

    /// <summary>Computes rows [start, end) of the output.</summary>
    public abstract void Forward(int start, int end, int worker);

    /// <summary>Adds this node's contribution to its inputs' gradients for rows [start, end).</summary>
    public abstract void Backward(int start, int end, int worker);

    /// <summary>After all workers' backward: combine per-worker partial sums (fixed order).</summary>
    public virtual void AfterBackward() { }

    /// <summary>Whether the forward pass reduces over rows (must run on one worker).</summary>
    public virtual bool ReducesRows => false;
}
