namespace Depthwise.Kernels;

/// <summary>
/// What every run-taps type shares (<see cref="IDepthwiseRunTaps"/> at stride 1, <see cref="IDepthwiseStride2RunTaps"/>
/// at stride 2): a run of 14 output pixels of one channel block, so one row driver cuts rows of 14·k pixels into runs at
/// either stride.
/// </summary>
internal interface IDepthwiseFourteenPixelRun
{
    /// <summary>
    /// Computes output pixels x … x + 13 of <paramref name="row"/>, activates them and hands them to
    /// <paramref name="output"/>; <typeparamref name="TRun"/> says whether the run's first or last input columns may be
    /// padding (the runs at the row's ends), the only ones it tests against the image.
    /// </summary>
    static abstract void Run<TSimd, TVector, TRun, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>;
}
