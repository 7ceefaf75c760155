using System.Numerics.Tensors;

namespace EqNet.Optimization;

/// <summary>
/// Solves (J^T J + lambda D) h = -J^T r for the Levenberg-Marquardt step (D = I, or diag(J^T J) for Marquardt's
/// scaling), in whichever of two equivalent forms is smaller.
/// </summary>
/// <remarks>
/// With more residuals than parameters (m &gt;= n) it factors the n x n normal matrix built by <see cref="NormalEquations"/>.
/// With fewer (an over-parameterised network on few points) it uses h = -J^T (J J^T + lambda I)^-1 r, the same step
/// through an m x m system: for a 1,153-parameter network on 200 points that is a 200 x 200 factorisation instead of
/// 1,153 x 1,153. Marquardt's scaling has no such form and always uses the normal matrix. Buffers are kept between calls
/// and resized when the shape changes, so the many tiny systems of Newton's polish allocate nothing per step.
/// </remarks>
internal sealed class DampedGaussNewtonStep(int threads, bool diagonalDamping) : IDampedStepSolver
{
    private int _m, _n, _size;
    private bool _dual;
    private double[] _matrix = [], _factor = [], _rhs = [], _transposed = [], _zeros = [], _residuals = [], _gradient = [];

    /// <summary>J^T r at the point of the last <see cref="Prepare"/>.</summary>
    public ReadOnlySpan<double> Gradient => _gradient.AsSpan(0, _n);

    /// <summary>Largest diagonal entry of J^T J (a squared column norm of J), whichever form is solved: it sets the initial damping.</summary>
    public double MaxCurvature { get; private set; }

    /// <summary>Forms the undamped system at the current point from J (m x n, row-major) and r (m).</summary>
    public void Prepare(double[] jacobian, double[] residuals, int m, int n)
    {
        Resize(m, n);
        if (!_dual)
        {
            NormalEquations.Build(jacobian, residuals, m, n, _matrix, _gradient, threads);
            MaxCurvature = 0;
            for (int p = 0; p < n; p++) MaxCurvature = Math.Max(MaxCurvature, _matrix[p * n + p]);
            return;
        }
        // J J^T is the normal matrix of J^T, so the same blocked kernel builds it from the transpose (zero residuals:
        // its right-hand side is not wanted here, J^T r is a column-wise dot product below).
        for (int i = 0; i < m; i++)
            for (int p = 0; p < n; p++) _transposed[p * m + i] = jacobian[i * n + p];
        residuals.CopyTo(_residuals);
        NormalEquations.Build(_transposed, _zeros, n, m, _matrix, _rhs, threads);
        MaxCurvature = 0;
        for (int p = 0; p < n; p++)
        {
            var column = _transposed.AsSpan(p * m, m);
            _gradient[p] = TensorPrimitives.Dot(column, residuals);
            MaxCurvature = Math.Max(MaxCurvature, TensorPrimitives.Dot(column, column));
        }
    }

    /// <summary>
    /// Writes the step for damping <paramref name="lambda"/> and the reduction of |r + J h|^2 it predicts,
    /// h.(lambda D h - J^T r); false when the damped matrix is not positive definite.
    /// </summary>
    public bool Solve(double lambda, Span<double> step, out double predicted)
    {
        predicted = 0;
        Array.Copy(_matrix, _factor, _size * _size);
        if (!_dual)
        {
            for (int a = 0; a < _n; a++)
            {
                _factor[a * _n + a] += lambda * Scale(a);
                _rhs[a] = -_gradient[a];
            }
            if (!NormalEquations.CholeskySolve(_factor, _rhs, _n, threads)) return false;
            _rhs.AsSpan(0, _n).CopyTo(step);
        }
        else
        {
            for (int i = 0; i < _m; i++)
            {
                _factor[i * _m + i] += lambda;
                _rhs[i] = -_residuals[i];
            }
            if (!NormalEquations.CholeskySolve(_factor, _rhs, _m, threads)) return false;
            for (int p = 0; p < _n; p++) step[p] = TensorPrimitives.Dot(_transposed.AsSpan(p * _m, _m), _rhs.AsSpan(0, _m));
        }
        for (int a = 0; a < _n; a++) predicted += step[a] * (lambda * Scale(a) * step[a] - _gradient[a]);
        return true;
    }

    /// <summary>D's entry a: 1, or J^T J's diagonal kept off zero so a parameter the residuals ignore still gets a finite step.</summary>
    private double Scale(int a) => diagonalDamping ? Math.Max(_matrix[a * _n + a], 1e-300) : 1;

    private void Resize(int m, int n)
    {
        if (m == _m && n == _n) return;
        (_m, _n, _dual) = (m, n, m < n && !diagonalDamping);
        _size = _dual ? m : n;
        _matrix = new double[_size * _size];
        _factor = new double[_size * _size];
        _rhs = new double[_size];
        _gradient = new double[n];
        _transposed = _dual ? new double[m * n] : [];
        _zeros = _dual ? new double[n] : [];
        _residuals = _dual ? new double[m] : [];
    }
}
