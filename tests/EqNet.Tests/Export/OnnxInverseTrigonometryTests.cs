using EqNet.Export;
using EqNet.Expressions;
using EqNet.Models;

namespace EqNet.Tests.Export;

public class OnnxInverseTrigonometryTests
{
    /// <summary>
    /// atan over eight decades each side and its infinities, asin and acos over [-1, 1] with their ends and small angles:
    /// ONNX Runtime's float64 graph agrees with Math.Atan, Math.Asin and Math.Acos to a few ulps, relative.
    /// </summary>
    [Fact]
    public void AtanAsinAndAcosAgreeWithTheRuntimesToAFewUlps()
    {
        var model = new FormulaModel(TestProblems.Inline("""
            name: inverse-trigonometry
            inputs:
              a: {min: -1, max: 1}
              u: {min: -1, max: 1}
            outputs: [p, q, r]
            equations:
              - p = atan(a)
              - q = asin(u)
              - r = acos(u)
            """), [Expr.Parse("atan(a)"), Expr.Parse("asin(u)"), Expr.Parse("acos(u)")]);
        var rows = new List<(double A, double U)>();
        foreach (double m in new[] { 0, 1e-300, 1e-12, 1e-5, 0.1, 0.19, 0.2, 0.41, 0.5, 0.99, 1, 1.01, 2.4, 10, 1e4, 1e8, 1e150, double.PositiveInfinity })
            rows.AddRange([(m, 0.0), (-m, 0.0)]);
        foreach (double u in new[] { 0, 1e-300, 1e-9, 0.3, 0.7, 0.9999, 1 - 1e-12, 1 - 1.1e-16, 1 })
            rows.AddRange([(0.0, u), (0.0, -u)]);
        var random = new Random(3);
        for (int i = 0; i < 2000; i++) rows.Add((Math.Tan(Math.PI * (random.NextDouble() - 0.5)), 2 * random.NextDouble() - 1));
        var x = rows.SelectMany(r => new[] { r.A, r.U }).ToArray();
        var y = OnnxExporterTests.Run(OnnxExporter.Export((IPredictor)model), x, model);
        for (int i = 0; i < rows.Count; i++)
        {
            var (a, u) = rows[i];
            foreach (var (actual, expected, name) in new[] { (y[3 * i], Math.Atan(a), "atan"), (y[3 * i + 1], Math.Asin(u), "asin"), (y[3 * i + 2], Math.Acos(u), "acos") })
                Assert.True(Math.Abs(actual - expected) <= 8e-16 * Math.Abs(expected) + 1e-300,
                    $"{name}({(name == "atan" ? a : u):R}) = {actual:R}, Math gives {expected:R}");
        }
    }
}
