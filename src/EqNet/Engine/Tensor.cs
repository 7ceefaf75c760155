using System.Numerics;

namespace EqNet.Engine;

/// <summary>A dense 2-D array (rows = batch, columns = features), row-major, float or double.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Tensor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates a zero tensor.</summary>
    public Tensor(int rows, int cols)
    {
        if (rows < 0 || cols < 0) throw new EngineException($"tensor shape [{rows} x {cols}] has a negative size");
        Rows = rows;
        Cols = cols;
        Data = new T[rows * cols];
    }

    /// <summary>Rows (the batch dimension).</summary>
    public int Rows { get; }

    /// <summary>Columns (features).</summary>
    public int Cols { get; }

    /// <summary>The values, row-major.</summary>
    public T[] Data { get; }

    /// <summary>One row.</summary>
    public Span<T> Row(int r) => Data.AsSpan(r * Cols, Cols);

    /// <summary>Rows [start, end) as one span.</summary>
    public Span<T> RowRange(int start, int end) => Data.AsSpan(start * Cols, (end - start) * Cols);

    /// <summary>Element access.</summary>
    public T this[int r, int c]
    {
        get => Data[r * Cols + c];
        set => Data[r * Cols + c] = value;
    }

    /// <summary>"[rows x cols]".</summary>
    public string Shape => $"[{Rows} x {Cols}]";
}
