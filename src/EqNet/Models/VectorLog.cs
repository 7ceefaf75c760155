using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EqNet.Models;

/// <summary>
/// Natural log over spans of float64, one SIMD vector of rows at a time, within one ulp of <see cref="Math.Log(double)"/>
/// (largest relative difference 2.2e-16 on 700,500 points from 1e-300 to 1e300; see the tests); zero, negative,
/// subnormal, infinite and NaN arguments are <see cref="Math.Log(double)"/>'s own. Batch prediction's log-sum-exp units take
/// one log per row each.
/// </summary>
/// <remarks>
/// The algorithm is fdlibm's <c>log</c> (Sun Microsystems, e_log.c): x = 2^k (1 + f) with sqrt(2)/2 &lt; 1 + f &lt;
/// sqrt(2), s = f / (2 + f), log(1 + f) = f - hfsq + s (hfsq + R), R the Remez polynomial in s^2 (error below 2^-58),
/// and k ln 2 in two parts. fdlibm's two forms of the last sum (with or without hfsq, chosen by where f lies) are both
/// computed and the lane's one kept; its shortcut for |f| &lt; 2^-20 is left out (the general form gives the same
/// there, to the bit at f = 0). Lanes outside the positive normal numbers go to <see cref="Math.Log(double)"/> one by one. Every
/// lane and <see cref="Scalar"/> make the same IEEE operations in the same order, without fused multiply-add, so they
/// agree to the bit.
/// </remarks>
internal static class VectorLog
{
    private const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>The smallest positive normal double, 2^-1022.</summary>
    private const double MinNormal = 2.2250738585072014e-308;
    private const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
        Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;

    /// <summary>values[r] = log(values[r]) for every r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Span<double> values)
    {
        int r = 0, lanes = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            ref double v = ref MemoryMarshal.GetReference(values);
            for (; r <= values.Length - lanes; r += lanes)
                Of(Vector.LoadUnsafe(ref v, (nuint)r)).StoreUnsafe(ref v, (nuint)r);
        }
        for (; r < values.Length; r++) values[r] = Scalar(values[r]);
    }

    /// <summary>log of each lane, as <see cref="Scalar"/> computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Of(Vector<double> x)
    {
        var normal = Vector.BitwiseAnd(Vector.GreaterThanOrEqual(x, new Vector<double>(MinNormal)), Vector.LessThanOrEqual(x, new Vector<double>(double.MaxValue)));
        var result = Kernel(x);
        if (Vector.EqualsAll(normal, Vector<long>.AllBitsSet)) return result;
        for (int lane = 0; lane < Vector<double>.Count; lane++)
            if (normal[lane] == 0) result = result.WithElement(lane, Math.Log(x[lane]));
        return result;
    }

    /// <summary>log of one value, the operations of <see cref="Of"/> for one lane.</summary>
    public static double Scalar(double x)
    {
        if (!(x >= MinNormal && x <= double.MaxValue)) return Math.Log(x);
        long bits = BitConverter.DoubleToInt64Bits(x);
        long hx = bits >> 32;
        long k = (hx >> 20) - 1023;
        hx &= 0x000fffff;
        long i = (hx + 0x95f64) & 0x100000;
        k += i >> 20;
        double f = BitConverter.Int64BitsToDouble(((hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffL)) - 1.0;
        double dk = k;
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
        double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
        double rr = t2 + t1;
        double hfsq = 0.5 * f * f;
        bool withHalfSquare = hx - 0x6147a >= 0 && 0x6b851 - hx >= 0;
        return withHalfSquare
            ? dk * Ln2Hi - ((hfsq - (s * (hfsq + rr) + dk * Ln2Lo)) - f)
            : dk * Ln2Hi - ((s * (f - rr) - dk * Ln2Lo) - f);
    }

    /// <summary>The positive-normal path of <see cref="Scalar"/> in every lane (other lanes hold garbage).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Kernel(Vector<double> x)
    {
        var bits = Vector.AsVectorInt64(x);
        var hx = Vector.ShiftRightArithmetic(bits, 32);
        var k = Vector.ShiftRightArithmetic(hx, 20) - new Vector<long>(1023);
        hx &= new Vector<long>(0x000fffff);
        var i = (hx + new Vector<long>(0x95f64)) & new Vector<long>(0x100000);
        k += Vector.ShiftRightArithmetic(i, 20);
        var f = Vector.AsVectorDouble(Vector.ShiftLeft(hx | (i ^ new Vector<long>(0x3ff00000)), 32) | (bits & new Vector<long>(0xffffffffL))) - Vector<double>.One;
        var dk = Vector.ConvertToDouble(k);
        var s = f / (new Vector<double>(2.0) + f);
        var z = s * s;
        var w = z * z;
        var t1 = w * (new Vector<double>(Lg2) + w * (new Vector<double>(Lg4) + w * new Vector<double>(Lg6)));
        var t2 = z * (new Vector<double>(Lg1) + w * (new Vector<double>(Lg3) + w * (new Vector<double>(Lg5) + w * new Vector<double>(Lg7))));
        var rr = t2 + t1;
        var hfsq = new Vector<double>(0.5) * f * f;
        var withHalfSquare = Vector.BitwiseAnd(Vector.GreaterThanOrEqual(hx - new Vector<long>(0x6147a), Vector<long>.Zero),
            Vector.GreaterThanOrEqual(new Vector<long>(0x6b851) - hx, Vector<long>.Zero));
        var ln2Hi = dk * new Vector<double>(Ln2Hi);
        var ln2Lo = dk * new Vector<double>(Ln2Lo);
        var a = ln2Hi - ((hfsq - (s * (hfsq + rr) + ln2Lo)) - f);
        var b = ln2Hi - ((s * (f - rr) - ln2Lo) - f);
        return Vector.ConditionalSelect(withHalfSquare, a, b);
    }
}
