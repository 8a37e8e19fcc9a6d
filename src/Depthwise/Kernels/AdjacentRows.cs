using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The tap registers of two adjacent input rows as they lie in memory, for
/// <see cref="DepthwiseFlatPlaneKernel.AdjacentChannels{TActivation}"/> (3×3, stride 1, one padding column each side,
/// rows of at most 8 pixels): window r holds input rows r and r + 1 at lanes [0, W) and [W, 2W), so the register of tap
/// kx for output rows (r − ky + padTop, + 1) is one masked load of the plane at r·W + kx − 1, its padding columns and
/// rows outside the image masked to zero — no permutes.
/// </summary>
internal readonly unsafe struct AdjacentRows
{
    private readonly float* _plane;
    private readonly int _height;
    private readonly int _width;
    private readonly Vector512<float> _mask0;
    private readonly Vector512<float> _mask1;
    private readonly Vector512<float> _mask2;
    private readonly Vector512<float> _upper;
    private readonly Vector512<float> _lower;

    /// <param name="plane">The input plane (H, W).</param>
    /// <param name="height">Input rows H.</param>
    /// <param name="width">Input columns W, at most 8.</param>
    /// <param name="masks">The column masks and row halves (<see cref="Masks"/>), made once per call.</param>
    public AdjacentRows(float* plane, int height, int width, in (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2, Vector512<float> Upper, Vector512<float> Lower) masks)
    {
        _plane = plane;
        _height = height;
        _width = width;
        (_mask0, _mask1, _mask2, _upper, _lower) = masks;
    }

    /// <summary>
    /// Lanes of each tap column kx that read a pixel inside the row (lane x of either row reads column x + kx − 1), and
    /// the lanes of the upper and of the lower row; lanes from 2W on are in none.
    /// </summary>
    public static (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2, Vector512<float> Upper, Vector512<float> Lower) Masks(int width)
    {
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var upper = Vector512.LessThan(lanes, Vector512.Create(width));
        var lower = ~upper & Vector512.LessThan(lanes, Vector512.Create(2 * width));
        var column = Vector512.ConditionalSelect(upper, lanes, lanes - Vector512.Create(width));
        var notFirst = Vector512.GreaterThan(column, Vector512<int>.Zero);
        var notLast = Vector512.LessThan(column, Vector512.Create(width - 1));
        var both = upper | lower;
        return ((both & notFirst).AsSingle(), both.AsSingle(), (both & notLast).AsSingle(), upper.AsSingle(), lower.AsSingle());
    }

    /// <summary>Taps kx = 0, 1, 2 of window r (input rows r and r + 1); zero where a row lies outside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector512<float> Column0, Vector512<float> Column1, Vector512<float> Column2) Window(int r)
    {
        var source = _plane + ((nint)r * _width) - 1;
        var upperInside = (uint)r < (uint)_height;
        var lowerInside = (uint)(r + 1) < (uint)_height;
        if (upperInside && lowerInside)
        {
            return (Load(source, _mask0), Load(source + 1, _mask1), Load(source + 2, _mask2));
        }

        if (!upperInside && !lowerInside)
        {
            return (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        }

        var half = upperInside ? _upper : _lower;
        return (Load(source, _mask0 & half), Load(source + 1, _mask1 & half), Load(source + 2, _mask2 & half));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load(float* source, Vector512<float> mask) => Avx512F.MaskLoad(source, mask, Vector512<float>.Zero);
}
