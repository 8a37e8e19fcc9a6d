using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// <see cref="Vector512.Max{T}"/> and <see cref="Vector512.Min{T}"/> against a bound that is never NaN, with the same
/// bits (IEEE 754-2019 maximum/minimum: −0 &lt; +0, a NaN input returned unchanged) in fewer instructions: the JIT
/// expands each general Max/Min into a <c>vrangeps</c> plus two <c>vfixupimmps</c> that propagate a NaN from either
/// operand, about three times the cost of the FMAs it follows per output register in the depthwise kernel. With the
/// bound known to be a number, one <c>vrangeps</c> per bound does the comparison (it orders −0 below +0 but returns the
/// other operand for a NaN), and one compare and masked select per activation puts NaN inputs back.
/// </summary>
internal static class Vector512Clamp
{
    /// <summary>max(x, <paramref name="min"/>), <paramref name="min"/> not NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> x, Vector512<float> min) =>
        Avx512DQ.IsSupported ? Vector512.ConditionalSelect(Vector512.IsNaN(x), x, Avx512DQ.Range(x, min, RangeMaximum)) : Vector512.Max(x, min);

    /// <summary>min(max(x, <paramref name="min"/>), <paramref name="max"/>), neither bound NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Clamp(Vector512<float> x, Vector512<float> min, Vector512<float> max) =>
        Avx512DQ.IsSupported
            ? Vector512.ConditionalSelect(Vector512.IsNaN(x), x, Avx512DQ.Range(Avx512DQ.Range(x, min, RangeMaximum), max, RangeMinimum))
            : Vector512.Min(Vector512.Max(x, min), max);

    // vrangeps imm8: bits 1:0 select min (00) or max (01), bits 3:2 = 01 take the sign from the selected operand.
    private const byte RangeMinimum = 0b0100;

    private const byte RangeMaximum = 0b0101;
}
