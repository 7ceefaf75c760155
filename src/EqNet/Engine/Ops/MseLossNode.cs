using System.Numerics;

namespace EqNet.Engine.Ops;

/// <summary>mean((prediction - target)^2) as [1 x 1]; gradient 2 (prediction - target) / count to the prediction.</summary>
public sealed class MseLossNode<T> : Node<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Node<T> _prediction, _target;

    /// <summary>Creates the node.</summary>
    public MseLossNode(Node<T> prediction, Node<T> target) : base("mse", 1, 1)
    {
        if (prediction.Value.Rows != target.Value.Rows || prediction.Value.Cols != target.Value.Cols)
            throw new EngineException($"mse: prediction {prediction.Value.Shape} and target {target.Value.Shape} differ");
        if (prediction.Value.Data.Length == 0) throw new EngineException($"mse: empty batch {prediction.Value.Shape}");
        _prediction = prediction;
        _target = target;
    }

    /// <inheritdoc />
    public override bool ReducesRows => true;

    /// <inheritdoc />
    public override void Forward(int start, int end, int worker)
    {
        T sum = T.Zero;
        var p = _prediction.Value.Data;
        var t = _target.Value.Data;
        for (int i = 0; i < p.Length; i++) { T d = p[i] - t[i]; sum += d * d; }
        Value.Data[0] = sum / T.CreateChecked(p.Length);
    }

    /// <inheritdoc />
    public override void Backward(int start, int end, int worker)
    {
        int cols = _prediction.Value.Cols;
        T scale = (T.One + T.One) * Grad.Data[0] / T.CreateChecked(_prediction.Value.Data.Length);
        var p = _prediction.Value.Data;
        var t = _target.Value.Data;
        var dp = _prediction.Grad.Data;
        for (int i = start * cols; i < end * cols; i++) dp[i] += scale * (p[i] - t[i]);
    }
}
