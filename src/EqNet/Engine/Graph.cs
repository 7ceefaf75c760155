using System.Numerics;
using EqNet.Engine.Kernels;
using EqNet.Engine.Ops;

namespace EqNet.Engine;

/// <summary>
/// A reverse-mode tape for a fixed batch size: operations are recorded once (building allocates every buffer), then
/// <see cref="Forward"/> and <see cref="Backward"/> replay them as often as needed without allocating. Each operation
/// splits its rows across a fixed worker pool; reductions over rows are combined in worker order, so a given seed and
/// thread count give bit-identical results.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Graph<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Node<T>> _nodes = [];
    private readonly List<Parameter<T>> _parameters = [];
    private readonly WorkerPool _pool;
    private readonly NodeWork _work = new();
    private readonly ZeroWork _zero;

    /// <summary>Creates an empty graph for batches of <paramref name="batch"/> rows on <paramref name="threads"/> workers (0 = one per core).</summary>
    public Graph(int batch, int threads = 0)
    {
        if (batch < 1) throw new EngineException($"graph: the batch must have at least one row, not {batch}");
        Batch = batch;
        _pool = new WorkerPool(threads);
        _zero = new ZeroWork(_nodes, batch);
    }

    /// <summary>Rows per batch.</summary>
    public int Batch { get; }

    /// <summary>Worker threads.</summary>
    public int Threads => _pool.Count;

    /// <summary>Trainable parameters created by <see cref="Parameter"/>.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>The operations in recording order.</summary>
    public IReadOnlyList<Node<T>> Nodes => _nodes;

    /// <summary>An input (or target) of <paramref name="cols"/> columns; write its <see cref="Node{T}.Value"/> before <see cref="Forward"/>.</summary>
    /// <remarks>With <paramref name="requiresGradient"/>, the backward pass also fills the input's gradient.</remarks>
    public InputNode<T> Input(string name, int cols, bool requiresGradient = false) =>
        Add(new InputNode<T>(name, Batch, cols) { RequiresGradient = requiresGradient });

    /// <summary>A trainable tensor (zero; initialise it, e.g. with <see cref="Initializer"/>).</summary>
    public Parameter<T> Parameter(string name, int rows, int cols)
    {
        var p = new Parameter<T>(name, rows, cols);
        _parameters.Add(p);
        return p;
    }

    /// <summary>A parameter as an operand (for broadcasting).</summary>
    public Node<T> Use(Parameter<T> p) => Add(new ParameterNode<T>(p));

    /// <summary>x W + b.</summary>
    public Node<T> Linear(Node<T> x, Parameter<T> w, Parameter<T> b) => Add(new LinearNode<T>(x, w, b, _pool.Count));

    /// <summary>An elementwise function.</summary>
    public Node<T> Apply(UnaryFunction f, Node<T> x, double exponent = 0) => Add(new UnaryNode<T>(x, f, T.CreateChecked(exponent)));

    /// <summary>tanh(x).</summary>
    public Node<T> Tanh(Node<T> x) => Apply(UnaryFunction.Tanh, x);

    /// <summary>a (op) b, b broadcast as a row vector, column vector or scalar.</summary>
    public Node<T> Binary(BinaryOperator op, Node<T> a, Node<T> b) => Add(new BinaryNode<T>(a, b, op, _pool.Count));

    /// <summary>Columns [first, first + count).</summary>
    public Node<T> Slice(Node<T> x, int first, int count) => Add(new SliceNode<T>(x, first, count));

    /// <summary>Columns of a, then of b.</summary>
    public Node<T> Concat(Node<T> a, Node<T> b) => Add(new ConcatNode<T>(a, b));

    /// <summary>Sum of all elements.</summary>
    public Node<T> Sum(Node<T> x) => Add(new ReduceNode<T>(x, mean: false));

    /// <summary>Mean of all elements.</summary>
    public Node<T> Mean(Node<T> x) => Add(new ReduceNode<T>(x, mean: true));

    /// <summary>Mean squared error.</summary>
    public Node<T> MseLoss(Node<T> prediction, Node<T> target) => Add(new MseLossNode<T>(prediction, target));

    /// <summary>Runs every operation; returns the last one's first value (the loss) and checks it is finite.</summary>
    public T Forward()
    {
        foreach (var node in _nodes)
        {
            if (node.ReducesRows) node.Forward(0, Batch, 0);
            else Run(node, forward: true, node.Value.Rows);
        }
        var last = _nodes[^1];
        T loss = last.Value.Data[0];
        if (last.Value.Data.Length == 1 && !T.IsFinite(loss)) throw new EngineException(NonFiniteMessage(loss));
        return loss;
    }

    /// <summary>Gradients of the last operation's first value with respect to every node and parameter.</summary>
    public void Backward()
    {
        foreach (var node in _nodes)
            if (node.Grad.Rows != Batch) Array.Clear(node.Grad.Data);
        _pool.Run(_zero, Batch);
        foreach (var p in _parameters) Array.Clear(p.Grad.Data);
        _nodes[^1].Grad.Data[0] = T.One;
        for (int i = _nodes.Count - 1; i >= 0; i--)
        {
            var node = _nodes[i];
            node.BeforeBackward();
            Run(node, forward: false, Batch);
            node.AfterBackward();
        }
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose() => _pool.Dispose();

    private void Run(Node<T> node, bool forward, int rows)
    {
        _work.Node = node;
        _work.Forward = forward;
        _pool.Run(_work, rows);
    }

    private TNode Add<TNode>(TNode node) where TNode : Node<T>
    {
        _nodes.Add(node);
        return node;
    }

    private string NonFiniteMessage(T loss)
    {
        foreach (var node in _nodes)
        {
            int bad = Array.FindIndex(node.Value.Data, v => !T.IsFinite(v));
            if (bad >= 0)
                return $"forward: the loss is {loss}; the first non-finite value appears in '{node.Name}' {node.Value.Shape} at row {bad / Math.Max(1, node.Value.Cols)}, column {bad % Math.Max(1, node.Value.Cols)}";
        }
        return $"forward: the loss is {loss}";
    }

    private sealed class NodeWork : IRangeWork
    {
        public Node<T> Node = null!;
        public bool Forward;

        public void Execute(int start, int end, int worker)
        {
            if (Forward) Node.Forward(start, end, worker);
            else Node.Backward(start, end, worker);
        }
    }

    private sealed class ZeroWork(List<Node<T>> nodes, int batch) : IRangeWork
    {
        public void Execute(int start, int end, int worker)
        {
            foreach (var node in nodes)
                if (node.Grad.Rows == batch) Array.Clear(node.Grad.Data, start * node.Grad.Cols, (end - start) * node.Grad.Cols);
        }
    }
}
