namespace EqNet.Models;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box-Muller), for reproducible initialisation.</summary>
internal static class Gaussian
{
    public static double Next(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
