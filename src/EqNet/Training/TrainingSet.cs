using EqNet.Features;


namespace EqNet.Training;

/// <summary>A batch of training points: raw inputs and their features, both row-major.</summary>
internal sealed class TrainingSet
{
    public TrainingSet(double[] inputs, int count, FeatureMap map)
    {
        Inputs = inputs;
        Count = count;
        Features = map.Compute(inputs, count);
    }

    public double[] Inputs { get; }

    public double[] Features { get; }

    public int Count { get; }
}
