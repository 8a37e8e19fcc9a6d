using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>The runs of 14 of one output row described by a <see cref="DepthwiseRow"/> (the stride-1 runs).</summary>
internal readonly ref struct DepthwiseRowRuns<TRunTaps> : IRowOfRuns
    where TRunTaps : struct, IDepthwiseFourteenPixelRun
{
    private readonly ref readonly DepthwiseRow _row;

    public DepthwiseRowRuns(ref readonly DepthwiseRow row)
    {
        _row = ref row;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Run<TSimd, TVector, TRun, TOutput, TActivation>(int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation> =>
        TRunTaps.Run<TSimd, TVector, TRun, TOutput, TActivation>(_row, x, ref output, activation);
}
