using Depthwise.Geometry;
using Depthwise.Kernels;

namespace Depthwise.Operators;

/// <summary>
/// One depthwise call, ready for the kernel: pinned pointers, layout, the validated problem, and how it is cut into work
/// items. An item is (image n, tile of output rows, channel block); items write disjoint outputs, so any number of
/// threads gives the same bits.
/// </summary>
internal readonly unsafe struct DepthwiseConvJob
{
    /// <summary>
    /// Largest blocked input band a work item fills (256 KiB): its rows are reused by the kH output rows that read them
    /// while they are in L1, and the whole band stays in L2 (1 MiB per core on Zen 4) next to the streaming output. Tiles
    /// of rows share kH − sH halo rows that are converted twice; 256 KiB instead of 96 KiB cut that enough to make a
    /// 32×112² NCHW layer 2–5 % faster.
    /// </summary>
    public const int BandBudgetFloats = 64 << 10;

    /// <summary>Items wanted per thread when several threads share a layer, so that uneven items still balance.</summary>
    public const int ItemsPerThread = 4;

    public DepthwiseConvJob(
        float* input, float* output, float* weights, float* bias, DepthwiseDataLayout layout, int batch, in DepthwiseConvDimensions dimensions, int lanes, int threads)
    {
        var geometry = dimensions.Geometry;
        Input = input;
        Output = output;
        Weights = weights;
        Bias = bias;
        Layout = layout;
        Batch = batch;
        Dimensions = dimensions;
        Lanes = lanes;
        Blocks = DepthwiseConvKernel.Blocks(dimensions.OutputChannels, lanes);
        Taps = TapsFor(geometry);
        KernelExtentHeight = (((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height) + 1;
        UsesBand = layout == DepthwiseDataLayout.Planar || dimensions.DepthMultiplier > 1;

        var outputHeight = geometry.OutputHeight;
        var rowsPerTile = outputHeight;
        if (threads > 1)
        {
            var tilesWanted = Math.Min(outputHeight, ((ItemsPerThread * threads) + (batch * Blocks) - 1) / (batch * Blocks));
            rowsPerTile = (outputHeight + tilesWanted - 1) / tilesWanted;
        }

        if (UsesBand)
        {
            // Rows of a band: (R − 1)·sH + extent input rows for R output rows; at least one output row per tile.
            var bandRowsWithinBudget = Math.Max(BandBudgetFloats / ((long)geometry.InputWidth * lanes), 1);
            var rowsWithinBudget = ((bandRowsWithinBudget - KernelExtentHeight) / geometry.Stride.Height) + 1;
            rowsPerTile = (int)Math.Clamp(rowsWithinBudget, 1, rowsPerTile);
        }

        RowsPerTile = rowsPerTile;
        Tiles = (outputHeight + rowsPerTile - 1) / rowsPerTile;
        BandLength = UsesBand ? MaximumBandRows() * geometry.InputWidth * lanes : 0;

        // The band feed converts ⌈W·sH / lanes⌉ tiles per output row; spread them over the row's blocks.
        var tilesPerRow = (((long)geometry.InputWidth * geometry.Stride.Height) + lanes - 1) / lanes;
        var blocksPerRow = (geometry.OutputWidth + DepthwiseConvKernel.PixelsPerBlock - 1) / DepthwiseConvKernel.PixelsPerBlock;
        TilesPerStep = (int)Math.Clamp((tilesPerRow + blocksPerRow - 1) / blocksPerRow, 1, int.MaxValue);

        // Planar outputs are transposed into planes by the kernel (PlanarOutput), one lane at a time: always cached.
        var workingSetBytes = (long)batch * (((long)dimensions.Channels * geometry.InputHeight * geometry.InputWidth) + ((long)dimensions.OutputChannels * geometry.OutputPixels)) * sizeof(float);
        var pixelStride = layout == DepthwiseDataLayout.ChannelsLast ? dimensions.OutputChannels : lanes;
        NonTemporalOutput = layout != DepthwiseDataLayout.Planar && Operators.NonTemporalOutput.Suits(output, pixelStride, lanes, workingSetBytes);
    }

    public float* Input { get; }

    public float* Output { get; }

    /// <summary>Packed weights, (packed blocks, kH·kW, lanes).</summary>
    public float* Weights { get; }

    /// <summary>Packed bias, (packed blocks, lanes).</summary>
    public float* Bias { get; }

    public DepthwiseDataLayout Layout { get; }

    public int Batch { get; }

    public DepthwiseConvDimensions Dimensions { get; }

    /// <summary>Channels per block: the register width.</summary>
    public int Lanes { get; }

    /// <summary>Output channel blocks, ⌈C·M / lanes⌉.</summary>
    public int Blocks { get; }

    public DepthwiseTapsKind Taps { get; }

    /// <summary>Input rows one output row reads: (kH − 1)·dH + 1.</summary>
    public long KernelExtentHeight { get; }

    /// <summary>Whether items convert their input into an aligned blocked band (planar data, or a depth multiplier above 1).</summary>
    public bool UsesBand { get; }

    public int RowsPerTile { get; }

    public int Tiles { get; }

    /// <summary>Floats of band scratch an item needs (0 without a band).</summary>
    public nint BandLength { get; }

    /// <summary>Whether items store whole output blocks non-temporally (<see cref="Operators.NonTemporalOutput"/>).</summary>
    public bool NonTemporalOutput { get; }

    /// <summary>Band feed: tiles converted ahead before each output block.</summary>
    public int TilesPerStep { get; }

    public int Items => Batch * Tiles * Blocks;

    /// <summary>
    /// The block body for a geometry: 3×3 or 5×5 without dilation whose stride across is 1 or 2, otherwise the generic
    /// loop. A body computes pixels along one output row; which input rows feed it is the row driver's (any stride
    /// down), so text recognition's (2, 1) layers take the stride-1 bodies and (1, 2) the stride-2 ones.
    /// </summary>
    public static DepthwiseTapsKind TapsFor(in ConvGeometry geometry)
    {
        var kernel = geometry.Kernel;
        var stride = geometry.Stride;
        if (geometry.Dilation != new Size2D(1, 1) || kernel.Height != kernel.Width || stride.Width > 2)
        {
            return DepthwiseTapsKind.Generic;
        }

        return (kernel.Width, stride.Width) switch
        {
            (3, 1) => DepthwiseTapsKind.Kernel3x3Stride1,
            (3, 2) => DepthwiseTapsKind.Kernel3x3Stride2,
            (5, 1) => DepthwiseTapsKind.Kernel5x5Stride1,
            (5, 2) => DepthwiseTapsKind.Kernel5x5Stride2,
            _ => DepthwiseTapsKind.Generic,
        };
    }

    /// <summary>Floats of band scratch a job would need, to reject problems whose band cannot be allocated.</summary>
    public static long BandLengthFor(in ConvGeometry geometry, int lanes)
    {
        var extent = (((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height) + 1;
        return Math.Min(geometry.InputHeight, extent) * (long)geometry.InputWidth * lanes;
    }

    /// <summary>Which (image, row tile, channel block) an item is: channel blocks vary fastest, so threads working at the
    /// same time read neighbouring channels of the same rows (one cache line serves several of them in channels-last data).</summary>
    /// <remarks>
    /// One division per item, none for the tile of a job in whole planes: the JIT gave <c>item % Blocks</c> and
    /// <c>item / Blocks</c> a division each, and the four per item were a fifth of the work item's own time outside the
    /// row driver on 3×3 s2 576×14² (docs/kernels.md, "Session 17: the cost per channel block").
    /// </remarks>
    public (int Image, int FirstRow, int EndRow, int Block) Item(int item)
    {
        var (rest, block) = Math.DivRem(item, Blocks);
        var (image, tile) = Tiles == 1 ? (rest, 0) : Math.DivRem(rest, Tiles);
        var firstRow = tile * RowsPerTile;
        return (image, firstRow, Math.Min(firstRow + RowsPerTile, Dimensions.Geometry.OutputHeight), block);
    }

    /// <summary>The input rows [first, end) that output rows [firstRow, endRow) read, clipped to the image.</summary>
    public (int First, int End) BandRows(int firstRow, int endRow)
    {
        var geometry = Dimensions.Geometry;
        var first = Math.Clamp((long)geometry.InputRowOrigin(firstRow), 0, geometry.InputHeight);
        var end = Math.Clamp(((long)(endRow - 1) * geometry.Stride.Height) - geometry.PadTop + KernelExtentHeight, first, geometry.InputHeight);
        return ((int)first, (int)end);
    }

    private nint MaximumBandRows()
    {
        var geometry = Dimensions.Geometry;
        return (nint)Math.Min(((long)(RowsPerTile - 1) * geometry.Stride.Height) + KernelExtentHeight, geometry.InputHeight);
    }
}
