namespace Depthwise.Kernels;

/// <summary>
/// Where a <see cref="BandFeed{TSimd, TVector, TSource}"/> reads the input of one channel block: it copies pixels,
/// addressed by their flattened index in the image (y·W + x), into blocked form (lanes floats per pixel).
/// </summary>
internal unsafe interface IBandSource
{
    /// <summary>Writes pixels <paramref name="pixel"/> … <paramref name="pixel"/> + lanes − 1 to <paramref name="destination"/> (lanes floats each).</summary>
    void ConvertTile(nint pixel, float* destination);

    /// <summary>Writes one pixel to <paramref name="destination"/>, for bands smaller than a tile.</summary>
    void ConvertPixel(nint pixel, float* destination);
}
