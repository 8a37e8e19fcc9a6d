namespace Depthwise.Kernels;

/// <summary>
/// Input for an output block with a depth multiplier M &gt; 1: lane i reads input channel (first + i) / M, at most
/// lanes / 2 + 1 neighbouring channels, so each pixel's lanes come from one register (channels-last data) or two
/// neighbouring blocks (blocked layout) through one permute, instead of lane-by-lane copies.
/// </summary>
internal readonly unsafe struct PermuteSource<TSimd, TVector> : IBandSource
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
{
    private readonly float* _low;
    private readonly float* _high;
    private readonly nint _pixelStride;
    private readonly int* _indices;

    /// <param name="low">The register holding the first input channels, at pixel (0, 0).</param>
    /// <param name="high">The register holding the rest (may equal <paramref name="low"/>), at pixel (0, 0).</param>
    /// <param name="pixelStride">Floats between neighbouring pixels.</param>
    /// <param name="indices">For each lane, its input channel's position in low (&lt; lanes) or high (≥ lanes).</param>
    public PermuteSource(float* low, float* high, nint pixelStride, int* indices)
    {
        _low = low;
        _high = high;
        _pixelStride = pixelStride;
        _indices = indices;
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
        var offset = pixel * _pixelStride;
        TSimd.Store(TSimd.Permute(TSimd.Load(_low + offset), TSimd.Load(_high + offset), _indices), destination);
    }
}
