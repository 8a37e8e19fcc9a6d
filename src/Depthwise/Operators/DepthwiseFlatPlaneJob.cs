using Depthwise.Geometry;
using Depthwise.Kernels;

namespace Depthwise.Operators;

/// <summary>
/// One NCHW depthwise call for the flat-plane kernel (<see cref="DepthwiseFlatPlaneKernel"/>): pinned pointers, the
/// validated problem, the scratch shape, and how the call is cut into work items. An item is (image n, range of output
/// channels); items write disjoint planes, so any number of threads gives the same bits.
/// </summary>
internal readonly unsafe struct DepthwiseFlatPlaneJob
{
    public DepthwiseFlatPlaneJob(float* input, float* output, float* weights, float* bias, int weightLanes, int batch, in DepthwiseConvDimensions dimensions, int threads)
    {
        Input = input;
        Output = output;
        Weights = weights;
        Bias = bias;
        WeightLanes = weightLanes;
        Batch = batch;
        Dimensions = dimensions;
        Shape = new FlatPlaneShape(dimensions.Geometry);

        // One item per image with one thread (an item zeroes its scratch once); with T
        // threads at least ItemsPerThread·T items, each a contiguous range of channels.
        var outputChannels = dimensions.OutputChannels;
        var rangesPerImage = threads == 1 ? 1 : Math.Min(outputChannels, ((DepthwiseConvJob.ItemsPerThread * threads) + batch - 1) / batch);
        ChannelsPerItem = (outputChannels + rangesPerImage - 1) / rangesPerImage;
        RangesPerImage = (outputChannels + ChannelsPerItem - 1) / ChannelsPerItem;
    }

    public float* Input { get; }

    public float* Output { get; }

    /// <summary>Packed weights, (packed blocks, kH·kW, <see cref="WeightLanes"/>).</summary>
    public float* Weights { get; }

    /// <summary>Packed bias, (packed blocks, <see cref="WeightLanes"/>): output channel c at index c.</summary>
    public float* Bias { get; }

    /// <summary>Channels per block of the packed weights.</summary>
    public int WeightLanes { get; }

    public int Batch { get; }

    public DepthwiseConvDimensions Dimensions { get; }

    public FlatPlaneShape Shape { get; }

    public int ChannelsPerItem { get; }

    public int RangesPerImage { get; }

    public int Items => Batch * RangesPerImage;

    /// <summary>
    /// Narrowest output row the flat-plane kernel takes with one row per register (two for rows of 17–30). Rows of 7
    /// fill 7 of 16 lanes there and lost to the transposing path, whose channel blocks fill every lane: measured against
    /// it (3×3, one thread, same process, interleaved, machine loaded), 7² s1 1.1–1.3 of its time and 14² → 7² stride 2
    /// 1.1–1.5, against 0.6–0.8 at 28² s1 and 0.65–0.97 at 14² s1.
    /// </summary>
    public const int MinimumOutputWidth = 14;

    /// <summary>Output row width taken with two rows per register (<see cref="FlatPlaneShape.PairsRows"/>): MobileNet's 7² planes.</summary>
    public const int PairedOutputWidth = 7;

    /// <summary>
    /// Whether NCHW data of this geometry runs on the flat-plane kernel rather than the transposing blocked one: 3×3,
    /// stride 1 or 2, on hardware with AVX-512, with output rows of at least <see cref="MinimumOutputWidth"/> and padded
    /// rows of at most 32 pixels, or output rows of <see cref="PairedOutputWidth"/> that pair up. Stride 2 (28² → 14²)
    /// measured 0.86 of the transposing path's time on a quiet machine with phase planes in scratch (192 channels, one
    /// thread: 21.3–21.9 against 24.3–25.6 µs, builds alternated), and about 0.76 of that with the rows split in
    /// registers instead (16.0 against 21.0 µs, one process, loaded machine). The planar kernels take wider rows (56+ at stride 1, output rows of 28+
    /// at stride 2), so the rules do not overlap. 5×5 stride 1 with two padding columns each side on rows of 9–16
    /// (<see cref="DepthwiseFlatPlane5x5Kernel"/>) took 0.75–0.89 of the transposing path's time at 14² (72–480 channels,
    /// one thread, builds alternated, load 9–11). Among the 7-pixel rows, 7² s1 padded one pixel each side and 14² → 7²
    /// s2 padded SAME_UPPER run on kernels built for those planes (<see cref="DepthwiseSevenPlaneKernel"/>,
    /// <see cref="DepthwiseSevenPlaneStride2Kernel"/>: 0.69 and 0.83 of the paired rows' time, 960 and 576 channels).
    /// </summary>
    public static bool Suits(in ConvGeometry geometry) =>
        (DepthwiseFlatPlaneKernel.Supports(geometry)
            && (geometry.OutputWidth >= MinimumOutputWidth || (geometry.OutputWidth == PairedOutputWidth && FlatPlaneShape.Pairs(geometry))))
        || DepthwiseFlatPlane5x5Kernel.Supports(geometry);

    /// <summary>Which (image, output channels [first, end)) an item is.</summary>
    public (int Image, int FirstChannel, int EndChannel) Item(int item)
    {
        var range = item % RangesPerImage;
        var first = range * ChannelsPerItem;
        return (item / RangesPerImage, first, Math.Min(first + ChannelsPerItem, Dimensions.OutputChannels));
    }
}
