using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The flat-plane kernel for 3×3 stride-1 NCHW planes of exactly 7×7 pixels with one padding pixel on every side
/// (MobileNet's last depthwise layers): the adjacent pairs of <see cref="DepthwiseFlatPlaneKernel.AdjacentChannels{TActivation}"/>
/// built for the one plane size, every offset and mask a constant — no branches, no mask conversions (see
/// docs/kernels.md, "Session 10: 7² planes").
/// </summary>
/// <remarks>
/// <para>
/// Output rows y and y + 1 share a register at lanes [0, 7) and [7, 14), as they lie in the plane. Window m (input rows
/// m − 1 and m) at tap column kx is the 16 floats from pixel 7(m − 1) + kx − 1; a lane of tap column 0 at column 0 (or of
/// column 2 at column 6) would read the neighbouring row's pixel and is cleared instead, the padding column. The
/// windows of rows 1–5 are loads (masked with constant masks for columns 0 and 2). The windows that reach the padding
/// rows are `valignd`s of the plane held in registers — pixels 0 … 15, 16 … 31, 32 … 47 and 48 with zeros above it —
/// with zeros shifted in for the pixels before 0; the loads and the shuffles then share the work (either alone was
/// slower, measured).
/// </para>
/// <para>
/// Each output element is the bias, one FMA per tap in row-major order (padding columns and the top padding row adding
/// fma(0, w, acc), the bottom padding row of the last pair skipped), then the activation: the blocked kernel's
/// operations, which skip padding rows, so the two agree bit for bit up to the sign of an all-zero sum. AVX-512 only.
/// </para>
/// </remarks>
internal readonly unsafe struct DepthwiseSevenPlaneKernel : ISevenPlaneKernel
{
    /// <summary>Plane side taken: 7.</summary>
    public const int Side = 7;

    /// <inheritdoc/>
    public static int InputPixels => Side * Side;

    private const int Lanes = 16;

    /// <summary>Whether this kernel computes the geometry: 3×3, stride 1, dilation 1, 7×7 input, one padding pixel each side, AVX-512.</summary>
    public static bool Supports(in ConvGeometry geometry) =>
        DepthwiseFlatPlaneKernel.IsSupported
        && geometry.Kernel == new Size2D(3, 3)
        && geometry.Stride == new Size2D(1, 1)
        && geometry.Dilation == new Size2D(1, 1)
        && geometry.InputHeight == Side
        && geometry.InputWidth == Side
        && geometry.PadTop == 1
        && geometry.PadBottom == 1
        && geometry.PadLeft == 1
        && geometry.PadRight == 1;

    // input plane (7, 7) → output row pairs (0, 1), (2, 3), (4, 5), (6, 7). Window m is kernel row 0 of pair m/2, row 1
    // of pair (m − 1)/2 and row 2 of pair m/2 − 1. Windows 1–5 are loads; windows 0, 6 and 7 `valignd`s of the plane's
    // registers. In those, a lane of tap column 0 at output column 0 reads the pixel at column 6 of the row above, and
    // one of tap column 2 at column 6 the pixel at column 0 of the row below: both come from copies of the register
    // with that column cleared, one `vandps` each, rather than clearing lanes in each window.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<float> Pair0, Vector512<float> Pair1, Vector512<float> Pair2, Vector512<float> Pair3) Plane(
        float* plane, in DepthwisePlaneTaps<Vector512<float>> taps)
    {
        var zero = Vector512<float>.Zero;
        var q0 = Vector512.Load(plane);
        var q2 = Vector512.Load(plane + (2 * Lanes));
        var q3 = Vector512.CreateScalar(plane[3 * Lanes]);

        // Column 6 cleared (tap column 0): pixels 6, 13 | 34, 41 | 48 (all of the fourth register).
        var left0 = q0 & Vector512.Create(-1, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1, 0, -1, -1).AsSingle();
        var left2 = q2 & Vector512.Create(-1, -1, 0, -1, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1).AsSingle();

        // Column 0 cleared (tap column 2): pixels 0, 7, 14 | 35, 42 (pixel 48 is at column 6).
        var right0 = q0 & Vector512.Create(0, -1, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1, 0, -1).AsSingle();
        var right2 = q2 & Vector512.Create(-1, -1, -1, 0, -1, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1).AsSingle();

        var accumulator0 = taps.Bias;
        var accumulator1 = taps.Bias;
        var accumulator2 = taps.Bias;
        var accumulator3 = taps.Bias;

        // Window 0: pixels −8, −7, −6 (row −1 is padding, zeros).
        accumulator0 = Row0(accumulator0, Align(left0, zero, 8), Align(q0, zero, 9), Align(right0, zero, 10), taps);

        // Window 1: pixels −1, 0, 1.
        accumulator0 = Row1(accumulator0, Align(left0, zero, 15), q0, Avx512F.MaskLoad(plane + 1, NotLast, zero), taps);

        // Window 2: pixels 6, 7, 8.
        var (a0, a1, a2) = (Avx512F.MaskLoad(plane + 6, NotFirst, zero), Vector512.Load(plane + 7), Avx512F.MaskLoad(plane + 8, NotLast, zero));
        accumulator0 = Row2(accumulator0, a0, a1, a2, taps);
        accumulator1 = Row0(accumulator1, a0, a1, a2, taps);

        // Window 3: pixels 13, 14, 15.
        accumulator1 = Row1(accumulator1, Avx512F.MaskLoad(plane + 13, NotFirst, zero), Vector512.Load(plane + 14), Avx512F.MaskLoad(plane + 15, NotLast, zero), taps);

        // Window 4: pixels 20, 21, 22.
        (a0, a1, a2) = (Avx512F.MaskLoad(plane + 20, NotFirst, zero), Vector512.Load(plane + 21), Avx512F.MaskLoad(plane + 22, NotLast, zero));
        accumulator1 = Row2(accumulator1, a0, a1, a2, taps);
        accumulator2 = Row0(accumulator2, a0, a1, a2, taps);

        // Window 5: pixels 27, 28, 29.
        accumulator2 = Row1(accumulator2, Avx512F.MaskLoad(plane + 27, NotFirst, zero), Vector512.Load(plane + 28), Avx512F.MaskLoad(plane + 29, NotLast, zero), taps);

        // Window 6: pixels 34, 35, 36.
        (a0, a1, a2) = (Align(zero, left2, 2), Align(q3, q2, 3), Align(q3, right2, 4));
        accumulator2 = Row2(accumulator2, a0, a1, a2, taps);
        accumulator3 = Row0(accumulator3, a0, a1, a2, taps);

        // Window 7: pixels 41, 42, 43 (row 7 is padding: zeros past pixel 48). Window 8 (rows 7 and 8) is all padding,
        // skipped as the blocked kernel skips padding rows.
        accumulator3 = Row1(accumulator3, Align(zero, left2, 9), Align(q3, q2, 10), Align(q3, right2, 11), taps);
        return (accumulator0, accumulator1, accumulator2, accumulator3);
    }

    private static Vector512<float> NotFirst => Vector512.Create(0, -1, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1, -1, -1).AsSingle();

    private static Vector512<float> NotLast => Vector512.Create(-1, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1, 0, -1, -1).AsSingle();

    // Lane i = pixel s + i of the concatenation (low, high), s = shift.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Align(Vector512<float> high, Vector512<float> low, [ConstantExpected] byte shift) =>
        Avx512F.AlignRight32(high.AsInt32(), low.AsInt32(), shift).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row0(Vector512<float> accumulator, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, in DepthwisePlaneTaps<Vector512<float>> taps)
    {
        accumulator = Vector512.FusedMultiplyAdd(a0, taps.W00, accumulator);
        accumulator = Vector512.FusedMultiplyAdd(a1, taps.W01, accumulator);
        return Vector512.FusedMultiplyAdd(a2, taps.W02, accumulator);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row1(Vector512<float> accumulator, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, in DepthwisePlaneTaps<Vector512<float>> taps)
    {
        accumulator = Vector512.FusedMultiplyAdd(a0, taps.W10, accumulator);
        accumulator = Vector512.FusedMultiplyAdd(a1, taps.W11, accumulator);
        return Vector512.FusedMultiplyAdd(a2, taps.W12, accumulator);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row2(Vector512<float> accumulator, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, in DepthwisePlaneTaps<Vector512<float>> taps)
    {
        accumulator = Vector512.FusedMultiplyAdd(a0, taps.W20, accumulator);
        accumulator = Vector512.FusedMultiplyAdd(a1, taps.W21, accumulator);
        return Vector512.FusedMultiplyAdd(a2, taps.W22, accumulator);
    }
}
