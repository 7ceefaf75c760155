namespace EqNet.Problems;

/// <summary>How the model should see an input (problem-file key <c>transform</c>); the scaling layer decides for <see cref="Auto"/>.</summary>
public enum InputTransformKind
{
    /// <summary>Let EqNet choose from the domain (the default).</summary>
    Auto,

    /// <summary>Take the logarithm, then map affinely; needs a positive input.</summary>
    Log,

    /// <summary>Map affinely to [-1, 1] without a logarithm.</summary>
    Linear,
}
