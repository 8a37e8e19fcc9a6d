namespace Depthwise.Kernels;

/// <summary>
/// One output row of one channel block as runs of 14 pixels, however a run finds its input: from a
/// <see cref="DepthwiseRow"/> built for the row (<see cref="DepthwiseRowRuns{TRunTaps}"/>, the stride-1 runs) or from the
/// block's <see cref="ChannelBlockRows"/> and the output row (<see cref="ChannelBlockRowRuns{TRunTaps}"/>, the stride-2
/// runs), so that one loop (<c>DepthwiseConvKernel.RunsAcross</c>) cuts every row of 14·k pixels into runs.
/// </summary>
internal interface IRowOfRuns
{
    /// <summary>
    /// Computes output pixels x … x + 13 of the row, activates them and hands them to <paramref name="output"/>;
    /// <typeparamref name="TRun"/> says whether the run's first or last input columns may be padding.
    /// </summary>
    void Run<TSimd, TVector, TRun, TOutput, TActivation>(int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>;
}
