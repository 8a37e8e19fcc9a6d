namespace Depthwise.Kernels;

/// <summary>
/// The slow, general form of <see cref="ISimdFloat{TVector}.StorePlanes"/>: spills eight pixel registers and copies
/// lane by lane, for partial channel blocks and rows narrower than a block where a tier has no masked stores.
/// Kept out of the tiers' <c>StorePlanes</c> so that those, free of stackalloc, can be inlined into the kernel.
/// </summary>
internal static unsafe class PlaneSpill
{
    public static void Store<TSimd, TVector>(
        TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7, float** planes, nint offset, int lanes, int count)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var width = TSimd.Count;
        var pixels = stackalloc float[DepthwiseConvKernel.PixelsPerBlock * width];
        TSimd.Store(pixel0, pixels);
        TSimd.Store(pixel1, pixels + width);
        TSimd.Store(pixel2, pixels + (2 * width));
        TSimd.Store(pixel3, pixels + (3 * width));
        TSimd.Store(pixel4, pixels + (4 * width));
        TSimd.Store(pixel5, pixels + (5 * width));
        TSimd.Store(pixel6, pixels + (6 * width));
        TSimd.Store(pixel7, pixels + (7 * width));
        for (var lane = 0; lane < lanes; lane++)
        {
            var destination = planes[lane] + offset;
            for (var pixel = 0; pixel < count; pixel++)
            {
                destination[pixel] = pixels[(pixel * width) + lane];
            }
        }
    }
}
