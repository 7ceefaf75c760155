namespace EqNet.Reporting;

/// <summary>The mapping of an <see cref="AxisScale"/>.</summary>
internal enum AxisScaleKind
{
    /// <summary>Values as they are.</summary>
    Linear,

    /// <summary>log10 of positive values.</summary>
    Log,

    /// <summary>asinh(value / width): linear near zero, logarithmic far from it, on both signs.</summary>
    Asinh,
}
