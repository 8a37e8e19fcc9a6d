namespace Depthwise.Kernels;

/// <summary>
/// Input whose lanes are not one contiguous run of channels: with a depth multiplier M &gt; 1, lane i of an output block
/// reads input channel (first + i) / M, so neighbouring lanes repeat channels. Each lane is copied on its own from a
/// per-lane offset within the pixel (channels-last data, or the blocked layout, whose channels sit in several blocks).
/// </summary>
internal readonly unsafe struct GatherSource<TSimd, TVector> : IBandSource
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
{
    private readonly float* _image;
    private readonly nint _pixelStride;
    private readonly nint* _laneOffsets;

    /// <param name="image">Pixel (0, 0) of the image.</param>
    /// <param name="pixelStride">Floats between neighbouring pixels.</param>
    /// <param name="laneOffsets">For each lane, the offset of its input channel from the start of a pixel.</param>
    public GatherSource(float* image, nint pixelStride, nint* laneOffsets)
    {
        _image = image;
        _pixelStride = pixelStride;
        _laneOffsets = laneOffsets;
    }

    public void ConvertTile(nint pixel, float* destination)
    {
        for (var tilePixel = 0; tilePixel < TSimd.Count; tilePixel++)
        {
            ConvertPixel(pixel + tilePixel, destination + (tilePixel * TSimd.Count));
        }
    }

    public void ConvertPixel(nint pixel, float* destination)
    {
        var source = _image + (pixel * _pixelStride);
        for (var lane = 0; lane < TSimd.Count; lane++)
        {
            destination[lane] = source[_laneOffsets[lane]];
        }
    }
}
