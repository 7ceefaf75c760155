using System.Numerics;

namespace EqNet.Engine.Ops;

/// <summary>
/// a (op) b, elementwise, with b broadcast when it is a row vector [1 x cols], a column vector [rows x 1] or a scalar
/// [1 x 1]. Gradients that reduce over the batch (row vector, scalar) are summed per worker, then in worker order.
/// </summary>
public sealed class BinaryNode<T> : Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Node<T> _a, _b;
    private readonly BinaryOperator _op;
    private readonly bool _rowVector, _columnVector;
    private readonly T[][] _partial;

    /// <summary>Creates the node.</summary>
    public BinaryNode(Node<T> a, Node<T> b, BinaryOperator op, int workers)
        : base(op.ToString().ToLowerInvariant(), a.Value.Rows, a.Value.Cols)
    {
        var (ra, ca, rb, cb) = (a.Value.Rows, a.Value.Cols, b.Value.Rows, b.Value.Cols);
        bool same = ra == rb && ca == cb;
        _rowVector = !same && rb == 1 && (cb == ca || cb == 1);
        _columnVector = !same && !_rowVector && rb == ra && cb == 1;
        if (!same && !_rowVector && !_columnVector)
            throw new EngineException($"{Name}: a {a.Value.Shape} and b {b.Value.Shape} do not broadcast; b must be {a.Value.Shape}, [1 x {ca}], [{ra} x 1] or [1 x 1]");
        _a = a;
        _b = b;
        _op = op;
        _partial = _rowVector ? Enumerable.Range(0, workers).Select(_ => new T[cb]).ToArray() : [];
    }

    private T B(int r, int c) => _rowVector ? _b.Value.Data[_b.Value.Cols == 1 ? 0 : c] : _columnVector ? _b.Value.Data[r] : _b.Value.Data[r * Value.Cols + c];

    /// <inheritdoc />
    public override void Forward(int start, int end, int worker)
    {
        int cols = Value.Cols;
        var a = _a.Value.Data;
        var y = Value.Data;
        for (int r = start; r < end; r++)
            for (int c = 0; c < cols; c++)
            {
                T x = a[r * cols + c], z = B(r, c);
                y[r * cols + c] = _op switch
                {
                    BinaryOperator.Add => x + z,
                    BinaryOperator.Subtract => x - z,
                    BinaryOperator.Multiply => x * z,
                    _ => x / z,
                };
            }
    }

    /// <inheritdoc />
    public override void BeforeBackward()
    {
        foreach (var p in _partial) Array.Clear(p);
    }

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker)
    {
        int cols = Value.Cols;
        var a = _a.Value.Data;
        var dy = Grad.Data;
        var da = _a.Grad.Data;
        var db = _b.Grad.Data;
        for (int r = start; r < end; r++)
            for (int c = 0; c < cols; c++)
            {
                int at = r * cols + c;
                T g = dy[at], x = a[at], z = B(r, c);
                // d(a op b)/da and d(a op b)/db, side by side.
                var (gx, gz) = _op switch
                {
                    BinaryOperator.Add => (g, g),
                    BinaryOperator.Subtract => (g, -g),
                    BinaryOperator.Multiply => (g * z, g * x),
                    _ => (g / z, -g * x / (z * z)),
                };
                da[at] += gx;
                if (_rowVector) _partial[worker][_b.Value.Cols == 1 ? 0 : c] += gz;
                else if (_columnVector) db[r] += gz;
                else db[at] += gz;
            }
    }

    /// <inheritdoc />
    public override void AfterBackward()
    {
        if (!_rowVector) return;
        foreach (var p in _partial) System.Numerics.Tensors.TensorPrimitives.Add(_b.Grad.Data, p, _b.Grad.Data);
    }
}
