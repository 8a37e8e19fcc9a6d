using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The tap registers of one input row, for <see cref="DepthwiseFlatPlaneKernel.ShiftedChannels{TActivation}"/> (3×3,
/// stride 1, one padding column each side, rows of 9–31 pixels): the row is one masked load (columns 0 … W − 1 at lanes
/// 0 … W − 1, zeros above), tap kx = 1 of output column x; moved up a lane with a zero shifted in it is tap 0 (column
/// x − 1, the left padding at x = 0), moved down a lane it is tap 2 (column x + 1, the zero at lane W the right
/// padding). Rows of 16 or more are two registers (<see cref="Wide"/>), the lane crossing between them one `valignd`
/// of both. Rows above or below the image are all zeros. For 5×5 with two padding columns each side (<see cref="Five"/>,
/// <see cref="DepthwiseFlatPlane5x5Kernel"/>) the row moved one and two lanes either way gives the five taps.
/// </summary>
/// <param name="plane">The input plane (H, W).</param>
/// <param name="height">Input rows H.</param>
/// <param name="width">Input columns W, at most 31.</param>
/// <param name="mask">Lanes [0, W) set (one register), or [0, W − 16) (the second of two).</param>
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

        // A row with another below it is one plain load (16 floats never run past the next row) with the lanes from W
        // on cleared; only the plane's last row needs the masked load, which converts its mask at every use.
        var source = _plane + ((nint)row * width);
        var center = row + 1 < height ? Vector512.Load(source) & mask : Avx512F.MaskLoad(source, mask, Vector512<float>.Zero);
        return (SimdFloat512.ShiftUp(center), center, SimdFloat512.ShiftDown(center));
    }

    /// <summary>Taps kx = 0, 1, 2 of both registers (columns 0 … 15 and 16 … 31) of a row of 16 or more pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<float> Low0, Vector512<float> Low1, Vector512<float> Low2, Vector512<float> High0, Vector512<float> High1, Vector512<float> High2) Wide(int row)
    {
        if ((uint)row >= (uint)height)
        {
            var zero = Vector512<float>.Zero;
            return (zero, zero, zero, zero, zero, zero);
        }

        var source = _plane + ((nint)row * width);
        var low = Vector512.Load(source);
        var high = row + 1 < height ? Vector512.Load(source + 16) & mask : Avx512F.MaskLoad(source + 16, mask, Vector512<float>.Zero);
        return (
            SimdFloat512.ShiftUp(low),
            low,
            Avx512F.AlignRight32(high.AsInt32(), low.AsInt32(), 1).AsSingle(),
            Avx512F.AlignRight32(high.AsInt32(), low.AsInt32(), 15).AsSingle(),
            high,
            SimdFloat512.ShiftDown(high));
    }

    /// <summary>
    /// Taps kx = 0 … 4 of a 5×5 kernel row (columns x − 2 … x + 2) from row <paramref name="row"/>, all zeros outside the
    /// image: the row moved up two and one lanes with zeros shifted in, as it is, and moved down one and two lanes (lanes
    /// from W on are zero, so the right padding of the last pixels is too).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2, Vector512<float> Column3, Vector512<float> Column4) Five(int row)
    {
        // A row outside the image loads nothing (an all-clear mask touches no memory): zeros, without a branch.
        var inside = Vector512.Create((uint)row < (uint)height ? -1 : 0).AsSingle();
        return FiveOf(Avx512F.MaskLoad(_plane + ((nint)row * width), mask & inside, Vector512<float>.Zero));
    }

    /// <summary><see cref="Five"/> for a row known to lie in the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2, Vector512<float> Column3, Vector512<float> Column4) FiveInside(int row) =>
        FiveOf(Avx512F.MaskLoad(_plane + ((nint)row * width), mask, Vector512<float>.Zero));

    /// <summary>
    /// <see cref="Five"/> for a row known to lie in the image and not to be the plane's last: one plain load (it may run
    /// into the next row, never past the plane), the lanes from W on cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2, Vector512<float> Column3, Vector512<float> Column4) FiveInterior(int row) =>
        FiveOf(Vector512.Load(_plane + ((nint)row * width)) & mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2, Vector512<float> Column3, Vector512<float> Column4) FiveOf(Vector512<float> center)
    {
        var zero = Vector512<int>.Zero;
        return (
            Avx512F.AlignRight32(center.AsInt32(), zero, 14).AsSingle(),
            Avx512F.AlignRight32(center.AsInt32(), zero, 15).AsSingle(),
            center,
            Avx512F.AlignRight32(zero, center.AsInt32(), 1).AsSingle(),
            Avx512F.AlignRight32(zero, center.AsInt32(), 2).AsSingle());
    }
}
