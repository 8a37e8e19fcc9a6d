namespace Depthwise.Kernels;

/// <summary>
/// One way of computing a stride-2 row of one channel block in runs instead of eight-pixel blocks
/// (<see cref="Taps3x3Stride2Run"/>, <see cref="Taps5x5Stride2Run"/>): runs of 14 output pixels, or a whole row of 7.
/// Like <see cref="IDepthwiseTaps"/>, every implementation starts from the bias and adds one fused multiply-add per tap
/// in (ky, kx) order, padding columns as fma(0, w, acc), so runs and blocks give the same bits.
/// </summary>
internal interface IDepthwiseStride2RunTaps : IDepthwiseFourteenPixelRun, IDepthwiseSevenPixelRun
{
    /// <summary>Kernel width (and height).</summary>
    static abstract int KernelSize { get; }

}
