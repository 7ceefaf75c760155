using EqNet.Expressions;
using EqNet.Problems;
using EqNet.Sampling;
using EqNet.Symbolic;

namespace EqNet.Tests.Symbolic;

public class ClosedFormRootsTests
{
    /// <summary>A lens's two positions at a distance D from the object; D = 4f is the double root.</summary>
    private const string Lens = """
        inputs:
          f: {min: 0.05, max: 0.5}
          D: {min: NEAREST, max: 5*f}
        outputs:
          x: {min: 0}
          d: {min: 0}
        equations:
          - 1/x + 1/(D - x) = 1/f
          - d = D - 2*x
        """;

    /// <summary>Spherical coordinates: x, y, z from r, an azimuth and an elevation; y and el ranges filled in per case.</summary>
    private const string Spherical = """
        inputs:
          x: {min: -20, max: 20}
          y: Y_RANGE
          z: {min: 0.05, max: 15}
        outputs:
          r:  {min: 0}
          az: {min: 0, max: 3.1416}
          el: EL_RANGE
        equations:
          - x = r*cos(el)*cos(az)
          - y = r*cos(el)*sin(az)
          - z = r*sin(el)
        """;

    /// <summary>Laws whose outputs the equations give in closed form, each by another route (see the comment per law).</summary>
    public static TheoryData<string, string> Laws() => new()
    {
        // Reported case 12: t3 = phi - t1 - t2 substituted, the x and y equations squared and added (t2), then t1 from their ratio.
        { "three-link arm", """
            inputs:
              l1:  {min: 0.5, max: 1.5}
              l2:  {min: 0.5*l1, max: l1}
              l3:  {min: 0.1, max: 0.5}
              phi: {min: -3.1416, max: 3.1416}
              x:   {min: l3*cos(phi) + (l1 - l2) + 0.1*(l1 + l2), max: l3*cos(phi) + 0.95*(l1 + l2)}
              y:   {min: l3*sin(phi) - sqrt((0.95*(l1 + l2))^2 - (x - l3*cos(phi))^2), max: l3*sin(phi) + sqrt((0.95*(l1 + l2))^2 - (x - l3*cos(phi))^2)}
            outputs:
              t1: {min: -3.2, max: 1.6}
              t2: {min: 0, max: 3.1416}
              t3: {}
            equations:
              - x = l1*cos(t1) + l2*cos(t1 + t2) + l3*cos(t1 + t2 + t3)
              - y = l1*sin(t1) + l2*sin(t1 + t2) + l3*sin(t1 + t2 + t3)
              - phi = t1 + t2 + t3
            """ },
        // The angle sums written out as products (product-to-sum), the elbow bent the other way (t2 <= 0).
        { "two-link arm, products", """
            inputs:
              x: {min: 0.5, max: 1.2}
              y: {min: -0.6, max: 0.6}
            outputs:
              t1: {min: -1.6, max: 3.2}
              t2: {min: -3.1416, max: 0}
            equations:
              - x = cos(t1) + 0.8*(cos(t1)*cos(t2) - sin(t1)*sin(t2))
              - y = sin(t1) + 0.8*(sin(t1)*cos(t2) + cos(t1)*sin(t2))
            """ },
        // Three quadrants: no half-plane holds the point, the half-angle form 2 atan(y / (r + x)) does.
        { "polar, three quadrants", """
            inputs:
              x: {min: -10, max: 10}
              y: {min: -5 - 5*sign(x - 0.1), max: 10}
            outputs:
              r:  {min: 0}
              th: {min: -1.5708, max: 3.1416}
            equations:
              - x = r*cos(th)
              - y = r*sin(th)
            """ },
        // One equation a cos(t4) + b sin(t4) = c (Freudenstein's): t4 = arg(a + ib) +- acos(c / |a + ib|).
        { "four-bar", """
            inputs:
              a:  {min: 0.1, max: 0.3}
              c:  {min: 0.4, max: 0.9}
              b:  {min: a + 1 - c + 0.05, max: c + 1 - a - 0.05}
              t2: {min: 0, max: 6.2832}
            outputs:
              t4: {min: 0, max: 3.1416}
            equations:
              - 1/a*cos(t4) - 1/c*cos(t2) + (a^2 - b^2 + c^2 + 1)/(2*a*c) = cos(t2 - t4)
            """ },
        // tan(th) and 1/cos(th)^2 only: a quadratic in tan(th), the lower launch angle by the bound.
        { "launch angle", """
            inputs:
              v: {min: 5, max: 40}
              x: {min: 1, max: 0.98*v^2/9.81}
              y: {min: -0.5*x, max: x - 9.81*x^2/v^2}
            outputs:
              th: {min: -1.2, max: 0.7854}
            equations:
              - y = x*tan(th) - 9.81*x^2/(2*v^2*cos(th)^2)
            """ },
        // 1/x + 1/(D - x) = 1/f is a quadratic once its denominators are cleared; near its double root (D -> 4f).
        { "lens positions", Lens.Replace("NEAREST", "4.0004*f", StringComparison.Ordinal) },
        // The modulus of the pair is a quadratic in the time T; the angle then follows from the pair.
        { "intercept course", """
            inputs:
              u:  {min: 5, max: 20}
              vx: {min: -0.9*u, max: 0.9*u}
              x0: {min: -5000, max: 5000}
              y0: {min: 100, max: 5000}
            outputs:
              T:  {min: 0}
              th: {min: 0, max: 3.1416}
            equations:
              - x0 + vx*T = u*T*cos(th)
              - y0 = u*T*sin(th)
            """ },
        // Spherical coordinates: az from the x, y pair with r cos(el) as its amplitude, which that pair's modulus gives
        // (r cos(el) = sqrt(x^2 + y^2)); that and z = r sin(el) are a pair in el.
        { "azimuth and elevation", Spherical.Replace("Y_RANGE", "{min: 0.5, max: 20}", StringComparison.Ordinal)
            .Replace("EL_RANGE", "{min: -1.5708, max: 1.5708}", StringComparison.Ordinal) },
        // Past the zenith: r cos(el) < 0, so the modulus step's r cos(el) = -sqrt(x^2 + y^2) is the one that holds.
        { "azimuth and elevation past the zenith", Spherical.Replace("Y_RANGE", "{min: -20, max: -0.5}", StringComparison.Ordinal)
            .Replace("EL_RANGE", "{min: 1.5708, max: 3.1416}", StringComparison.Ordinal) },
        // One sine, the obtuse branch: t = pi - asin(x / w).
        { "obtuse asin", """
            inputs:
              x: {min: 0.2, max: 0.8}
              w: {min: 1, max: 2}
            outputs:
              t: {min: 1.6, max: 3.1}
            equations:
              - w*sin(t) = x
            """ },
        // sin^2 and cos^2 with tan: a quadratic in tan(t), tan(t)^2 - w tan(t) - x = 0.
        { "tangent with even powers", """
            inputs:
              x: {min: 0.2, max: 0.8}
              w: {min: 1, max: 2}
            outputs:
              t: {min: 0, max: 1.5}
            equations:
              - sin(t)^2 = x*cos(t)^2 + w*tan(t)*cos(t)^2
            """ },
        // A complex gain: Vout = G e^(i ph) Vin, the coefficient of e^(i ph) complex (|Vin| divides out in the modulus).
        { "complex gain and phase", """
            inputs:
              vin_re:  {min: 0.5, max: 1}
              vin_im:  {min: -0.5, max: 0.5}
              vout_re: {min: -2, max: 2}
              vout_im: {min: -2.5, max: (vin_im*vout_re - 0.05*vin_re)/vin_re}
            outputs:
              G:  {min: 0}
              ph: {min: -3.1416, max: 0}
            equations:
              - vout_re = G*(vin_re*cos(ph) - vin_im*sin(ph))
              - vout_im = G*(vin_re*sin(ph) + vin_im*cos(ph))
            """ },
        // Linear in cos(nu) once its denominator is cleared; then tan(E/2) is linear in tan(nu/2).
        { "orbit anomalies", """
            inputs:
              p:   {min: 7000, max: 50000, sampling: log}
              ecc: {min: 0.01, max: 0.9}
              r:   {min: 1.0001*p/(1 + ecc), max: 0.9999*p/(1 - ecc)}
            outputs:
              nu: {min: 0, max: 3.1416}
              E:  {min: 0, max: 3.1416}
            equations:
              - r = p/(1 + ecc*cos(nu))
              - tan(nu/2) = sqrt((1 + ecc)/(1 - ecc))*tan(E/2)
            """ },
        // t = D cos(alpha) - R cos(i) substituted, a quadratic in cos(i); i near 0 (grazing) is known from cos(i) only to
        // sqrt(eps), where Newton's and the closed form's differ beyond the agreement but both solve the equations.
        { "ray grazing a sphere", """
            inputs:
              R:     {min: 0.001, max: 0.1, sampling: log}
              D:     {min: 1.05*R, max: 50*R, sampling: log}
              alpha: {min: 0, max: 0.99999*asin(R/D)}
            outputs:
              t: {min: 0}
              i: {min: 0, max: 1.5708}
            equations:
              - (t*cos(alpha) - D)^2 + (t*sin(alpha))^2 = R^2
              - R*cos(i) = D*cos(alpha) - t
            """ },
        // The output occurs once, inside functions with single-valued inverses: undone (erfinv, log1p's expm1, tan).
        { "isolated: erf, log1p, atan", """
            inputs:
              c: {min: -0.95, max: 0.95}
              s: {min: 1, max: 10}
              k: {min: 0.1, max: 2}
            outputs:
              z: {}
              w: {min: 0}
              a: {}
            equations:
              - erf(z/s) = c
              - log1p(w) = k*s
              - 3*atan(a) + k = c
            """ },
        // Angles in degrees; GS is held linearly by both equations, and the one whose slope (cos of the course) passes
        // through 0 is not the one solved for it; the heading sweeps 260 degrees, so its arg is cut in the widest gap.
        { "wind triangle in degrees", """
            inputs:
              V:   {min: 80, max: 250}
              w:   {min: 0, max: 0.4*V}
              wd:  {min: 0, max: 360}
              crs: {min: 20, max: 160}
            outputs:
              hdg: {min: -40, max: 220}
              GS:  {min: 0}
            equations:
              - GS*cos(pi*crs/180) = V*cos(pi*hdg/180) - w*cos(pi*wd/180)
              - GS*sin(pi*crs/180) = V*sin(pi*hdg/180) - w*sin(pi*wd/180)
            """ },
    };

    /// <summary>Every output gets a closed form that satisfies every equation to rounding and stays within its bounds.</summary>
    [Theory]
    [MemberData(nameof(Laws))]
    public void EveryOutputGetsAClosedFormThatSolvesTheEquations(string law, string yaml)
    {
        var problem = TestProblems.Inline(yaml);
        const int n = 2000;
        var sample = new DomainSampler(problem).Sample(n, 5);
        var (_, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string>());
        Assert.All(roots, r => Assert.NotNull(r));
        // Checked on another sample than the one they were chosen on.
        sample = new DomainSampler(problem).Sample(n, 6);
        var inputs = problem.Inputs.Select(i => i.Name).ToArray();
        var values = roots.Select(r => ZeroStructure.Evaluate(r!, inputs, sample, n)).ToArray();
        for (int i = 0; i < n; i++)
        {
            var point = inputs.Select((name, k) => (name, sample[i * inputs.Length + k])).ToDictionary(p => p.name, p => p.Item2);
            for (int j = 0; j < roots.Length; j++)
            {
                var output = problem.Outputs[j];
                point[output.Name] = values[j][i];
                Assert.InRange(values[j][i], (output.Min ?? double.NegativeInfinity) - 1e-9, (output.Max ?? double.PositiveInfinity) + 1e-9);
            }
            foreach (var equation in problem.Equations.Select(e => e.Equation))
            {
                double residual = equation.Lhs.Evaluate(point) - equation.Rhs.Evaluate(point);
                double scale = AdditiveTerms.Of(equation.Lhs).Concat(AdditiveTerms.Of(equation.Rhs)).Sum(t => Math.Abs(t.Evaluate(point)));
                Assert.True(Math.Abs(residual) <= 1e-11 * scale, $"{law}: {equation} off by {Math.Abs(residual) / scale:E2} of its scale at row {i}");
            }
        }
    }

    [Fact]
    public void TheThreeLinkArmsAnglesAreTheTextbookInverseKinematics()
    {
        var problem = TestProblems.Inline((string)Laws().First()[1]);
        const int n = 1000;
        var sample = new DomainSampler(problem).Sample(n, 7);
        var (_, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string>());
        var inputs = problem.Inputs.Select(i => i.Name).ToArray();
        var t = roots.Select(r => ZeroStructure.Evaluate(r!, inputs, sample, n)).ToArray();
        for (int i = 0; i < n; i++)
        {
            var (l1, l2, l3, phi, x, y) = (sample[6 * i], sample[6 * i + 1], sample[6 * i + 2], sample[6 * i + 3], sample[6 * i + 4], sample[6 * i + 5]);
            double wx = x - l3 * Math.Cos(phi), wy = y - l3 * Math.Sin(phi);
            double t2 = Math.Acos((wx * wx + wy * wy - l1 * l1 - l2 * l2) / (2 * l1 * l2));
            double t1 = Math.Atan2(wy, wx) - Math.Atan2(l2 * Math.Sin(t2), l1 + l2 * Math.Cos(t2));
            Assert.Equal(t1, t[0][i], 1e-10);
            Assert.Equal(t2, t[1][i], 1e-10);
            Assert.Equal(phi - t1 - t2, t[2][i], 1e-10);
        }
    }

    /// <summary>
    /// Explicit outputs beside the arm's angles do not count as closed forms found: the search with unbounded outputs
    /// substituted first still runs (it is the one that solves t1 and t3).
    /// </summary>
    [Fact]
    public void ExplicitOutputsBesideAnImplicitSystemDoNotStopTheSecondSearch()
    {
        var arm = (string)Laws().First()[1];
        var yaml = arm.Replace("  t3: {}", "  t3: {}\n  reach: {}\n  wrist: {}", StringComparison.Ordinal)
            .Replace("  - phi = t1 + t2 + t3", "  - phi = t1 + t2 + t3\n  - reach = sqrt(x^2 + y^2)\n  - wrist = x - l3*cos(phi)", StringComparison.Ordinal);
        var problem = TestProblems.Inline(yaml);
        Assert.Equal(5, problem.Outputs.Count);
        const int n = 1000;
        var sample = new DomainSampler(problem).Sample(n, 3);
        var (_, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string> { "reach", "wrist" });
        Assert.All(roots.Take(3), r => Assert.NotNull(r));
        Assert.Null(roots[3]);
        Assert.Null(roots[4]);
    }

    /// <summary>A lens at its double root (D = 4f exactly): rounding takes the discriminant below 0, the root stays finite.</summary>
    [Fact]
    public void AtTheDoubleRootTheRootIsFinite()
    {
        var problem = TestProblems.Inline(Lens.Replace("NEAREST", "4*f", StringComparison.Ordinal));
        const int n = 1000;
        var sample = new DomainSampler(problem).Sample(n, 2);
        var (_, roots) = ClosedFormRoots.Of(problem, sample, n, new HashSet<string>());
        for (int i = 0; i < n; i++) sample[2 * i + 1] = 4 * sample[2 * i];
        var x = ZeroStructure.Evaluate(roots[0]!, ["f", "D"], sample, n);
        for (int i = 0; i < n; i++) Assert.Equal(2 * sample[2 * i], x[i], 1e-7 * sample[2 * i]);
    }

    /// <summary>Points round the origin but off the positive real axis: the second half-angle form, in (0, 2 pi).</summary>
    [Fact]
    public void AnArgThatGoesRoundTheOriginIsTheHalfAngleForm()
    {
        const int n = 500;
        var random = new Random(4);
        var values = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            double angle = 0.05 + (2 * Math.PI - 0.1) * random.NextDouble(), radius = 0.5 + random.NextDouble();
            (values[2 * i], values[2 * i + 1]) = (radius * Math.Cos(angle), radius * Math.Sin(angle));
        }
        var sample = new DesignSample(["re", "im"], values, n);
        var forms = AngleStructure.Arg(Expr.Parse("re"), Expr.Parse("im"), sample).ToList();
        Assert.Equal(2, forms.Count);
        var second = ZeroStructure.Evaluate(forms[1], ["re", "im"], values, n);
        // The rotated form puts its cut in the widest gap of the directions (here about the positive real axis): theta0 = -pi.
        var third = ZeroStructure.Evaluate(AngleStructure.RotatedArg(Expr.Parse("re"), Expr.Parse("im"), sample)!, ["re", "im"], values, n);
        for (int i = 0; i < n; i++)
        {
            double expected = Math.Atan2(values[2 * i + 1], values[2 * i]);
            if (expected < 0) expected += 2 * Math.PI;
            Assert.Equal(expected, second[i], 1e-12);
            Assert.Equal(expected - 2 * Math.PI, third[i], 1e-12);
        }
    }

    [Theory]
    [InlineData("p = y - q*sin(y)")]
    [InlineData("p = sin(y**2) + q*y")]
    [InlineData("p = y*sin(y)")]
    public void AnAngleThatIsNoRootOfASineCosineOrTangentEquationGetsNothing(string equation)
    {
        var problem = TestProblems.Inline("""
            inputs: {p: {min: 1, max: 2}, q: {min: 0.1, max: 0.5}}
            outputs: {y: {min: 0, max: 3}}
            equations: ["EQUATION"]
            """.Replace("EQUATION", equation));
        var sample = new DomainSampler(problem).Sample(300, 3);
        Assert.Null(ClosedFormRoots.Of(problem, sample, 300, new HashSet<string>()).Roots[0]);
    }
}
