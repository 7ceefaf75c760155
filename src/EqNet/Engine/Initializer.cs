using System.Numerics;

namespace EqNet.Engine;

/// <summary>Seeded Xavier and He initialisation.</summary>
public static class Initializer
{
    /// <summary>Xavier/Glorot uniform: U(-a, a), a = sqrt(6 / (fan in + fan out)); for tanh and sigmoid layers.</summary>
    public static void Xavier<T>(Parameter<T> w, Random random) where T : unmanaged, IFloatingPointIeee754<T> =>
        Uniform(w, Math.Sqrt(6.0 / (w.Value.Rows + w.Value.Cols)), random);

    /// <summary>He/Kaiming uniform: U(-a, a), a = sqrt(6 / fan in); for ReLU-like layers.</summary>
    public static void He<T>(Parameter<T> w, Random random) where T : unmanaged, IFloatingPointIeee754<T> =>
        Uniform(w, Math.Sqrt(6.0 / w.Value.Rows), random);

    private static void Uniform<T>(Parameter<T> w, double a, Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = w.Value.Data;
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateChecked(a * (2 * random.NextDouble() - 1));
    }
}
