namespace EqNet.Problems;

/// <summary>
/// An unknown constant of the equations (the <c>parameters</c> section), fitted to measured data by least squares.
/// </summary>
/// <param name="Name">The name the equations use.</param>
/// <param name="Start">Where the fit starts, or null to let EqNet search (multi-start within the bounds, or over decades).</param>
/// <param name="Min">A lower bound for the search, or null. Starts are drawn inside the bounds; an estimate outside them is reported.</param>
/// <param name="Max">An upper bound for the search, or null.</param>
/// <param name="Log">Whether the parameter is positive and varies over decades: it is fitted as log(value) and its starts are log-spaced.</param>
/// <param name="Line">1-based line of the parameter in the problem file (0 when unknown).</param>
public sealed record ParameterSpec(string Name, double? Start, double? Min, double? Max, bool Log, int Line);
