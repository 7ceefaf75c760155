namespace EqNet.Export;

/// <summary>
/// atan, asin and acos as float64 ONNX nodes: ONNX Runtime evaluates its Atan, Asin and Acos kernels in float32 only,
/// and a closed form read from the equations (an arm's joint angle) needs them in float64.
/// </summary>
internal static class OnnxInverseTrigonometry
{
    /// <summary>
    /// atan(x): for |x| &gt; 1, sign(x) pi/2 - atan(1/x); then two halvings of the angle, t -&gt; t / (1 + sqrt(1 + t^2)),
    /// bring |t| to tan(pi/16) = 0.199 or less, where the Taylor series to t^23 is exact to 1.5e-17 relative; times 4.
    /// </summary>
    public static string Atan(OnnxGraphBuilder g, string x)
    {
        string large = g.Binary("Greater", g.Unary("Abs", x), g.Scalar(1));
        string t = g.Node("Where", [large, g.Binary("Div", g.Scalar(1), x), x]);
        for (int k = 0; k < 2; k++)
            t = g.Binary("Div", t, g.Binary("Add", g.Scalar(1), g.Unary("Sqrt", g.Binary("Add", g.Scalar(1), g.Binary("Mul", t, t)))));
        string t2 = g.Binary("Mul", t, t);
        // Horner in t^2 of sum_n (-1)^n t^(2n+1) / (2n+1), n = 0..11.
        string series = g.Scalar(-1.0 / 23);
        for (int n = 10; n >= 0; n--)
            series = g.Binary("Add", g.Binary("Mul", series, t2), g.Scalar((n % 2 == 0 ? 1.0 : -1.0) / (2 * n + 1)));
        string small = g.Binary("Mul", g.Scalar(4), g.Binary("Mul", series, t));
        string reflected = g.Binary("Sub", g.Binary("Mul", g.Unary("Sign", x), g.Scalar(Math.PI / 2)), small);
        return g.Node("Where", [large, reflected, small]);
    }

    /// <summary>asin(u) = atan(u / sqrt((1 - u)(1 + u))); +-pi/2 at u = +-1 (the ratio is infinite, its reciprocal 0).</summary>
    public static string Asin(OnnxGraphBuilder g, string u) =>
        Atan(g, g.Binary("Div", u, g.Unary("Sqrt", g.Binary("Mul", g.Binary("Sub", g.Scalar(1), u), g.Binary("Add", g.Scalar(1), u)))));

    /// <summary>acos(u) = 2 atan(sqrt((1 - u) / (1 + u))): exact to rounding for small angles too, where pi/2 - asin(u) cancels.</summary>
    public static string Acos(OnnxGraphBuilder g, string u) =>
        g.Binary("Mul", g.Scalar(2), Atan(g, g.Unary("Sqrt", g.Binary("Div", g.Binary("Sub", g.Scalar(1), u), g.Binary("Add", g.Scalar(1), u)))));
}
