using System.Numerics;
using EqNet.Engine.Ops;

namespace EqNet.Engine.Benchmarks;

/// <summary>MLP 5-64-64-64-1 with tanh on a fixed random batch (seed 0), with or without an MSE loss.</summary>
public sealed class ReferenceNetwork<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private ReferenceNetwork(Graph<T> graph) => Graph = graph;

    /// <summary>The recorded graph.</summary>
    public Graph<T> Graph { get; }

    /// <summary>Builds and initialises the network.</summary>
    public static ReferenceNetwork<T> Build(int batch, int threads, bool withLoss, int seed = 0)
    {
        var g = new Graph<T>(batch, threads);
        var random = new Random(seed);
        var x = g.Input("x", 5);
        Fill(x.Value.Data, random);
        Node<T> h = x;
        int[] sizes = [5, 64, 64, 64, 1];
        for (int l = 1; l < sizes.Length; l++)
        {
            var w = g.Parameter($"W{l}", sizes[l - 1], sizes[l]);
            var b = g.Parameter($"b{l}", 1, sizes[l]);
            Initializer.Xavier(w, random);
            h = g.Linear(h, w, b);
            if (l < sizes.Length - 1) h = g.Tanh(h);
        }
        if (withLoss)
        {
            var target = g.Input("y", 1);
            Fill(target.Value.Data, random);
            g.MseLoss(h, target);
        }
        return new ReferenceNetwork<T>(g);
    }

    private static void Fill(T[] data, Random random)
    {
        for (int i = 0; i < data.Length; i++)
            data[i] = T.CreateChecked(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }

    /// <inheritdoc />
    public void Dispose() => Graph.Dispose();
}
