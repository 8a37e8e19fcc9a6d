using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// One kernel row of a half block's run of 14 output pixels computed as 7 pixel pairs (<see cref="HalfBlockPairs"/>):
/// register j holds output pixel x + j in its low 8 lanes and x + 7 + j in its high 8. Every implementation adds one
/// fused multiply-add per tap in kx order to each pair, padding columns as fma(0, w, acc), as the 16-lane bodies do, so
/// the pairs give the same bits.
/// </summary>
internal unsafe interface IHalfBlockPairTaps
{
    /// <summary>The kernel's width and height.</summary>
    static abstract int KernelSize { get; }

    /// <summary>The stride across.</summary>
    static abstract int Stride { get; }

    /// <summary>
    /// Input row <paramref name="row"/> (pixels <see cref="HalfBlockPairs.Lanes"/> floats apart), the pairs' low halves
    /// from column <paramref name="lowerColumn"/> and high halves from <paramref name="upperColumn"/>, the kernel row's
    /// weights (k, 16), each weight in both halves → accumulators 0 … 6.
    /// </summary>
    static abstract void KernelRow<TEnds>(
        float* row,
        int lowerColumn,
        int upperColumn,
        int width,
        float* weights,
        ref Vector512<float> accumulator0,
        ref Vector512<float> accumulator1,
        ref Vector512<float> accumulator2,
        ref Vector512<float> accumulator3,
        ref Vector512<float> accumulator4,
        ref Vector512<float> accumulator5,
        ref Vector512<float> accumulator6)
        where TEnds : struct, IPaddedEnds;
}
