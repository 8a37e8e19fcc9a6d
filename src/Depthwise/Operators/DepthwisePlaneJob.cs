using Depthwise.Geometry;
using Depthwise.Kernels;

namespace Depthwise.Operators;

/// <summary>
/// One NCHW depthwise call for the planar kernel (<see cref="DepthwisePlaneKernel"/>): pinned pointers, the validated
/// problem, and how it is cut into work items. An item is (image n, tile of output rows, output channel); items write
/// disjoint outputs, so any number of threads gives the same bits.
/// </summary>
internal readonly unsafe struct DepthwisePlaneJob
{
    public DepthwisePlaneJob(float* input, float* output, float* weights, float* bias, int weightLanes, int batch, in DepthwiseConvDimensions dimensions, int threads)
    {
        var geometry = dimensions.Geometry;
        Input = input;
        Output = output;
        Weights = weights;
        Bias = bias;
        WeightLanes = weightLanes;
        Batch = batch;
        Dimensions = dimensions;
        Lanes = DepthwisePlaneKernel.LanesFor(geometry.OutputWidth);

        // Channels alone make enough items for two threads on every layer of these networks; rows are cut only when
        // a call has fewer than ItemsPerThread items per thread.
        var outputHeight = geometry.OutputHeight;
        var rowsPerTile = outputHeight;
        if (threads > 1)
        {
            var planes = (long)batch * dimensions.OutputChannels;
            var tilesWanted = (int)Math.Min(outputHeight, ((DepthwiseConvJob.ItemsPerThread * threads) + planes - 1) / planes);
            rowsPerTile = (outputHeight + tilesWanted - 1) / tilesWanted;
        }

        var inputFloats = (long)dimensions.Channels * geometry.InputHeight * geometry.InputWidth;
        var outputFloats = (long)dimensions.OutputChannels * geometry.OutputHeight * geometry.OutputWidth;
        RowSweeps = batch * (inputFloats + outputFloats) * sizeof(float) <= MaximumRowSweepBytes;
        Sweep = RowSweeps ? PlaneRowSweeps.Preferred : PlaneRowSweep.None;
        RowsPerTile = rowsPerTile;
        Tiles = (outputHeight + rowsPerTile - 1) / rowsPerTile;
    }

    public float* Input { get; }

    public float* Output { get; }

    /// <summary>Packed weights, (packed blocks, kH·kW, <see cref="WeightLanes"/>).</summary>
    public float* Weights { get; }

    /// <summary>Packed bias, (packed blocks, <see cref="WeightLanes"/>): output channel c at index c.</summary>
    public float* Bias { get; }

    /// <summary>Channels per block of the packed weights (the plan's lanes, not <see cref="Lanes"/>).</summary>
    public int WeightLanes { get; }

    public int Batch { get; }

    public DepthwiseConvDimensions Dimensions { get; }

    /// <summary>Output columns per register.</summary>
    public int Lanes { get; }

    /// <summary>
    /// Whether the stride-1 planar kernel may run its row sweeps (<see cref="MaximumRowSweepBytes"/>).
    /// </summary>
    public bool RowSweeps { get; }

    /// <summary>
    /// The row sweep the stride-1 planar kernel runs: the core's (<see cref="PlaneRowSweeps.Preferred"/>) when
    /// <see cref="RowSweeps"/>, else none; the tests set each kind.
    /// </summary>
    public PlaneRowSweep Sweep { get; init; }

    public int RowsPerTile { get; }

    public int Tiles { get; }

    public int Items => Batch * Tiles * Dimensions.OutputChannels;

    /// <summary>
    /// Largest call (input and output bytes) on the row sweeps. Beyond it the data stream from DRAM, and the eight-row
    /// sweep's 18 row streams measured about 10 % slower than the four-row groups' 10 (144×56², batch 8: 1324–1361
    /// against 1202–1208 µs, one thread); the MobileNet layers at batch 1 move 3–4 MB.
    /// </summary>
    public const long MaximumRowSweepBytes = 16L << 20;

    /// <summary>
    /// Narrowest output row the planar kernel takes. Measured against the transposing blocked path (3×3 stride 1, one
    /// thread, same process, interleaved): 0.65–0.74 of its time at 112², 0.90–0.93 at 56² with one image and 0.42–0.44
    /// with eight, 1.12 at 28², 1.6–1.8 at 14², 2.4–3.4 at 7². Narrow planes pay per-plane costs (weights broadcast, row
    /// set-up, border registers: at 56 pixels two of four registers touch the padding) over too few FMAs, while channel
    /// blocks fill every lane whatever the image size.
    /// </summary>
    public const int MinimumOutputWidth = 56;

    /// <summary>
    /// Narrowest output row the stride-2 planar kernel takes. Measured against the transposing path (3×3 stride 2, one
    /// thread, same process, interleaved, machine loaded): 0.62–0.65 of its time at 56 output columns (96×112²),
    /// 0.56–0.68 at 28 (144×56²), 1.4 at 14 (192×28²), where one register holds a whole row and per-plane costs dominate.
    /// </summary>
    public const int MinimumStride2OutputWidth = 28;

    /// <summary>Whether NCHW data of this geometry runs on the planar kernel rather than the transposing blocked one.</summary>
    public static bool Suits(in ConvGeometry geometry) =>
        (DepthwisePlaneKernel.Supports(geometry) && geometry.OutputWidth >= MinimumOutputWidth)
        || (DepthwisePlaneStride2Kernel.Supports(geometry) && geometry.OutputWidth >= MinimumStride2OutputWidth);

    /// <summary>Which (image, row tile, output channel) an item is; channels vary fastest.</summary>
    public (int Image, int FirstRow, int EndRow, int Channel) Item(int item)
    {
        // DivRem: one division each for quotient and remainder (a planar work item is one plane, so these run per plane).
        var (rest, channel) = Math.DivRem(item, Dimensions.OutputChannels);
        var (image, tile) = Math.DivRem(rest, Tiles);
        var firstRow = tile * RowsPerTile;
        return (image, firstRow, Math.Min(firstRow + RowsPerTile, Dimensions.Geometry.OutputHeight), channel);
    }
}
