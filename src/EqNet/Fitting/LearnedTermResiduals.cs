using EqNet.Expressions;
using EqNet.Models;
using EqNet.Optimization;
using EqNet.Problems;

namespace EqNet.Fitting;

/// <summary>
/// The joint least-squares problem of a fit with a learned term: for every equation and measured row, the equation's
/// residual (lhs - rhs) at the row's measured values, the unknown constants b and the network's value g(x; w) at the
/// row's inputs, divided by the row's scale (1, sigma, or |lhs| at the row, as <see cref="DataResiduals"/>).
/// </summary>
/// <remarks>
/// The optimiser's coordinates are z = (internal b, w): b = s z for an ordinary parameter (s its stage-1 size), b = exp(z)
/// for a log-scale one, and the network's weights w as they are. The Jacobian's b columns come from the equations'
/// symbolic derivatives; its w columns are dR/dg (symbolic) times the network's own dg/dw.
/// </remarks>
internal sealed class LearnedTermResiduals : ILeastSquaresProblem
{
    private readonly CompiledExpression[] _residuals, _byTerm;
    private readonly string[] _layout;
    private readonly CompiledExpression[][] _byParameter;
    private readonly double[] _rows, _weights, _features, _term, _termJacobian;
    private readonly double[] _scale;
    private readonly bool[] _log;
    private readonly MagnitudeShapeNetwork _network;
    private readonly int _n, _v, _p, _e, _w;

    /// <param name="problem">The problem (its equations, parameters and data settings).</param>
    /// <param name="term">The learned term's name.</param>
    /// <param name="data">The measured rows (the columns <see cref="ParameterFitter.DataVariables"/> names).</param>
    /// <param name="network">The learned term's network (one output).</param>
    /// <param name="features">Its features at the rows, row-major rows x features.</param>
    /// <param name="scale">s of each ordinary parameter (b = s z).</param>
    public LearnedTermResiduals(Problem problem, string term, MeasuredData data, MagnitudeShapeNetwork network, double[] features, double[] scale)
    {
        var parameters = problem.ParameterNames;
        (_network, _features, _scale) = (network, features, scale);
        _p = parameters.Count;
        _w = network.ParameterCount;
        _n = data.Rows;
        _v = data.Names.Count;
        _e = problem.Equations.Count;
        _log = [.. problem.Parameters.Select(q => q.Log)];
        string[] layout = [.. data.Names, term, .. parameters];
        _layout = layout;
        _residuals = [.. problem.Equations.Select(e => e.Equation.Residual.Compile(layout))];
        _byTerm = [.. problem.Equations.Select(e => e.Equation.Residual.Derivative(term).Compile(layout))];
        _byParameter = [.. problem.Equations.Select(e => parameters.Select(b => e.Equation.Residual.Derivative(b).Compile(layout)).ToArray())];
        int stride = Stride;
        _rows = new double[(long)_n * stride <= Array.MaxLength ? _n * stride : throw new ArgumentException("too many rows for one array")];
        for (int r = 0; r < _n; r++)
            for (int c = 0; c < _v; c++) _rows[r * stride + c] = data.Columns[c][r];
        _weights = Weights(problem, term, data, layout);
        _term = new double[_n];
        _termJacobian = new double[(long)_n * _w <= Array.MaxLength ? _n * _w : throw new ArgumentException("too many rows for one array")];
    }

    private int Stride => _v + 1 + _p;

    /// <summary>Unknown constants, then network weights.</summary>
    public int ParameterCount => _p + _w;

    /// <summary>Each residual's weight (1, 1/sigma or 1/|lhs| at the row), equation-major as the residuals.</summary>
    public ReadOnlySpan<double> RowWeights => _weights;

    /// <summary>Equations times rows (equation-major).</summary>
    public int ResidualCount => _e * _n;

    /// <summary>The learned term's values at the rows, as last evaluated.</summary>
    public ReadOnlySpan<double> Term => _term;

    /// <summary>z from b (internal coordinates) and w.</summary>
    public double[] ToInternal(ReadOnlySpan<double> b, ReadOnlySpan<double> w)
    {
        var z = new double[_p + _w];
        for (int j = 0; j < _p; j++) z[j] = _log[j] ? Math.Log(b[j]) : b[j] / _scale[j];
        w.CopyTo(z.AsSpan(_p));
        return z;
    }

    /// <summary>b from z (the weights are z's tail as they are).</summary>
    public double[] ToValues(ReadOnlySpan<double> z)
    {
        var b = new double[_p];
        for (int j = 0; j < _p; j++) b[j] = _log[j] ? Math.Exp(z[j]) : _scale[j] * z[j];
        return b;
    }

    public void Evaluate(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian)
    {
        var b = ToValues(x);
        EvaluateInValues(b, x[_p..], residuals, jacobian);
        if (jacobian.IsEmpty) return;
        int m = ResidualCount, all = ParameterCount;
        for (int j = 0; j < _p; j++)
        {
            double chain = _log[j] ? b[j] : _scale[j];
            for (int i = 0; i < m; i++) jacobian[i * all + j] *= chain;
        }
    }

    /// <summary>Weighted residuals (equation-major) and their Jacobian with respect to b's values and w.</summary>
    public void EvaluateInValues(ReadOnlySpan<double> b, ReadOnlySpan<double> w, Span<double> residuals, Span<double> jacobian)
    {
        int stride = Stride, all = ParameterCount;
        bool withJacobian = !jacobian.IsEmpty;
        _network.Evaluate(w, _features, _n, _term, withJacobian ? _termJacobian : default, threads: 1);
        for (int r = 0; r < _n; r++)
        {
            _rows[r * stride + _v] = _term[r];
            b.CopyTo(_rows.AsSpan(r * stride + _v + 1, _p));
        }
        for (int k = 0; k < _e; k++)
        {
            _residuals[k].EvaluateBatch(_rows.AsSpan(0, _n * stride), _n, residuals.Slice(k * _n, _n));
            for (int r = 0; r < _n; r++) residuals[k * _n + r] *= _weights[k * _n + r];
            if (!withJacobian) continue;
            for (int r = 0; r < _n; r++)
            {
                var row = _rows.AsSpan(r * stride, stride);
                double weight = _weights[k * _n + r];
                var target = jacobian.Slice((k * _n + r) * all, all);
                for (int j = 0; j < _p; j++) target[j] = weight * _byParameter[k][j].Evaluate(row);
                double byTerm = weight * _byTerm[k].Evaluate(row);
                var source = _termJacobian.AsSpan(r * _w, _w);
                for (int l = 0; l < _w; l++) target[_p + l] = byTerm * source[l];
            }
        }
    }

    /// <summary>
    /// The size of the rounding error in the residual vector as last evaluated: eps (|lhs| + |rhs|) per row, weighted, in
    /// the Euclidean norm. A residual vector this small is as close to orthogonal to J's columns as float64 can tell.
    /// </summary>
    public double RoundingNoise(Problem problem) => DataResiduals.RoundingNoise(problem, _layout, _rows, Stride, _n, _weights);

    /// <summary>
    /// dR/db_j / dR/dg of equation <paramref name="equation"/> at every row, with the term set to <paramref name="g"/>
    /// and the constants to <paramref name="b"/>, and with the row's column <paramref name="moved"/> (or none: -1)
    /// multiplied by <paramref name="factor"/>: how much of the term offsets a change of b_j there.
    /// </summary>
    public double[] Offset(int equation, int j, ReadOnlySpan<double> b, double g, int moved, double factor)
    {
        int stride = Stride;
        var row = new double[stride];
        var ratio = new double[_n];
        for (int r = 0; r < _n; r++)
        {
            _rows.AsSpan(r * stride, _v).CopyTo(row);
            row[_v] = g;
            b.CopyTo(row.AsSpan(_v + 1, _p));
            if (moved >= 0) row[moved] = row[moved] == 0 ? factor - 1 : row[moved] * factor;
            ratio[r] = _byParameter[equation][j].Evaluate(row) / _byTerm[equation].Evaluate(row);
        }
        return ratio;
    }

    /// <summary>1/sigma, 1/|lhs| at the row, or 1, per equation and row.</summary>
    private double[] Weights(Problem problem, string term, MeasuredData data, string[] layout)
    {
        var weights = new double[_e * _n];
        int stride = Stride;
        for (int k = 0; k < _e; k++)
        {
            var equation = problem.Equations[k];
            if (data.Sigma is { } sigma)
            {
                for (int r = 0; r < _n; r++) weights[k * _n + r] = 1 / sigma[r];
                continue;
            }
            if (problem.Data.Error == DataErrorKind.Absolute)
            {
                Array.Fill(weights, 1.0, k * _n, _n);
                continue;
            }
            var lhs = equation.Equation.Lhs;
            if (lhs.Variables.Contains(term) || lhs.Variables.Any(problem.ParameterNames.Contains))
                throw new ProblemException(problem.SourcePath, equation.Line, "data.error",
                    $"relative error divides each row's residual by the left-hand side of '{equation.Text}' at the row, but it uses the learned term or a parameter; " +
                    "write the equation as 'y = f(...)' with the measured output alone on the left, or set data: {error: absolute}, or give a 'sigma' column.");
            var compiled = lhs.Compile(layout);
            for (int r = 0; r < _n; r++)
            {
                double value = Math.Abs(compiled.Evaluate(_rows.AsSpan(r * stride, stride)));
                if (!(value > 0) || !double.IsFinite(value))
                    throw new ProblemException(data.Source, r + 2, lhs.ToString(),
                        $"the left-hand side of '{equation.Text}' is {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} in this row, so the relative error " +
                        "(residual divided by it) is undefined; set data: {error: absolute} in the problem file, or give a 'sigma' column.");
                weights[k * _n + r] = 1 / value;
            }
        }
        return weights;
    }
}
