namespace Depthwise.Kernels;

/// <summary>
/// One way of computing stride-2 rows of one channel block in runs instead of eight-pixel blocks
/// (<see cref="Taps3x3Stride2Run"/>, <see cref="Taps5x5Stride2Run"/>): runs of 14 output pixels, or whole rows of 7, each
/// call given only its output row and the block's <see cref="ChannelBlockRows"/>, built once per work item.
/// Like <see cref="IDepthwiseTaps"/>, every implementation starts from the bias and adds one fused multiply-add per tap
/// in (ky, kx) order, padding columns as fma(0, w, acc), so runs and blocks give the same bits.
/// </summary>
internal interface IDepthwiseStride2RunTaps
{
    /// <summary>Kernel width (and height).</summary>
    static abstract int KernelSize { get; }

    /// <summary>
    /// Computes output pixels x … x + 13 of output row <paramref name="y"/> of <paramref name="block"/>, activates them and
    /// hands them to <paramref name="output"/>; <typeparamref name="TRun"/> says whether the run's first or last input
    /// columns may be padding (the runs at the row's ends), the only ones it tests against the image.
    /// </summary>
    static abstract void RunAt<TSimd, TVector, TRun, TOutput, TActivation>(in ChannelBlockRows block, int y, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>;

    /// <summary>
    /// Computes all 7 output pixels of <typeparamref name="TRows"/> (1–3) consecutive rows of 7 from output row
    /// <paramref name="y"/> of <paramref name="block"/>, activates them and hands them to <paramref name="output"/> in
    /// increasing y.
    /// </summary>
    static abstract void RunSevenRows<TSimd, TVector, TRows, TOutput, TActivation>(in ChannelBlockRows block, int y, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IGemmCount
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>;
}
