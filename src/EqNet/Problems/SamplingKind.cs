namespace EqNet.Problems;

/// <summary>How an input is drawn between its bounds (problem-file key <c>sampling</c>).</summary>
public enum SamplingKind
{
    /// <summary>Uniform on [min, max] (<c>sampling: uniform</c>, the default).</summary>
    Uniform,

    /// <summary>Log-uniform on [min, max]: uniform in log space, so every decade gets the same share; needs min &gt; 0.</summary>
    Log,

    /// <summary>Uniform over the integers in [ceil(min), floor(max)].</summary>
    Integer,
}
