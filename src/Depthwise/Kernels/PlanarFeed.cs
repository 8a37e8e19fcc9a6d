namespace Depthwise.Kernels;

/// <summary>
/// Feeds planar (NCHW) input to the blocked kernel: the input rows a work item reads, for the lanes of its channel
/// block, are transposed into a blocked band (rows, W, lanes) a square tile at a time. Tiles are transposed just ahead
/// of need, a few between consecutive output blocks, so that the transposes' shuffles issue in the same instruction
/// stream as the FMAs (on Zen 4 they execute alongside them almost for free, but not in a pass of their own).
/// </summary>
/// <remarks>
/// The band is addressed by flattened pixel index: pixel k of the band is plane pixel <c>bandFirstRow·W + k</c>, so a
/// tile of <c>lanes</c> pixels may straddle two rows. The last tile is pulled back to end exactly at the band's end
/// (recomputing a few pixels with identical values) rather than reading past the plane.
/// </remarks>
internal unsafe struct PlanarFeed<TSimd, TVector> : IDepthwiseFeed
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
{
    private readonly float** _planes;
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

    /// <param name="planes">One input plane per lane, at pixel (0, 0).</param>
    /// <param name="band">Scratch of (<paramref name="bandEndRow"/> − <paramref name="bandFirstRow"/>)·W·lanes floats.</param>
    /// <param name="bandFirstRow">First input row of the band.</param>
    /// <param name="bandEndRow">One past the last input row of the band.</param>
    /// <param name="dimensions">The problem.</param>
    /// <param name="tilesPerStep">Tiles to transpose before each output block, so a row's worth is ready in time.</param>
    public PlanarFeed(float** planes, float* band, int bandFirstRow, int bandEndRow, in DepthwiseConvDimensions dimensions, int tilesPerStep)
    {
        var geometry = dimensions.Geometry;
        _planes = planes;
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

    private void ConvertTile()
    {
        var lanes = TSimd.Count;
        var start = Math.Min(_converted, _bandPixels - lanes);
        TSimd.TransposeToBlocks(_planes, _bandStart + start, _band + (start * lanes));
        _converted = start + lanes;
    }

    // A band smaller than one tile (a tiny image): lane by lane.
    private void ConvertAllOneByOne()
    {
        var lanes = TSimd.Count;
        for (nint pixel = 0; pixel < _bandPixels; pixel++)
        {
            for (var lane = 0; lane < lanes; lane++)
            {
                _band[(pixel * lanes) + lane] = _planes[lane][_bandStart + pixel];
            }
        }

        _converted = _bandPixels;
    }
}
