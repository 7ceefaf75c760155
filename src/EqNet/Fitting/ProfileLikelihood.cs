using EqNet.Optimization;
using MathNet.Numerics.LinearAlgebra;

namespace EqNet.Fitting;

/// <summary>
/// Profile-likelihood intervals of least-squares parameters: for each parameter, the values c at which the residual
/// sum of squares minimised over the other parameters with this one fixed at c, S(c), reaches the F-test cutoff
/// S_min (1 + F(1, dof, level) / dof). This is R's <c>confint</c> on an <c>nls</c> fit (MASS's profile, Bates and Watts,
/// "Nonlinear Regression Analysis and Its Applications", 1988, ch. 6) and lmfit's <c>conf_interval</c>. For a model
/// linear in its parameters it equals the delta-method interval exactly (F(1, dof) = t(dof)^2); where they differ,
/// the model is far from linear over the interval and the profile interval is the one to trust.
/// </summary>
/// <remarks>
/// Each side is walked outward from the estimate in the parameter's internal coordinate (the value, or its logarithm for
/// a log-scale parameter), every point a Levenberg-Marquardt refit of the others warm-started from the previous point,
/// with steps chosen so that the profile t statistic tau(c) = sqrt(S(c) - S_min) / s grows by about a quarter of its
/// cutoff per step; once a step crosses the cutoff, the crossing is found by the Illinois variant of regula falsi on
/// tau(c) - cutoff, which is nearly linear in c. A side that does not reach the cutoff within
/// <see cref="MaxSpan"/> delta half-widths, or where the model cannot be evaluated, is open.
/// </remarks>
internal static class ProfileLikelihood
{
    /// <summary>Most outward steps per side: steps grow up to 4x each, so this reaches <see cref="MaxSpan"/> half-widths with room to spare.</summary>
    private const int MaxSteps = 60;

    /// <summary>Delta half-widths beyond which a side that has not reached the cutoff is reported open: such a profile is flat, and the data do not bound the parameter there.</summary>
    private const double MaxSpan = 100;

    /// <summary>Regula-falsi iterations at most per crossing; each gains digits once the bracket is tight.</summary>
    private const int MaxRefine = 40;

    /// <summary>Relative accuracy of tau at the crossing: the interval's ends then hold about 8 digits of the half-width, far beyond what an interval is read to.</summary>
    private const double TauTolerance = 1e-8;

    /// <summary>
    /// Residuals up to which profile intervals are computed: each parameter's profile is a few dozen refits, so beyond this
    /// a fit's profiles take longer than the fit (a million residuals: minutes); the delta method alone is reported then.
    /// </summary>
    private const int ResidualLimit = 1_000_000;

    /// <summary><paramref name="result"/> with a note saying why no profiles are computed, or null when they are.</summary>
    public static ParameterFitResult? Skip(ParameterFitResult result, int residuals, ParameterFitOptions options)
    {
        string? skip = !options.ProfileIntervals ? "not requested"
            : result.DegreesOfFreedom <= 0 ? "no degrees of freedom"
            : residuals > ResidualLimit ? $"{residuals:N0} residuals, more than the {ResidualLimit:N0} up to which they are computed (each is a few dozen refits)"
            : !(result.ResidualSumOfSquares > 0) ? "the fit is exact (RSS 0)"
            : null;
        return skip is null ? null : result with { ProfileNote = $"profile intervals not computed: {skip}" };
    }

    /// <summary>
    /// <paramref name="result"/> with each parameter's profile-likelihood interval, and warnings where it differs much
    /// from the delta method's, where a side is open, or where profiling found a lower RSS.
    /// </summary>
    /// <param name="result">The fit, with delta-method standard errors.</param>
    /// <param name="full">Its residuals in internal coordinates z: the parameters first (in the result's order), then any nuisance parameters.</param>
    /// <param name="zHat">The optimum in z.</param>
    /// <param name="perValue">dz_j / db_j at the estimate: 1 / b for a log coordinate, 1 / scale for a scaled one.</param>
    /// <param name="toValues">The parameters' values from z.</param>
    public static ParameterFitResult Apply(ParameterFitResult result, ILeastSquaresProblem full, double[] zHat, Func<int, double> perValue, Func<double[], double[]> toValues)
    {
        int p = result.Parameters.Count, dof = result.DegreesOfFreedom;
        double rss = result.ResidualSumOfSquares;
        double f1 = MathNet.Numerics.Distributions.FisherSnedecor.InvCDF(1, dof, result.Confidence);
        double cutoffTau = Math.Sqrt(f1);
        double lowest = rss;
        var estimates = new List<ParameterEstimate>();
        var warnings = new List<string>();
        for (int j = 0; j < p; j++)
        {
            var e = result.Parameters[j];
            double sigmaU = e.StandardError * Math.Abs(perValue(j));
            if (!(sigmaU > 0) || !double.IsFinite(sigmaU))
            {
                estimates.Add(e);
                continue;
            }
            var (lower, upper, least) = Interval(full, zHat, rss, dof, j, sigmaU, cutoffTau);
            lowest = Math.Min(lowest, least);
            double Value(double u)
            {
                if (double.IsNaN(u)) return double.NaN;
                var z = (double[])zHat.Clone();
                z[j] = u;
                return toValues(z)[j];
            }
            var profiled = e with { ProfileLower = Value(lower.U), ProfileUpper = Value(upper.U) };
            estimates.Add(profiled);
            foreach (var (end, side) in new[] { (lower, "below"), (upper, "above") })
                if (end.Open is { } why)
                    warnings.Add($"{e.Name}'s profile interval is open {side}: {why}. The delta-method interval's end there is not supported by the data; " +
                        $"more rows where {e.Name} changes the outputs most would close it.");
            if (profiled.ProfileShift > ParameterFitResult.PoorDeltaShift)
                warnings.Add($"{e.Name}'s profile interval [{ParameterFitter.Show(profiled.ProfileLower)}, {ParameterFitter.Show(profiled.ProfileUpper)}] differs from the delta method's " +
                    $"[{ParameterFitter.Show(e.Lower)}, {ParameterFitter.Show(e.Upper)}] by {profiled.ProfileShift:0.00} of its half-width: the model is far from linear in {e.Name} " +
                    "over the interval, so the delta method is poor here; trust the profile interval.");
        }
        if (lowest < rss * (1 - 1e-9))
            warnings.Add($"profiling found a residual sum of squares of {lowest:G6}, below the fit's {rss:G6}: the fit is not at the least-squares optimum, so its estimates and intervals are unreliable. " +
                "Give starts closer to the answer, or bounds for the search.");
        return result with
        {
            Parameters = estimates,
            ProfileCutoff = rss * (1 + f1 / dof),
            ProfileWarnings = warnings,
        };
    }

    /// <summary>One side's end: the internal coordinate where tau reaches the cutoff, or NaN when the side is open, and why.</summary>
    public readonly record struct End(double U, string? Open);

    /// <summary>Both ends of parameter <paramref name="j"/>'s profile interval, in internal coordinates, and whether a lower minimum turned up.</summary>
    /// <param name="full">The residuals in internal coordinates z of all parameters.</param>
    /// <param name="zHat">The optimum in z.</param>
    /// <param name="rssMin">The residual sum of squares there.</param>
    /// <param name="dof">Degrees of freedom (residuals minus parameters).</param>
    /// <param name="j">The parameter profiled.</param>
    /// <param name="sigmaU">Its delta-method standard error in z.</param>
    /// <param name="cutoffTau">sqrt(F(1, dof, level)): the profile t statistic at the interval's ends.</param>
    public static (End Lower, End Upper, double LowestRss) Interval(ILeastSquaresProblem full, double[] zHat, double rssMin, int dof, int j, double sigmaU, double cutoffTau)
    {
        double s = Math.Sqrt(rssMin / dof);
        double lowest = rssMin;
        End Side(int direction)
        {
            var fixedOne = new FixedParameter(full, j);
            double Tau(double rss) => rss > rssMin ? Math.Sqrt(rss - rssMin) / (s > 0 ? s : double.Epsilon) : 0;
            (double U, double Tau, double[] Z) previous = (zHat[j], 0, zHat);
            double step = sigmaU * cutoffTau / 4;
            for (int k = 0; k < MaxSteps; k++)
            {
                double u = previous.U + direction * step;
                var (rss, z) = fixedOne.Refit(previous.Z, u);
                for (int halve = 0; halve < 4 && !double.IsFinite(rss); halve++)
                {
                    step /= 4;
                    u = previous.U + direction * step;
                    (rss, z) = fixedOne.Refit(previous.Z, u);
                }
                if (!double.IsFinite(rss))
                    return new End(double.NaN, $"the model cannot be evaluated (NaN or infinite residuals) beyond {previous.U:G6} in the fit's coordinates");
                lowest = Math.Min(lowest, rss);
                double tau = Tau(rss);
                if (tau >= cutoffTau) return new End(Refine(fixedOne, previous, (u, tau, z), cutoffTau, Tau), null);
                if (Math.Abs(u - zHat[j]) > MaxSpan * sigmaU * cutoffTau)
                    return new End(double.NaN, $"the profile stays below the cutoff out to {MaxSpan:0} delta half-widths from the estimate: the data do not bound it on this side");
                double slope = (tau - previous.Tau) / Math.Abs(u - previous.U);
                // Aim a fifth past the linear prediction of the crossing, so a nearly linear profile brackets it in one step.
                double next = slope > 0 ? 1.2 * (cutoffTau - tau) / slope : 4 * step;
                step = Math.Clamp(next, step / 4, 4 * step);
                previous = (u, tau, z);
            }
            return new End(double.NaN, $"the profile did not reach the cutoff in {MaxSteps} steps");
        }
        var lower = Side(-1);
        var upper = Side(+1);
        return (lower, upper, lowest);
    }

    /// <summary>The crossing of tau = cutoff between <paramref name="a"/> (below) and <paramref name="b"/> (above), by the Illinois method.</summary>
    private static double Refine(FixedParameter f, (double U, double Tau, double[] Z) a, (double U, double Tau, double[] Z) b, double cutoff, Func<double, double> tau)
    {
        double ga = a.Tau - cutoff, gb = b.Tau - cutoff;
        int lastSide = 0;
        for (int i = 0; i < MaxRefine; i++)
        {
            if (Math.Abs(gb) <= TauTolerance * cutoff) return b.U;
            if (Math.Abs(ga) <= TauTolerance * cutoff) return a.U;
            double u = b.U - gb * (b.U - a.U) / (gb - ga);
            if (!(Math.Abs(b.U - a.U) > 1e-15 * Math.Max(Math.Abs(u), 1))) return u;
            // Warm start from the end nearer the trial point: the others' values move continuously with u.
            var warm = Math.Abs(u - a.U) < Math.Abs(u - b.U) ? a.Z : b.Z;
            var (rss, z) = f.Refit(warm, u);
            if (!double.IsFinite(rss)) return u;
            double g = tau(rss) - cutoff;
            if (g < 0)
            {
                (a, ga) = ((u, g + cutoff, z), g);
                if (lastSide == -1) gb /= 2;
                lastSide = -1;
            }
            else
            {
                (b, gb) = ((u, g + cutoff, z), g);
                if (lastSide == 1) ga /= 2;
                lastSide = 1;
            }
        }
        return Math.Abs(ga) < Math.Abs(gb) ? a.U : b.U;
    }

    /// <summary>The residuals with parameter j held at a value: the other parameters are the unknowns (internal coordinates).</summary>
    private sealed class FixedParameter(ILeastSquaresProblem full, int j) : ILeastSquaresProblem
    {
        private readonly double[] _z = new double[full.ParameterCount];
        private double[] _jacobian = [];

        public double U { get; set; }

        public int ParameterCount => full.ParameterCount - 1;

        public int ResidualCount => full.ResidualCount;

        public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
        {
            Fill(x);
            int n = full.ParameterCount, m = full.ResidualCount;
            if (jacobian.IsEmpty)
            {
                full.Evaluate(_z, residuals, default);
                return;
            }
            if (_jacobian.Length != m * n) _jacobian = new double[m * n];
            full.Evaluate(_z, residuals, _jacobian);
            for (int i = 0; i < m; i++)
                for (int k = 0, c = 0; k < n; k++)
                    if (k != j) jacobian[i * (n - 1) + c++] = _jacobian[i * n + k];
        }

        private void Fill(ReadOnlySpan<double> x)
        {
            for (int k = 0, c = 0; k < _z.Length; k++) _z[k] = k == j ? U : x[c++];
        }

        /// <summary>The others refitted with parameter j at <paramref name="u"/>, from <paramref name="warm"/> (full z): the RSS and the full z.</summary>
        public (double Rss, double[] Z) Refit(double[] warm, double u)
        {
            U = u;
            var x = warm.Where((_, k) => k != j).ToArray();
            if (x.Length > 0)
            {
                LevenbergMarquardt.Minimize(this, x, new LevenbergMarquardtOptions
                {
                    MaxIterations = 500,
                    GradientTolerance = 0,
                    StepTolerance = 1e-15,
                    DiagonalDamping = true,
                    Threads = 1,
                });
                Polish(x);
            }
            double rss = Cost(x);
            Fill(x);
            return (rss, (double[])_z.Clone());
        }

        private double Cost(double[] x)
        {
            var r = new double[ResidualCount];
            Evaluate(x, r, default);
            double sum = 0;
            foreach (var v in r) sum += v * v;
            return double.IsFinite(sum) ? sum : double.PositiveInfinity;
        }

        /// <summary>Gauss-Newton steps by Householder QR while they lower the cost: the last digits Levenberg-Marquardt's normal equations leave (as <see cref="ParameterFitter"/> settles its optimum).</summary>
        private void Polish(double[] x)
        {
            int m = ResidualCount, n = ParameterCount;
            var r = new double[m];
            var jacobian = new double[m * n];
            double cost = Cost(x);
            for (int step = 0; step < 10 && double.IsFinite(cost) && cost > 0; step++)
            {
                Evaluate(x, r, jacobian);
                if (!jacobian.All(double.IsFinite)) return;
                var matrix = Matrix<double>.Build.Dense(m, n, (i, k) => jacobian[i * n + k]);
                Vector<double> h;
                try
                {
                    h = matrix.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Solve(Vector<double>.Build.Dense(r).Negate());
                }
                catch (ArgumentException)
                {
                    return;
                }
                var trial = x.Select((v, k) => v + h[k]).ToArray();
                double trialCost = Cost(trial);
                if (!(trialCost < cost)) return;
                trial.CopyTo(x, 0);
                cost = trialCost;
            }
        }
    }
}
