using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// Output pixels stored whole: pixel (y, x) of the channel block at <c>origin + y·rowStride + x·pixelStride</c>. With
/// pixelStride = lanes this is the blocked layout (N, C/lanes, H, W, lanes); with pixelStride = C it is channels-last.
/// </summary>
/// <remarks>
/// Rows narrower than a block (Wo &lt; 8) are stored eight pixels at a time all the same, as long as the pixels past the
/// row's end land on rows this work item writes later (row y + 1 starts right after row y in both layouts), where they
/// are overwritten; only the item's last rows store pixel by pixel. Whole blocks go through
/// <typeparamref name="TStores"/> (cached or non-temporal); the last rows' partial blocks always store normally.
/// </remarks>
internal readonly unsafe struct BlockedOutput<TSimd, TVector, TStores> : IDepthwiseOutput<TVector>
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TStores : struct, IOutputStores
{
    private readonly float* _origin;
    private readonly nint _pixelStride;
    private readonly int _outputWidth;
    private readonly nint _endPixel;

    /// <param name="origin">Pixel (0, 0) of the channel block.</param>
    /// <param name="pixelStride">Floats between neighbouring pixels.</param>
    /// <param name="outputWidth">Wo; a row is Wo·pixelStride floats.</param>
    /// <param name="endRow">One past the last output row the work item writes.</param>
    public BlockedOutput(float* origin, nint pixelStride, int outputWidth, int endRow)
    {
        _origin = origin;
        _pixelStride = pixelStride;
        _outputWidth = outputWidth;
        _endPixel = (nint)endRow * outputWidth;
    }

    /// <summary>Whether neighbouring pixels are one register apart (the blocked layout, or channels-last with one block).</summary>
    public bool PixelsAdjacent => _pixelStride == TSimd.Count;

    /// <summary>Floats from one output row to the next.</summary>
    public nint RowStride => _outputWidth * _pixelStride;

    /// <summary>Where pixel (y, x) goes: for kernels that walk their own addresses (<see cref="Taps3x3Stride1Window"/>).</summary>
    public float* Pixel(int y, int x) => _origin + ((((nint)y * _outputWidth) + x) * _pixelStride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int y, int x, int count, TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7)
    {
        var stride = _pixelStride;
        var pixel = ((nint)y * _outputWidth) + x;
        var destination = _origin + (pixel * stride);
        if (count == DepthwiseConvKernel.PixelsPerBlock || pixel + DepthwiseConvKernel.PixelsPerBlock <= _endPixel)
        {
            TStores.Store<TSimd, TVector>(pixel0, destination);
            TStores.Store<TSimd, TVector>(pixel1, destination + stride);
            TStores.Store<TSimd, TVector>(pixel2, destination + (2 * stride));
            TStores.Store<TSimd, TVector>(pixel3, destination + (3 * stride));
            TStores.Store<TSimd, TVector>(pixel4, destination + (4 * stride));
            TStores.Store<TSimd, TVector>(pixel5, destination + (5 * stride));
            TStores.Store<TSimd, TVector>(pixel6, destination + (6 * stride));
            TStores.Store<TSimd, TVector>(pixel7, destination + (7 * stride));
            return;
        }

        // The item's last row, narrower than a block: only its pixels exist.
        StorePixels<CachedStores>(destination, count, pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreExactly(int y, int x, int count, TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7) =>
        StorePixels<TStores>(_origin + ((((nint)y * _outputWidth) + x) * _pixelStride), count, pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7);

    // pixels 0 … count − 1 → destination, destination + stride, …
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StorePixels<TPixelStores>(float* destination, int count, TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7)
        where TPixelStores : struct, IOutputStores
    {
        var stride = _pixelStride;
        TPixelStores.Store<TSimd, TVector>(pixel0, destination);
        if (count > 1)
        {
            TPixelStores.Store<TSimd, TVector>(pixel1, destination + stride);
        }

        if (count > 2)
        {
            TPixelStores.Store<TSimd, TVector>(pixel2, destination + (2 * stride));
        }

        if (count > 3)
        {
            TPixelStores.Store<TSimd, TVector>(pixel3, destination + (3 * stride));
        }

        if (count > 4)
        {
            TPixelStores.Store<TSimd, TVector>(pixel4, destination + (4 * stride));
        }

        if (count > 5)
        {
            TPixelStores.Store<TSimd, TVector>(pixel5, destination + (5 * stride));
        }

        if (count > 6)
        {
            TPixelStores.Store<TSimd, TVector>(pixel6, destination + (6 * stride));
        }

        if (count > 7)
        {
            TPixelStores.Store<TSimd, TVector>(pixel7, destination + (7 * stride));
        }
    }
}
