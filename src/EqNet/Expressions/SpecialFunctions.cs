using MathNetSpecial = MathNet.Numerics.SpecialFunctions;

namespace EqNet.Expressions;

/// <summary>
/// The special functions of the expression language, in float64. Math.NET Numerics 5.0.0 supplies those it computes
/// within a few ulps (erf, erfinv, log1p, the Bessel functions); this class writes the others where Math.NET is
/// measurably worse (gamma 2e-13, lgamma 1e-6 near its zeros at 1 and 2, expm1 2e-11, sinc 2e-11 at large argument)
/// or absent (Lambert W). docs/expressions.md gives each function's domain and the accuracy measured against mpmath
/// (tests/EqNet.Tests/Expressions/SpecialFunctionReferences.csv).
/// </summary>
public static class SpecialFunctions
{
    /// <summary>The low part of e: Math.E + ELow is e to about 1e-32, so e*x + 1 keeps its digits near x = -1/e.</summary>
    private const double ELow = 1.4456468917292501e-16;

    private const double LogSqrtTwoPi = 0.91893853320467274178;

    private const double SqrtTwoPi = 2.5066282746310005024;

    /// <summary>Stirling's series B(2k)/(2k(2k-1)), k = 1..9: at x &gt;= 10 the next term is below 1e-19.</summary>
    private static readonly double[] Stirling =
    [
        0.083333333333333333, -0.0027777777777777778, 0.00079365079365079365, -0.00059523809523809524, 0.00084175084175084175,
        -0.0019175269175269175, 0.0064102564102564103, -0.029550653594771242, 0.17964437236883057,
    ];

    /// <summary>lgamma(2 + z) = sum c[k-1] z^k: c = 1 - Euler's gamma, then (-1)^k (zeta(k) - 1)/k (converges for |z| &lt; 2; 60 terms reach 1e-17 at |z| = 1).</summary>
    private static readonly double[] LogGammaAtTwo =
    [
        0.42278433509846714, 0.32246703342411322, -0.067352301053198095, 0.020580808427784548, -0.0073855510286739853,
        0.0028905103307415233, -0.001192753911703261, 0.00050966952474304242, -0.00022315475845357938, 9.9457512781808534e-5,
        -4.4926236738133142e-5, 2.0507212775670692e-5, -9.4394882752683959e-6, 4.3748667899074878e-6, -2.0392157538013662e-6,
        9.5514121304074198e-7, -4.492469198764566e-7, 2.1207184805554666e-7, -1.00432248239681e-7, 4.7698101693639806e-8,
        -2.2711094608943165e-8, 1.0838659214896954e-8, -5.1834750419700467e-9, 2.4836745438024783e-9, -1.1921401405860912e-9,
        5.731367241678862e-10, -2.7595228851242331e-10, 1.3304764374244489e-10, -6.4229645638381e-11, 3.1044247747322273e-11,
        -1.5021384080754142e-11, 7.2759744802390797e-12, -3.5277424765759151e-12, 1.7119917905596179e-12, -8.3153858414202848e-13,
        4.0422005252894401e-13, -1.9664756310966165e-13, 9.5736303878385558e-14, -4.6640760264283742e-14, 2.2737369600659723e-14,
        -1.1091399470834522e-14, 5.4136591567253631e-15, -2.643880017860995e-15, 1.2918959062789967e-15, -6.3159355041984486e-16,
        3.0893162669633928e-16, -1.5117930628108197e-16, 7.4014868569523202e-17, -3.6252180481206537e-17, 1.7763568421861632e-17,
        -8.7076315747917909e-18, 4.2700885592270038e-18, -2.0947604247944644e-18, 1.0279842823787928e-18, -5.046468294792953e-19,
        2.4781763945937916e-19, -1.2173498078147638e-19, 5.9818050899412459e-20, -2.9402092814365705e-20, 1.4456028966866556e-20,
    ];

    /// <summary>B(2k)/(2k), k = 1..9, for digamma's asymptotic series at x &gt;= 10.</summary>
    private static readonly double[] BernoulliOverTwoK =
    [
        0.083333333333333333, -0.0083333333333333333, 0.0039682539682539683, -0.0041666666666666667, 0.0075757575757575758,
        -0.021092796092796093, 0.083333333333333333, -0.44325980392156863, 3.0539543302701197,
    ];

    /// <summary>B(2k)/(2k)!, k = 1..9, for the Hurwitz zeta function's asymptotic series at x &gt;= 15 + n.</summary>
    private static readonly double[] BernoulliOverFactorial =
    [
        0.083333333333333333, -0.0013888888888888889, 3.3068783068783069e-5, -8.2671957671957672e-7, 2.0876756987868099e-8,
        -5.2841901386874932e-10, 1.3382536530684679e-11, -3.3896802963225829e-13, 8.5860620562778446e-15,
    ];

    /// <summary>
    /// Lambert W near its branch point as a series in p = sqrt(2(e x + 1)) (Corless et al. 1996, eq. 4.22): W = sum mu[k] p^k
    /// on the principal branch, p -&gt; -p on the lower one. Used for p &lt; 0.3, where 26 terms reach 1e-18.
    /// </summary>
    private static readonly double[] BranchSeries =
    [
        -1.0, 1.0, -0.33333333333333333, 0.15277777777777778, -0.07962962962962963, 0.044502314814814815, -0.025984714873603762,
        0.015635632532333921, -0.0096168920242994317, 0.0060145432529561179, -0.0038112980348919992, 0.0024408779911439827,
        -0.0015769303446867843, 0.0010262633205076072, -0.0006720616311561362, 0.00044247306181462091, -0.00029267722472962744,
        0.00019438727605453932, -0.00012957426685274882, 8.6650358052081272e-5, -5.8113607504413817e-5, 3.9076684867439052e-5,
        -2.6338064747231099e-5, 1.7790345805079585e-5, -1.2040352739559977e-5, 8.1635319824966122e-6,
    ];

    /// <summary>The error function (Math.NET; Boost's rational approximations).</summary>
    public static double Erf(double x) => MathNetSpecial.Erf(x);

    /// <summary>
    /// The complementary error function. Math.NET evaluates exp(-x*x) at the rounded square, which costs up to 3e-14 at
    /// x = 20; the square's rounding error fma(x, x, -x*x) restores the lost factor exp(-error) exactly enough.
    /// </summary>
    public static double Erfc(double x) =>
        x >= 0.5 && x < 27.3 ? MathNetSpecial.Erfc(x) * Math.Exp(-Math.FusedMultiplyAdd(x, x, -x * x)) : MathNetSpecial.Erfc(x);

    /// <summary>The inverse error function on [-1, 1] (Math.NET); +-1 give +-infinity, NaN outside.</summary>
    public static double ErfInv(double x) => Math.Abs(x) <= 1 ? MathNetSpecial.ErfInv(x) : double.NaN;

    /// <summary>
    /// The gamma function: Stirling's series at x &gt;= 10 (the power split in halves so that x^(x-1/2) does not
    /// overflow before e^-x scales it), exp of lgamma's series about 2 with the recurrence to it below, and the
    /// reflection formula for x &lt; 0. Poles at 0 and
    /// the negative integers give NaN.
    /// </summary>
    public static double Gamma(double x)
    {
        if (double.IsNaN(x) || x == double.NegativeInfinity) return double.NaN;
        if (x <= 0 && x == Math.Floor(x)) return double.NaN;
        if (x < 0)
        {
            // Gamma(x) Gamma(1 - x) = pi / sin(pi x); sinpi keeps its zeros at the integers exact.
            var (reflectedAt, roundoff) = OneMinus(x);
            double reflected = Gamma(reflectedAt) * (1 + roundoff * Digamma(reflectedAt));
            double s = SinPi(x);
            return double.IsInfinity(reflected) ? 0.0 * s : Math.PI / s / reflected;
        }

        if (x > 171.7) return double.PositiveInfinity;
        if (x == Math.Floor(x) && x <= 23)
        {
            // (x - 1)! is exact in float64 up to 22!, as scipy gives it.
            double factorial = 1;
            for (int k = 2; k < x; k++) factorial *= k;
            return factorial;
        }

        if (x < 1)
        {
            // gamma(x + 2)/(x (x + 1)), with gamma(x + 2) = exp(lgamma(2 + x)) from the series (|lgamma| < 0.5 here).
            return Math.Exp(SeriesAtTwo(x)) / (x * (1 + x));
        }

        if (x < 10)
        {
            double product = 1;
            while (x > 3)
            {
                x -= 1;
                product *= x;
            }

            return Math.Exp(SeriesAtTwo(x - 2)) * product;
        }

        double half = Math.Pow(x, (x - 0.5) / 2);
        return SqrtTwoPi * half * (half * Math.Exp(-x)) * Math.Exp(StirlingSeries(x));
    }

    /// <summary>
    /// log |gamma(x)|, as scipy's gammaln: a power series about 2 on [1, 3] (accurate at the zeros x = 1 and x = 2), the
    /// recurrence to it from (0, 1) and (3, 10), Stirling's series beyond, and the reflection formula for x &lt; 0.
    /// Poles at 0 and the negative integers give +infinity.
    /// </summary>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (double.IsInfinity(x)) return double.PositiveInfinity;
        if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;
        if (x < 0)
        {
            // |Gamma(x)| = pi / |sin(pi x) Gamma(1 - x)|.
            var (reflectedAt, roundoff) = OneMinus(x);
            return Math.Log(Math.PI / Math.Abs(SinPi(x))) - (LogGamma(reflectedAt) + roundoff * Digamma(reflectedAt));
        }

        if (x < 0.5) return Math.Log(Gamma(x));
        if (x < 1.5) return SeriesAtTwo(x - 1) - Log1p(x - 1); // lgamma(x + 1) - log(x); x - 1 is exact here
        if (x <= 3) return SeriesAtTwo(x - 2);
        if (x < 10)
        {
            // lgamma(x) = lgamma(x - n) + log((x-1)(x-2)...(x-n)): one log of the exact-enough product.
            double product = 1;
            while (x > 3)
            {
                x -= 1;
                product *= x;
            }

            return SeriesAtTwo(x - 2) + Math.Log(product);
        }

        return (x - 0.5) * (Math.Log(x) - 1) - 0.5 + LogSqrtTwoPi + StirlingSeries(x);
    }

    /// <summary>The beta function gamma(a) gamma(b) / gamma(a + b); through lgamma where the gammas overflow (a + b &gt;= 171), which costs digits: about 1e-16 times lgamma(a + b).</summary>
    public static double Beta(double a, double b)
    {
        double sum = a + b;

        // a + b is rounded, and gamma(a + b) magnifies that by (a + b) digamma(a + b) (400 at 90): the rounding error
        // (exact by Knuth's two-sum) corrects it to first order, gamma(s + e) = gamma(s) (1 + e digamma(s)).
        double roundoff = a - (sum - (sum - a)) + (b - (sum - a));
        if (a > 0 && b > 0 && sum < 171)
        {
            return Gamma(a) * (Gamma(b) / Gamma(sum)) * (1 - roundoff * Digamma(sum));
        }

        if (a > 0 && b > 0)
        {
            return Math.Exp(LogGamma(a) + LogGamma(b) - LogGamma(sum) - roundoff * Digamma(sum));
        }

        double g = Gamma(a) * Gamma(b) / Gamma(sum);
        return g;
    }

    /// <summary>
    /// polygamma(n, x), the n-th derivative of digamma, n a whole number (else NaN): the recurrence up to x &gt;= 15 + n
    /// and the asymptotic series beyond (Abramowitz and Stegun 6.3.18, 6.4.11), the reflection formula for digamma at
    /// x &lt; 0. Poles at 0 and the negative integers give NaN. Absolute accuracy near digamma's zero at 1.4616.
    /// </summary>
    public static double Polygamma(double n, double x)
    {
        if (double.IsNaN(n) || double.IsNaN(x) || n < 0 || n != Math.Floor(n) || n > 100) return double.NaN;
        if (x <= 0 && x == Math.Floor(x)) return double.NaN;
        if (n == 0) return Digamma(x);
        int order = (int)n;
        double bound = 15 + order;
        if (bound - x > 1e6) return double.NaN;
        double head = 0;
        while (x < bound)
        {
            head += Math.Pow(x, -(order + 1));
            x += 1;
        }

        // Hurwitz zeta(n + 1, x) ~ x^-n/n + x^-(n+1)/2 + sum B(2k)/(2k)! (n+1)...(n+2k-1) x^-(n+2k).
        double inverse = 1 / x, tail = 1.0 / order + inverse / 2, rising = 1, power = 1;
        for (int k = 1; k <= BernoulliOverFactorial.Length; k++)
        {
            rising *= k == 1 ? order + 1 : (order + 2 * k - 2) * (double)(order + 2 * k - 1);
            power *= inverse * inverse;
            tail += BernoulliOverFactorial[k - 1] * rising * power;
        }

        tail *= Math.Pow(x, -order);
        double factorial = 1;
        for (int j = 2; j <= order; j++) factorial *= j;
        return (order % 2 == 1 ? 1 : -1) * factorial * (head + tail);
    }

    /// <summary>digamma(x) = polygamma(0, x).</summary>
    public static double Digamma(double x)
    {
        if (x <= 0 && x == Math.Floor(x)) return double.NaN;
        if (x < 0)
        {
            // psi(x) = psi(1 - x) - pi cot(pi x).
            return Digamma(1 - x) - Math.PI * SinPi(x + 0.5) / SinPi(x);
        }

        double head = 0;
        while (x < 10)
        {
            head -= 1 / x;
            x += 1;
        }

        double square = 1 / (x * x), sum = 0;
        for (int k = BernoulliOverTwoK.Length - 1; k >= 0; k--)
        {
            sum = sum * square + BernoulliOverTwoK[k];
        }

        return head + Math.Log(x) - 0.5 / x - sum * square;
    }

    /// <summary>Bessel function of the first kind J_n(x) of real order n (Math.NET; Amos' algorithm). NaN where the result is complex (x &lt; 0 with n not an integer).</summary>
    public static double BesselJ(double n, double x) => RealBessel(n, x, MathNetSpecial.BesselJ);

    /// <summary>Bessel function of the second kind Y_n(x) of real order n, x &gt; 0 (Math.NET; Amos' algorithm).</summary>
    public static double BesselY(double n, double x) => x > 0 ? MathNetSpecial.BesselY(n, x) : x == 0 ? double.NegativeInfinity : double.NaN;

    /// <summary>Modified Bessel function of the first kind I_n(x) of real order n (Math.NET; Amos' algorithm).</summary>
    public static double BesselI(double n, double x) => RealBessel(n, x, MathNetSpecial.BesselI);

    /// <summary>Modified Bessel function of the second kind K_n(x) of real order n, x &gt; 0: Math.NET's scaled form times e^-x, which keeps K down to 1e-308 (the unscaled one returns 0 beyond x = 700).</summary>
    public static double BesselK(double n, double x) => x > 0
        ? MathNetSpecial.BesselKScaled(n, x) * Math.Exp(-x)
        : x == 0 ? double.PositiveInfinity : double.NaN;

    /// <summary>
    /// The principal branch W0(x) of Lambert W (w e^w = x, w &gt;= -1) for x &gt;= -1/e; below -1/e it is NaN, except
    /// within rounding of -1/e (the nearest float64 to -1/e lies just below it), which gives -1.
    /// </summary>
    public static double LambertW(double x) => LambertW(x, principal: true);

    /// <summary>The lower branch W-1(x) of Lambert W (w &lt;= -1) for -1/e &lt;= x &lt; 0; NaN elsewhere, -infinity at 0.</summary>
    public static double LambertWm1(double x) => LambertW(x, principal: false);

    /// <summary>
    /// e^x - 1 without the cancellation near 0: Kahan's u - 1 scaled by x / log u, whose rounding errors cancel
    /// (Higham, Accuracy and Stability, 1.14.1).
    /// </summary>
    public static double Expm1(double x)
    {
        if (Math.Abs(x) >= 0.5) return Math.Exp(x) - 1;
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        return um1 * x / Math.Log(u);
    }

    /// <summary>log(1 + x) (Math.NET).</summary>
    public static double Log1p(double x) => MathNetSpecial.Log1p(x);

    /// <summary>sqrt(a^2 + b^2) without overflow or underflow (.NET's double.Hypot).</summary>
    public static double Hypot(double a, double b) => double.Hypot(a, b);

    /// <summary>numpy's normalised sinc: sin(pi x)/(pi x), 1 at 0; sin(pi x) through <see cref="SinPi"/>, exact at the integers.</summary>
    public static double Sinc(double x) => x == 0 ? 1.0 : SinPi(x) / (Math.PI * x);

    /// <summary>sin(pi x) with the argument reduced exactly (x - 2 round(x/2) is exact in float64), so its zeros are exact.</summary>
    public static double SinPi(double x)
    {
        if (!double.IsFinite(x)) return double.NaN;
        double r = x - 2 * Math.Round(x / 2); // in [-1, 1]
        double sign = 1;
        if (r < 0)
        {
            r = -r;
            sign = -1;
        }

        // Fold to [0, 1/2] with sin(pi r) = sin(pi (1 - r)); 1 - r is exact for r in [1/2, 1].
        if (r > 0.5) r = 1 - r;
        return sign * (r == 0 ? 0.0 : r <= 0.25 ? Math.Sin(Math.PI * r) : Math.Cos(Math.PI * (0.5 - r)));
    }

    private static double RealBessel(double n, double x, Func<double, double, double> bessel)
    {
        if (x >= 0) return bessel(n, x);
        if (n != Math.Floor(n)) return double.NaN;

        // J_n(-x) = (-1)^n J_n(x), likewise I_n.
        double value = bessel(n, -x);
        return Math.IEEERemainder(n, 2) == 0 ? value : -value;
    }

    /// <summary>
    /// 1 - x rounded, and what the rounding lost (Knuth's two-sum, exact): gamma magnifies an argument's relative error by
    /// x digamma(x) (44 at 16), so the reflection formula corrects gamma(1 - x) by it to first order.
    /// </summary>
    private static (double Sum, double Error) OneMinus(double x)
    {
        double sum = 1 - x;
        double back = sum - 1;
        return (sum, (1 - (sum - back)) + (-x - back));
    }

    private static double StirlingSeries(double x)
    {
        double inverse = 1 / x, square = inverse * inverse, sum = 0;
        for (int k = Stirling.Length - 1; k >= 0; k--)
        {
            sum = sum * square + Stirling[k];
        }

        return sum * inverse;
    }

    private static double SeriesAtTwo(double z)
    {
        double sum = 0;
        for (int k = LogGammaAtTwo.Length - 1; k >= 0; k--)
        {
            sum = sum * z + LogGammaAtTwo[k];
        }

        return sum * z;
    }

    private static double LambertW(double x, bool principal)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (!principal && x >= 0) return x == 0 ? double.NegativeInfinity : double.NaN;
        if (x == 0) return x;
        if (double.IsPositiveInfinity(x)) return x;

        // t = e x + 1, the distance to the branch point, with e carried to twice float64's precision.
        double t = Math.FusedMultiplyAdd(Math.E, x, 1) + ELow * x;
        if (t < 0)
        {
            // The nearest float64 to -1/e lies 1.5e-17 below it (t = -4.1e-17); one ulp of e x is 1.5e-16.
            return t > -2e-16 ? -1.0 : double.NaN;
        }

        double p = Math.Sqrt(2 * t);
        if (!principal) p = -p;
        if (Math.Abs(p) < 0.3)
        {
            double sum = 0;
            for (int k = BranchSeries.Length - 1; k >= 0; k--)
            {
                sum = sum * p + BranchSeries[k];
            }

            return sum;
        }

        if (principal && Math.Abs(x) < 1e-9)
        {
            return x * (1 - x * (1 - 1.5 * x)); // W = x - x^2 + 3/2 x^3 - ..., the next term 8/3 x^4 below 1e-35 x
        }

        if (principal && x <= 3)
        {
            // Halley's iteration on w e^w - x, well conditioned away from the branch point (|1 + w| >= 0.2 here).
            double w = x < 1 ? Math.Log(1 + x) * (1 - Math.Log(1 + Math.Log(1 + x)) / (2 + Math.Log(1 + x))) : Math.Log(1 + x) * 0.75;
            for (int i = 0; i < 20; i++)
            {
                double ew = Math.Exp(w);
                double f = w * ew - x;
                double step = f / (ew * (w + 1) - (w + 2) * f / (2 * w + 2));
                w -= step;
                if (Math.Abs(step) <= 1e-16 * Math.Abs(w)) break;
            }

            return w;
        }

        // Newton on w + log|w| - log|x| (w = log(x / w)), well conditioned on both branches away from -1.
        double logX = Math.Log(Math.Abs(x));
        double v = principal ? logX - Math.Log(logX) : logX - Math.Log(-logX);
        if (!principal && v > -1.5) v = -1.5;
        for (int i = 0; i < 30; i++)
        {
            double g = v + Math.Log(Math.Abs(v)) - logX;
            double step = g / (1 + 1 / v);
            v -= step;
            if (Math.Abs(step) <= 1e-16 * Math.Abs(v)) break;
        }

        return v;
    }
}
