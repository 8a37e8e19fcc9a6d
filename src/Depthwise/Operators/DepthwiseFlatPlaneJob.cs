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

        // One item per image with one thread (the store table and the zeroed planes are made once per item); with T
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
    /// Whether NCHW data of this geometry runs on the flat-plane kernel rather than the transposing blocked one: 3×3,
    /// stride 1 or 2, padded rows of at most 32 pixels (output rows up to 30 at stride 1, 15 at stride 2), on hardware
    /// with AVX-512. The planar kernels take wider rows (56+ at stride 1, 28+ at stride 2), so the rules do not overlap.
    /// </summary>
    public static bool Suits(in ConvGeometry geometry) => !Disabled && DepthwiseFlatPlaneKernel.Supports(geometry);

    public static bool Disabled;

    /// <summary>Which (image, output channels [first, end)) an item is.</summary>
    public (int Image, int FirstChannel, int EndChannel) Item(int item)
    {
        var range = item % RangesPerImage;
        var first = range * ChannelsPerItem;
        return (item / RangesPerImage, first, Math.Min(first + ChannelsPerItem, Dimensions.OutputChannels));
    }
}
