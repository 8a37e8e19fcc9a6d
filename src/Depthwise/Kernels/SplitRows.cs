using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The padded rows of one input plane split into their stride-2 tap registers, for
/// <see cref="DepthwiseFlatPlaneKernel.SplitChannels{TActivation}"/>: padded row r (input row r − padTop, padded
/// columns 0 … 31, zeros outside the image) as its even columns (tap kx = 0 of output column x: padded column 2x), its
/// odd columns (kx = 1) and its even columns one further (kx = 2); rows above or below the image are all zeros.
/// </summary>
/// <param name="origin">Where padded row 0, column 0 would be: the plane minus padTop rows and padLeft floats.</param>
/// <param name="padTop">Padding rows above the image.</param>
/// <param name="height">Input rows H.</param>
/// <param name="width">Input columns W.</param>
/// <param name="low">Lanes of padded columns 0 … 15 inside the image.</param>
/// <param name="high">Lanes of padded columns 16 … 31 inside the image.</param>
internal readonly unsafe struct SplitRows(float* origin, int padTop, int height, int width, Vector512<float> low, Vector512<float> high)
{
    private readonly float* _origin = origin;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2) Row(int row)
    {
        if ((uint)(row - padTop) >= (uint)height)
        {
            return (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        }

        var source = _origin + ((nint)row * width);
        var first = Avx512F.MaskLoad(source, low, Vector512<float>.Zero);
        var second = Avx512F.MaskLoad(source + 16, high, Vector512<float>.Zero);
        var even = SimdFloat512.EvenLanes(first, second);
        return (even, SimdFloat512.OddLanes(first, second), SimdFloat512.ShiftDown(even));
    }
}
