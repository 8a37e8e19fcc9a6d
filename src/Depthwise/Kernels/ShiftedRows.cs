using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The tap registers of one input row, for <see cref="DepthwiseFlatPlaneKernel.ShiftedChannels{TActivation}"/> (3×3,
/// stride 1, one padding column each side, rows of 9–15 pixels): the row is one masked load (columns 0 … W − 1 at lanes
/// 0 … W − 1, zeros above), tap kx = 1 of output column x; moved up a lane with a zero shifted in it is tap 0 (column
/// x − 1, the left padding at x = 0), moved down a lane it is tap 2 (column x + 1, the zero at lane W the right
/// padding). Rows above or below the image are all zeros.
/// </summary>
/// <param name="plane">The input plane (H, W).</param>
/// <param name="height">Input rows H.</param>
/// <param name="width">Input columns W, at most 15.</param>
/// <param name="mask">Lanes [0, W) set.</param>
internal readonly unsafe struct ShiftedRows(float* plane, int height, int width, Vector512<float> mask)
{
    private readonly float* _plane = plane;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2) Row(int row)
    {
        if ((uint)row >= (uint)height)
        {
            return (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        }

        var center = Avx512F.MaskLoad(_plane + ((nint)row * width), mask, Vector512<float>.Zero);
        return (SimdFloat512.ShiftUp(center), center, SimdFloat512.ShiftDown(center));
    }
}
