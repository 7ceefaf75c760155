using System.Collections.Concurrent;
using System.Diagnostics;
using EqNet.Expressions;

namespace EqNet.Discovery;

/// <summary>
/// The expression stage: trees <c>c0 * m0 * g(c1 * m1)^p</c> with m0, m1 monomials of the basis quantities, g a unary
/// function of the expression language (exp, sin, cos, tanh, log, atan, sinh, cosh, erf, erfc), p a small integer or half and
/// c0, c1 fitted constants: <c>A*exp(-Ea/(R*T))</c>, <c>sin(E*t/hbar)^2</c>, <c>x*sin(y)</c>, <c>n*m*tanh(m*B/(k*T))</c>.
/// For a given (g, m1, c1) the outer part is linear in log space, log|y| = sum_k a_k log v_k + p log|g| + log|c0|, so
/// it is fitted by least squares; c1 is searched on a logarithmic grid, refined by golden section, and after the
/// exponents are rounded c0 and c1 are polished by Gauss-Newton on the relative residual. The inner arguments m1 are
/// the monomials of low degree plus those the power-law stage selected (its seeds). (g, m1) pairs run in parallel.
/// </summary>
public static class ExpressionSearch
{
    private static readonly (MathFunction F, Func<double, double> Apply)[] Functions =
    [
        (MathFunction.Exp, Math.Exp), (MathFunction.Sin, Math.Sin), (MathFunction.Cos, Math.Cos), (MathFunction.Tanh, Math.Tanh),
        (MathFunction.Log, Math.Log), (MathFunction.Atan, Math.Atan), (MathFunction.Sinh, Math.Sinh), (MathFunction.Cosh, Math.Cosh),
        // Diffusion and the normal distribution: C0*erfc(x/(2*sqrt(D*t))), erf(x/(sigma*sqrt(2))).
        (MathFunction.Erf, SpecialFunctions.Erf), (MathFunction.Erfc, SpecialFunctions.Erfc),
    ];

    /// <summary>Inner-argument scales tried before refinement: 10^-3..10^3 in quarter decades, both signs, plus 2 pi and pi.</summary>
    private static readonly double[] Grid = [.. Enumerable.Range(-12, 25).Select(k => Math.Pow(10, k / 4.0)).Concat([Math.PI, 2 * Math.PI, 0.5]).SelectMany(v => new[] { v, -v })];

    /// <summary>How many (g, m1, c1) settings, best by log-space residual, are refined and rounded.</summary>
    private const int Refined = 24;

    /// <summary>Finds candidates for output <paramref name="output"/>.</summary>
    public static List<FormulaCandidate> Run(int output, DiscoveryContext context, IReadOnlyList<FormulaCandidate> seeds, Stopwatch clock, double deadline)
    {
        var positive = Enumerable.Range(0, context.Basis.Count).Where(k => context.Basis.Positive[k]).ToArray();
        var keep = Enumerable.Range(0, context.Count).Where(i => context.Y[i] != 0 && double.IsFinite(context.Y[i])).ToArray();
        if (keep.Length < 20) return [];
        var (space, _) = context.Space(keep, FactorKind.None);
        var logBasis = positive.Select(k => space.Column(new Atom(Unit(space.Width, k), -1)).Select(v => Math.Log(v)).ToArray()).ToList();
        logBasis.Add(Enumerable.Repeat(1.0, keep.Length).ToArray());
        var logY = keep.Select(i => Math.Log(Math.Abs(context.Y[i]))).ToArray();
        var inner = space.Monomials(3, 400).Where(m => m.Support > 0).ToList();
        inner.AddRange(context.SeedMonomials.Where(m => m.Support > 0 && !inner.Any(x => x.Exponents.SequenceEqual(m.Exponents))));

        var settings = new ConcurrentBag<(double Residual, int G, Monomial M1, double C1)>();
        var pairs = Enumerable.Range(0, Functions.Length).SelectMany(g => inner.Select(m => (g, m))).ToArray();
        Parallel.For(0, pairs.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, p =>
        {
            if (clock.Elapsed.TotalSeconds >= deadline) return;
            var (g, m1) = pairs[p];
            var u = space.Column(new Atom(m1, -1));
            double best = double.PositiveInfinity, bestC = 0;
            foreach (double c in Grid)
            {
                double r = LogResidual(Functions[g].Apply, u, c, logBasis, logY);
                if (r < best) { best = r; bestC = c; }
            }
            if (double.IsFinite(best)) settings.Add((best, g, m1, bestC));
        });

        var found = new ConcurrentBag<FormulaCandidate>();
        var top = settings.OrderBy(s => s.Residual).Take(Refined).ToArray();
        Parallel.For(0, top.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, t =>
        {
            if (clock.Elapsed.TotalSeconds >= deadline + 1) return;
            var (_, g, m1, c1) = top[t];
            var f = Functions[g].Apply;
            var u = space.Column(new Atom(m1, -1));
            c1 = GoldenSection(x => LogResidual(f, u, Math.Sign(c1) * Math.Exp(x), logBasis, logY), Math.Log(Math.Abs(c1)) - 0.7, Math.Log(Math.Abs(c1)) + 0.7) is var lc ? Math.Sign(c1) * Math.Exp(lc) : c1;
            var h = u.Select(v => Math.Log(Math.Abs(f(c1 * v)))).ToArray();
            var cols = new List<double[]>(logBasis) { h };
            var a = WeightedLeastSquares.Solve(cols, logY, Enumerable.Repeat(1.0, keep.Length).ToArray());
            if (a is null) return;
            var exponents = new double[space.Width];
            for (int k = 0; k < positive.Length; k++) exponents[positive[k]] = Math.Round(2 * a[k]) / 2;
            double power = g == 0 ? 1 : Math.Round(2 * a[^1]) / 2;
            if (power == 0) return;
            var m0 = new Monomial(exponents);
            var outer = space.Column(new Atom(m0, -1));
            var y = keep.Select(i => context.Y[i]).ToArray();
            var (c0, c1Polished) = Polish(y, outer, u, f, power, c1);
            Expr Build(IReadOnlyList<Expr> c)
            {
                Expr call = new CallExpr(Functions[g].F, c[1] * m1.ToExpr(context.Basis.Expressions));
                if (power != 1) call = new BinaryExpr(BinaryOperator.Power, call, new NumberExpr(power));
                return (c[0] * m0.ToExpr(context.Basis.Expressions) * call).Simplify();
            }
            if (!double.IsFinite(c0) || !double.IsFinite(c1Polished)) return;
            var (formula, p99) = PowerLawSearch.Recognise([c0, c1Polished], Build, context);
            found.Add(new FormulaCandidate(output, formula, "expression", p99));
        });
        return [.. found];
    }

    private static Monomial Unit(int width, int k)
    {
        var e = new double[width];
        e[k] = 1;
        return new Monomial(e);
    }

    /// <summary>Residual norm of the log-space least-squares fit of log|y| on the log basis and log|g(c*u)|.</summary>
    private static double LogResidual(Func<double, double> g, double[] u, double c, List<double[]> logBasis, double[] logY)
    {
        var h = new double[u.Length];
        for (int i = 0; i < u.Length; i++)
        {
            h[i] = Math.Log(Math.Abs(g(c * u[i])));
            if (!double.IsFinite(h[i])) return double.PositiveInfinity;
        }
        var cols = new List<double[]>(logBasis) { h };
        var ones = Enumerable.Repeat(1.0, u.Length).ToArray();
        var a = WeightedLeastSquares.Solve(cols, logY, ones);
        if (a is null) return double.PositiveInfinity;
        double ss = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double hat = 0;
            for (int k = 0; k < cols.Count; k++) hat += a[k] * cols[k][i];
            ss += (hat - logY[i]) * (hat - logY[i]);
        }
        return Math.Sqrt(ss / u.Length);
    }

    private static double GoldenSection(Func<double, double> f, double lo, double hi)
    {
        double phi = (Math.Sqrt(5) - 1) / 2;
        double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo), f1 = f(x1), f2 = f(x2);
        for (int i = 0; i < 80 && hi - lo > 1e-12; i++)
        {
            if (f1 < f2) { hi = x2; x2 = x1; f2 = f1; x1 = hi - phi * (hi - lo); f1 = f(x1); }
            else { lo = x1; x1 = x2; f1 = f2; x2 = lo + phi * (hi - lo); f2 = f(x2); }
        }
        return (lo + hi) / 2;
    }

    /// <summary>
    /// Gauss-Newton on r_i = (c0 * outer_i * g(c1 * u_i)^p - y_i) / |y_i| over (c0, c1), c0 solved exactly for each c1
    /// (variable projection), c1 updated from a central-difference derivative.
    /// </summary>
    private static (double C0, double C1) Polish(double[] y, double[] outer, double[] u, Func<double, double> g, double p, double c1)
    {
        int n = y.Length;
        double[] Model(double c) => Enumerable.Range(0, n).Select(i => outer[i] * Math.Pow(Math.Abs(g(c * u[i])), p) * (p == Math.Floor(p) && Math.Abs(p) % 2 == 1 ? Math.Sign(g(c * u[i])) : 1)).ToArray();
        var w = y.Select(v => 1 / Math.Abs(v)).ToArray();
        (double C0, double Ss) Linear(double c)
        {
            var m = Model(c);
            double num = 0, den = 0;
            for (int i = 0; i < n; i++) { num += w[i] * w[i] * m[i] * y[i]; den += w[i] * w[i] * m[i] * m[i]; }
            double c0 = num / den, ss = 0;
            for (int i = 0; i < n; i++) { double r = w[i] * (c0 * m[i] - y[i]); ss += r * r; }
            return (c0, ss);
        }
        for (int it = 0; it < 30; it++)
        {
            double h = 1e-6 * Math.Abs(c1);
            var (_, s0) = Linear(c1);
            var (_, sp) = Linear(c1 + h);
            var (_, sm) = Linear(c1 - h);
            double d1 = (sp - sm) / (2 * h), d2 = (sp - 2 * s0 + sm) / (h * h);
            if (!(d2 > 0)) break;
            double step = -d1 / d2;
            if (Math.Abs(step) > 0.1 * Math.Abs(c1)) step = 0.1 * Math.Abs(c1) * Math.Sign(step);
            if (!(Linear(c1 + step).Ss <= s0)) break;
            c1 += step;
            if (Math.Abs(step) <= 1e-15 * Math.Abs(c1)) break;
        }
        return (Linear(c1).C0, c1);
    }
}
