using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The flat-plane kernel for 3×3 stride-2 NCHW planes of 14×14 pixels padded SAME_UPPER (no padding above and left, one
/// row below and one column right) into 7×7 outputs (MobileNet's 14² → 7² layers): the permuted pairs of
/// <see cref="DepthwiseFlatPlaneKernel.PairedChannels{TActivation}"/> built for the one plane size, every row, offset and
/// mask a constant — no branches, no mask conversions, and the pairs permuted straight into the output's layout (see
/// docs/kernels.md, "Session 10: 7² planes").
/// </summary>
/// <remarks>
/// <para>
/// Output rows y and y + 1 share a register at lanes [0, 7) and [7, 14), as they lie in the output plane. Input row r is
/// one load masked to its 14 pixels (lanes 14 and 15 zero, the right padding column); the register of tap (ky, kx)
/// for the pair is one two-source permute of input rows 2y + ky and 2y + 2 + ky, lane x taking column 2x + kx of the
/// first and lane 7 + x the same column of the second. Row 14 is the bottom padding row.
/// </para>
/// <para>
/// Each output element is the bias, one FMA per tap in row-major order (the padding column adding fma(0, w, acc), the
/// bottom padding row of the last pair skipped), then the activation: the blocked kernel's operations, so the two agree
/// bit for bit up to the sign of an all-zero sum. AVX-512 only.
/// </para>
/// </remarks>
internal readonly unsafe struct DepthwiseSevenPlaneStride2Kernel : ISevenPlaneKernel
{
    /// <summary>Input plane side taken: 14.</summary>
    public const int InputSide = 14;

    /// <inheritdoc/>
    public static int InputPixels => InputSide * InputSide;

    /// <summary>Whether this kernel computes the geometry: 3×3, stride 2, dilation 1, 14×14 input padded (0, 0, 1, 1), AVX-512.</summary>
    public static bool Supports(in ConvGeometry geometry) =>
        DepthwiseFlatPlaneKernel.IsSupported
        && geometry.Kernel == new Size2D(3, 3)
        && geometry.Stride == new Size2D(2, 2)
        && geometry.Dilation == new Size2D(1, 1)
        && geometry.InputHeight == InputSide
        && geometry.InputWidth == InputSide
        && geometry.PadTop == 0
        && geometry.PadLeft == 0
        && geometry.PadBottom == 1
        && geometry.PadRight == 1;

    // input plane (14, 14) → output row pairs (0, 1), (2, 3), (4, 5), (6, 7): pair k reads input rows 4k + ky (first
    // row) and 4k + 2 + ky (second), so rows 4, 8 and 12 serve two pairs; row 14 (padding) is skipped, and the rows
    // below it, which only the nonexistent output row 7 reads, are zeros.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<float> Pair0, Vector512<float> Pair1, Vector512<float> Pair2, Vector512<float> Pair3) Plane(float* plane, in DepthwisePlaneTaps<Vector512<float>> taps)
    {
        var zero = Vector512<float>.Zero;
        var accumulator0 = taps.Bias;
        var accumulator1 = taps.Bias;
        var accumulator2 = taps.Bias;
        var accumulator3 = taps.Bias;

        var row0 = Row(plane, 0);
        var row1 = Row(plane, 1);
        var row2 = Row(plane, 2);
        var row3 = Row(plane, 3);
        var row4 = Row(plane, 4);
        accumulator0 = TapRow(accumulator0, row0, row2, taps.W00, taps.W01, taps.W02);
        accumulator0 = TapRow(accumulator0, row1, row3, taps.W10, taps.W11, taps.W12);
        accumulator0 = TapRow(accumulator0, row2, row4, taps.W20, taps.W21, taps.W22);

        var row5 = Row(plane, 5);
        var row6 = Row(plane, 6);
        var row7 = Row(plane, 7);
        var row8 = Row(plane, 8);
        accumulator1 = TapRow(accumulator1, row4, row6, taps.W00, taps.W01, taps.W02);
        accumulator1 = TapRow(accumulator1, row5, row7, taps.W10, taps.W11, taps.W12);
        accumulator1 = TapRow(accumulator1, row6, row8, taps.W20, taps.W21, taps.W22);

        var row9 = Row(plane, 9);
        var row10 = Row(plane, 10);
        var row11 = Row(plane, 11);
        var row12 = Row(plane, 12);
        accumulator2 = TapRow(accumulator2, row8, row10, taps.W00, taps.W01, taps.W02);
        accumulator2 = TapRow(accumulator2, row9, row11, taps.W10, taps.W11, taps.W12);
        accumulator2 = TapRow(accumulator2, row10, row12, taps.W20, taps.W21, taps.W22);

        var row13 = Row(plane, 13);
        accumulator3 = TapRow(accumulator3, row12, zero, taps.W00, taps.W01, taps.W02);
        accumulator3 = TapRow(accumulator3, row13, zero, taps.W10, taps.W11, taps.W12);
        return (accumulator0, accumulator1, accumulator2, accumulator3);
    }

    // Input row r: its 14 pixels at lanes 0 … 13, zeros at 14 and 15 (the load touches nothing past the row's end).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(float* plane, [System.Diagnostics.CodeAnalysis.ConstantExpected] int row) =>
        Avx512F.MaskLoad(plane + (row * InputSide), Vector512.Create(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0).AsSingle(), Vector512<float>.Zero);

    // One kernel row of a pair: tap kx of lane x is column 2x + kx of the first row (lanes [0, 7)) or of the second
    // (lanes [7, 14)); column 14 is lane 14 of a row, zero, the padding column.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> TapRow(
        Vector512<float> accumulator, Vector512<float> first, Vector512<float> second, Vector512<float> w0, Vector512<float> w1, Vector512<float> w2)
    {
        accumulator = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(first, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 16, 18, 20, 22, 24, 26, 28, 15, 15), second), w0, accumulator);
        accumulator = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(first, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 17, 19, 21, 23, 25, 27, 29, 15, 15), second), w1, accumulator);
        return Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(first, Vector512.Create(2, 4, 6, 8, 10, 12, 14, 18, 20, 22, 24, 26, 28, 30, 15, 15), second), w2, accumulator);
    }
}
