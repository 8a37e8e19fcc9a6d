using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The runs of 14 of output row y of a channel block's <see cref="ChannelBlockRows"/> (the stride-2 runs): nothing built
/// per row but this reference and the row's index.
/// </summary>
internal readonly ref struct ChannelBlockRowRuns<TRunTaps> : IRowOfRuns
    where TRunTaps : struct, IDepthwiseStride2RunTaps
{
    private readonly ref readonly ChannelBlockRows _block;

    private readonly int _y;

    public ChannelBlockRowRuns(ref readonly ChannelBlockRows block, int y)
    {
        _block = ref block;
        _y = y;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Run<TSimd, TVector, TRun, TOutput, TActivation>(int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation> =>
        TRunTaps.RunAt<TSimd, TVector, TRun, TOutput, TActivation>(_block, _y, x, ref output, activation);
}
