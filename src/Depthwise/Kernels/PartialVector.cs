using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// Partial loads and stores through a stack copy, for widths whose masked instructions the hardware lacks; kept out
/// of line so that the callers, free of stackalloc, can be inlined.
/// </summary>
internal static unsafe class PartialVector
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TVector Load<TSimd, TVector>(float* source, TVector mask)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var copy = stackalloc float[TSimd.Count];
        TSimd.Store(mask, copy);
        for (var lane = 0; lane < TSimd.Count; lane++)
        {
            copy[lane] = BitConverter.SingleToInt32Bits(copy[lane]) != 0 ? source[lane] : 0f;
        }

        return TSimd.Load(copy);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Store<TSimd, TVector>(TVector value, float* destination, int count)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var copy = stackalloc float[TSimd.Count];
        TSimd.Store(value, copy);
        for (var lane = 0; lane < count; lane++)
        {
            destination[lane] = copy[lane];
        }
    }
}
