namespace EqNet.Sampling;

/// <summary>The smallest and largest value of one input observed on a probe sample.</summary>
/// <param name="Name">The input's name.</param>
/// <param name="Min">Smallest observed value.</param>
/// <param name="Max">Largest observed value.</param>
public sealed record InputRange(string Name, double Min, double Max);
