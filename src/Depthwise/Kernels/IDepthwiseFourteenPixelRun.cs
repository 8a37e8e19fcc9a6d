namespace Depthwise.Kernels;

/// <summary>
/// What every stride-1 run-taps type shares (<see cref="IDepthwiseRunTaps"/>): a run of 14 output pixels of one output
/// row of one channel block, described by a <see cref="DepthwiseRow"/> (<see cref="DepthwiseRowRuns{TRunTaps}"/>).
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
