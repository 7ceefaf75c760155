using System.Numerics;
using EqNet.Engine.Kernels;

namespace EqNet.Engine;

/// <summary>Adam over a graph's parameters; moment buffers are allocated once.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class GraphAdam<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IReadOnlyList<Parameter<T>> _parameters;
    private readonly T[][] _m, _v;
    private int _t;

    /// <summary>Creates the optimiser; an empty parameter list is an error.</summary>
    public GraphAdam(IReadOnlyList<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    {
        if (parameters.Count == 0) throw new EngineException("adam: the optimiser was given no parameters");
        _parameters = parameters;
        _m = parameters.Select(p => new T[p.Value.Data.Length]).ToArray();
        _v = parameters.Select(p => new T[p.Value.Data.Length]).ToArray();
        LearningRate = T.CreateChecked(learningRate);
        (_beta1, _beta2, _epsilon, _decay) = (T.CreateChecked(beta1), T.CreateChecked(beta2), T.CreateChecked(epsilon), T.CreateChecked(weightDecay));
    }

    private readonly T _beta1, _beta2, _epsilon, _decay;

    /// <summary>Step size (a schedule may change it between steps).</summary>
    public T LearningRate { get; set; }

    /// <summary>Applies one update from the parameters' current gradients.</summary>
    public void Step()
    {
        _t++;
        for (int i = 0; i < _parameters.Count; i++)
            AdamKernel.Step<T>(_parameters[i].Value.Data, _parameters[i].Grad.Data, _m[i], _v[i], LearningRate, _beta1, _beta2, _epsilon, _t, _decay);
    }
}
