using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// What <see cref="DepthwisePlaneKernel"/> keeps in registers for one channel: the bias and the nine 3×3 weights, each
/// broadcast to every lane.
/// </summary>
internal readonly unsafe struct DepthwisePlaneTaps<TVector>(
    TVector bias, TVector w00, TVector w01, TVector w02, TVector w10, TVector w11, TVector w12, TVector w20, TVector w21, TVector w22)
    where TVector : struct
{
    public TVector Bias { get; } = bias;

    public TVector W00 { get; } = w00;

    public TVector W01 { get; } = w01;

    public TVector W02 { get; } = w02;

    public TVector W10 { get; } = w10;

    public TVector W11 { get; } = w11;

    public TVector W12 { get; } = w12;

    public TVector W20 { get; } = w20;

    public TVector W21 { get; } = w21;

    public TVector W22 { get; } = w22;

    /// <summary>The taps of one channel whose nine weights lie <paramref name="weightStride"/> floats apart, row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DepthwisePlaneTaps<TVector> Broadcast<TSimd>(float bias, float* weights, nint weightStride)
        where TSimd : struct, ISimdFloat<TVector> =>
        new(
            TSimd.Broadcast(bias),
            TSimd.Broadcast(weights[0]),
            TSimd.Broadcast(weights[weightStride]),
            TSimd.Broadcast(weights[2 * weightStride]),
            TSimd.Broadcast(weights[3 * weightStride]),
            TSimd.Broadcast(weights[4 * weightStride]),
            TSimd.Broadcast(weights[5 * weightStride]),
            TSimd.Broadcast(weights[6 * weightStride]),
            TSimd.Broadcast(weights[7 * weightStride]),
            TSimd.Broadcast(weights[8 * weightStride]));
}
