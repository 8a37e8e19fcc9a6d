namespace Depthwise.Kernels;

/// <summary>
/// One way of computing a run of 14 output pixels of one channel block at stride 1 with "same" padding
/// (<see cref="Taps3x3Stride1Run"/>, <see cref="Taps5x5Stride1Run"/>): the row driver cuts rows of 14·k pixels into
/// runs instead of eight-pixel blocks. Like <see cref="IDepthwiseTaps"/>, every implementation starts from the bias and
/// adds one fused multiply-add per tap in (ky, kx) order, padding columns as fma(0, w, acc), so runs and blocks give
/// the same bits.
/// </summary>
internal interface IDepthwiseRunTaps : IDepthwiseFourteenPixelRun
{
    /// <summary>Padding columns on each side of a row the run expects (kernel width / 2).</summary>
    static abstract int PaddingColumns { get; }
}
