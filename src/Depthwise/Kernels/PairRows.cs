using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The padded rows of one input plane as registers, for <see cref="DepthwiseFlatPlaneKernel.PairedChannels{TActivation}"/>:
/// padded row r holds input row r − padTop at lanes padLeft … padLeft + W − 1 and zeros elsewhere; rows above or below
/// the image are all zeros.
/// </summary>
/// <param name="origin">Where padded row 0, lane 0 would be: the plane minus padTop rows and padLeft floats.</param>
/// <param name="padTop">Padding rows above the image.</param>
/// <param name="height">Input rows H.</param>
/// <param name="width">Input columns W.</param>
/// <param name="mask">Lanes [padLeft, padLeft + W) set.</param>
internal readonly unsafe struct PairRows(float* origin, int padTop, int height, int width, Vector512<float> mask)
{
    private readonly float* _origin = origin;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Row(int row) =>
        (uint)(row - padTop) < (uint)height ? Avx512F.MaskLoad(_origin + ((nint)row * width), mask, Vector512<float>.Zero) : Vector512<float>.Zero;
}
