using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// Feeds input that is not already blocked and aligned to the kernel: the input rows a work item reads, for the lanes
/// of its channel block, are converted by <typeparamref name="TSource"/> into an aligned blocked band (rows, W, lanes)
/// a tile of <c>lanes</c> pixels at a time, just ahead of need: a few tiles between consecutive output blocks, so the
/// band rows are still in L1 when the kernel reads them, and the conversion's instructions share the FMAs' stream.
/// </summary>
/// <remarks>
/// The band is addressed by flattened pixel index: pixel k of the band is image pixel <c>bandFirstRow·W + k</c>, so a
/// tile may straddle two rows. The last tile is pulled back to end exactly at the band's end (converting a few pixels
/// twice, identically) rather than reading past the image.
/// </remarks>
internal unsafe struct BandFeed<TSimd, TVector, TSource> : IDepthwiseFeed
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TSource : struct, IBandSource
{
    private readonly TSource _source;
    private readonly float* _band;
    private readonly nint _bandStart;
    private readonly nint _bandPixels;
    private readonly int _bandFirstRow;
    private readonly int _inputHeight;
    private readonly int _inputWidth;
    private readonly int _strideHeight;
    private readonly int _padTop;
    private readonly long _kernelExtentHeight;
    private readonly int _tilesPerStep;
    private nint _converted;
    private nint _target;

    /// <param name="source">The input of the channel block.</param>
    /// <param name="band">Scratch of (<paramref name="bandEndRow"/> − <paramref name="bandFirstRow"/>)·W·lanes floats.</param>
    /// <param name="bandFirstRow">First input row of the band.</param>
    /// <param name="bandEndRow">One past the last input row of the band.</param>
    /// <param name="dimensions">The problem.</param>
    /// <param name="tilesPerStep">Tiles to transpose before each output block, so a row's worth is ready in time.</param>
    public BandFeed(TSource source, float* band, int bandFirstRow, int bandEndRow, in DepthwiseConvDimensions dimensions, int tilesPerStep)
    {
        var geometry = dimensions.Geometry;
        _source = source;
        _band = band;
        _bandFirstRow = bandFirstRow;
        _inputHeight = geometry.InputHeight;
        _inputWidth = geometry.InputWidth;
        _strideHeight = geometry.Stride.Height;
        _padTop = geometry.PadTop;
        _kernelExtentHeight = (((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height) + 1;
        _tilesPerStep = tilesPerStep;
        _bandStart = (nint)bandFirstRow * _inputWidth;
        _bandPixels = (nint)(bandEndRow - bandFirstRow) * _inputWidth;
        _converted = 0;
        _target = 0;
        if (_bandPixels < TSimd.Count)
        {
            ConvertAllOneByOne();
        }
    }

    public void BeginRow(int outputRow)
    {
        var needed = PixelsNeeded(outputRow);
        while (_converted < needed)
        {
            ConvertTile();
        }

        _target = PixelsNeeded(outputRow + 1);
    }

    public void Step()
    {
        for (var tile = 0; tile < _tilesPerStep && _converted < _target; tile++)
        {
            ConvertTile();
        }
    }

    // Band pixels that output row y reads: every input row up to its last tap row, clipped to the band.
    private readonly nint PixelsNeeded(int outputRow)
    {
        var endRow = Math.Min(((long)outputRow * _strideHeight) - _padTop + _kernelExtentHeight, _inputHeight);
        return (nint)Math.Clamp((endRow - _bandFirstRow) * _inputWidth, 0, _bandPixels);
    }

    // Not inlined: the row loops inline Step, and with the tile's transposes inlined too the JIT ran out of inlining
    // budget in a 5×5 row loop and called the 256-bit transposes as functions (a 5×5 stride-2 layer of 28² ran 30 %
    // slower); compiled on its own, the transposes are inlined here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ConvertTile()
    {
        var lanes = TSimd.Count;
        var start = Math.Min(_converted, _bandPixels - lanes);
        _source.ConvertTile(_bandStart + start, _band + (start * lanes));
        _converted = start + lanes;
    }

    // A band smaller than one tile (a tiny image): pixel by pixel.
    private void ConvertAllOneByOne()
    {
        for (nint pixel = 0; pixel < _bandPixels; pixel++)
        {
            _source.ConvertPixel(_bandStart + pixel, _band + (pixel * TSimd.Count));
        }

        _converted = _bandPixels;
    }
}
