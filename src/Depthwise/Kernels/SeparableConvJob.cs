using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Kernels;

/// <summary>
/// One fused depthwise-separable call, ready for <see cref="SeparableConvWork{TSimd, TVector, TTaps, TActivation}"/>:
/// pinned pointers, sizes, and how the output rows are cut into bands. A band (image, output rows [first, end)) is one
/// work item: the depthwise stage writes all C·M channels of its pixels into a per-thread middle buffer and the
/// pointwise GEMM reads it at once, while it is still in L2.
/// </summary>
/// <remarks>
/// The middle buffer is a row-major (pixels, C·M) matrix, the left operand of out (pixels, Cout) = middle · Wᵀ read in
/// place (output channels in the vectors), which the depthwise kernel writes without any transpose. Only blocks whose
/// GEMM fills its vectors much better with pixels in them (few output channels, e.g. 144 → 24 at 56²) use planes
/// instead, (C·M, pixels), the right operand of out (Cout, pixels) = W · middle, at the price of transposing the
/// depthwise output (<see cref="PlanarMiddle"/>).
/// </remarks>
internal readonly unsafe partial struct SeparableConvJob
{
    /// <summary>
    /// Largest middle buffer a band fills (128 Ki floats = 512 KiB): half of a Zen 4 core's L2, leaving room for the
    /// input band, one panel of packed pointwise weights and the output rows, since the GEMM streams the middle buffer
    /// once for every 32 output channels. Smaller bands cost the depthwise stage more than the GEMM gains: one thread,
    /// 576×14² → 96, depthwise stage 69 / 57 / 47 / 44 / 44 µs with budgets of 64 / 128 / 256 / 512 / 1024 KiB (GEMM
    /// stage 188 µs throughout); 144×56² → 24 NCHW 203 / 179 / 159 / 154 / 151 µs.
    /// </summary>
    public const int MiddleBudgetFloats = 128 << 10;

    /// <summary>Largest blocked input band of one channel block (NCHW, or a depth multiplier above 1), as for the depthwise operator.</summary>
    public const int InputBandBudgetFloats = 64 << 10;

    /// <summary>
    /// Largest band of expanded rows (the depthwise stage's input, (rows, W, C)) a block with an expansion keeps: with
    /// the middle buffer, L2-sized.
    /// </summary>
    public const int ExpandedBudgetFloats = 128 << 10;

    /// <summary>Bands wanted per thread when several threads share a call: fewer than the depthwise operator's four, since
    /// every band streams all pointwise weights again.</summary>
    public const int BandsPerThread = 2;

    /// <summary>
    /// Largest middle buffer (every image of the call, (pixels, C) or (C, pixels); 256 Ki floats = 1 MiB) for which
    /// several threads split a block with an expansion by channels rather than by rows (<see cref="SplitsChannels"/>):
    /// the shared buffer one phase writes and the next reads stays in the L2 of the two cores that each write about half
    /// of it. MobileNetV2's 28², 14² and 7² blocks fit; its 56² blocks (451 Ki floats) and 112² → 56² (294 Ki) do not.
    /// </summary>
    public const int ChannelSplitBudgetFloats = 256 << 10;

    // Cost of transposing depthwise output into planes, in vector-FMA times (cycles) per element: on Zen 4, NCHW
    // depthwise layers take 0.13–0.17 cycles per output element longer with planar output than with blocked output
    // (3×3 s1 144×56²: 167 against 151 µs; 192×28²: 62 against 55 µs).
    private const double PlanarMiddleCost = 0.15;

    public SeparableConvJob(
        float* input,
        float* output,
        float* depthwiseWeights,
        float* depthwiseBias,
        float* pointwiseWeights,
        float* pointwiseRowMajor,
        float* pointwiseBias,
        TensorLayout layout,
        int batch,
        in DepthwiseConvDimensions dimensions,
        int lanes,
        int outputChannels,
        Activation pointwiseActivation,
        int threads,
        in SeparableConvExpansion expansion = default,
        float* residual = null,
        TensorLayout? inputLayout = null)
    {
        var geometry = dimensions.Geometry;
        Input = input;
        Output = output;
        DepthwiseWeights = depthwiseWeights;
        DepthwiseBias = depthwiseBias;
        PointwiseWeights = pointwiseWeights;
        PointwiseRowMajor = pointwiseRowMajor;
        PointwiseBias = pointwiseBias;
        Layout = layout;
        InputLayout = inputLayout ?? layout;
        Batch = batch;
        Dimensions = dimensions;
        Lanes = lanes;
        OutputChannels = outputChannels;
        PointwiseActivation = pointwiseActivation;
        Expansion = expansion;
        Residual = residual;
        Blocks = DepthwiseConvKernel.Blocks(dimensions.OutputChannels, lanes);
        MiddleStride = Blocks * lanes;
        KernelExtentHeight = (((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height) + 1;
        UsesInputBand = !expansion.IsPresent && (InputLayout == TensorLayout.Nchw || dimensions.DepthMultiplier > 1);

        var outputHeight = geometry.OutputHeight;
        var rowsPerBand = (int)Math.Clamp(MiddleBudgetFloats / ((long)geometry.OutputWidth * MiddleStride), 1, outputHeight);
        var rowsPerChunk = outputHeight;
        if (threads > 1)
        {
            var bandsWanted = Math.Min(outputHeight, ((BandsPerThread * threads) + batch - 1) / batch);
            rowsPerChunk = (outputHeight + bandsWanted - 1) / bandsWanted;
            rowsPerBand = Math.Min(rowsPerBand, rowsPerChunk);
        }

        if (expansion.IsPresent)
        {
            // Expanded rows of a band: (R − 1)·sH + extent for R output rows.
            var expandedRowsWithinBudget = Math.Max(ExpandedBudgetFloats / ((long)geometry.InputWidth * MiddleStride), 1);
            var rowsWithinBudget = ((expandedRowsWithinBudget - KernelExtentHeight) / geometry.Stride.Height) + 1;
            rowsPerBand = (int)Math.Clamp(rowsWithinBudget, 1, rowsPerBand);
        }

        if (UsesInputBand)
        {
            // Input rows of a band: (R − 1)·sH + extent for R output rows.
            var inputRowsWithinBudget = Math.Max(InputBandBudgetFloats / ((long)geometry.InputWidth * lanes), 1);
            var rowsWithinBudget = ((inputRowsWithinBudget - KernelExtentHeight) / geometry.Stride.Height) + 1;
            rowsPerBand = (int)Math.Clamp(rowsWithinBudget, 1, rowsPerBand);
        }

        // Several threads on an image cut into chunks: split a block with an expansion by channels instead when its
        // middle buffer is small and the busiest thread does less work that way (no chunk recomputes halo rows).
        var middleChannels = dimensions.OutputChannels;
        var imagePixels = (long)outputHeight * geometry.OutputWidth;
        var groupChannels = LeastCommonMultiple(GemmKernel.PanelColumns, lanes);
        SplitsChannels = expansion.IsPresent && !expansion.IsStem && rowsPerChunk < outputHeight
            && (long)batch * Math.Max(imagePixels * MiddleStride, (imagePixels + 15) / 16 * 16 * middleChannels) <= ChannelSplitBudgetFloats
            && ChannelSplitBusiestWork(groupChannels, threads) < RowSplitBusiestWork(rowsPerChunk, threads);
        if (SplitsChannels)
        {
            rowsPerChunk = outputHeight;
            rowsPerBand = outputHeight;
        }

        RowsPerBand = rowsPerBand;

        // With an expansion, an item runs its chunk's bands in order and keeps the expanded rows two bands share; without
        // one, an item is one band.
        RowsPerItem = expansion.IsPresent ? rowsPerChunk : rowsPerBand;
        ItemsPerImage = (outputHeight + RowsPerItem - 1) / RowsPerItem;
        var bandPixels = rowsPerBand * geometry.OutputWidth;
        UsesPlanarMiddle = PlanarMiddle(dimensions.OutputChannels, outputChannels, bandPixels, layout);

        // Planes start on 64-byte boundaries, so the GEMM's vector loads of a plane never split a cache line.
        MiddlePlaneStride = (bandPixels + 15) / 16 * 16;
        MiddleLength = UsesPlanarMiddle ? (nint)dimensions.OutputChannels * MiddlePlaneStride : (nint)bandPixels * MiddleStride;
        // A channel group is whole GEMM panels of the expansion's packed weights and whole depthwise blocks.
        GroupChannels = SplitsChannels ? groupChannels : 0;
        GroupsPerImage = SplitsChannels ? (middleChannels + GroupChannels - 1) / GroupChannels : 0;
        ExpandedLength = !expansion.IsPresent ? 0
            : SplitsChannels ? (nint)geometry.InputHeight * geometry.InputWidth * GroupChannels
            : InputBandRows(rowsPerBand, geometry.Stride.Height, KernelExtentHeight, geometry.InputHeight) * geometry.InputWidth * MiddleStride;
        InputBandLength = UsesInputBand ? InputBandRows(rowsPerBand, geometry.Stride.Height, KernelExtentHeight, geometry.InputHeight) * geometry.InputWidth * lanes : 0;

        // The band feed converts ⌈W·sH / lanes⌉ tiles per output row; spread them over the row's blocks.
        var tilesPerRow = (((long)geometry.InputWidth * geometry.Stride.Height) + lanes - 1) / lanes;
        var blocksPerRow = (geometry.OutputWidth + DepthwiseConvKernel.PixelsPerBlock - 1) / DepthwiseConvKernel.PixelsPerBlock;
        TilesPerStep = (int)Math.Clamp((tilesPerRow + blocksPerRow - 1) / blocksPerRow, 1, int.MaxValue);
    }

    public float* Input { get; private init; }

    public float* Output { get; private init; }

    /// <summary>Packed depthwise weights, (packed blocks, kH·kW, lanes).</summary>
    public float* DepthwiseWeights { get; }

    /// <summary>Packed depthwise bias, (packed blocks, lanes).</summary>
    public float* DepthwiseBias { get; }

    /// <summary>Pointwise Wᵀ (C·M, Cout) in GEMM panel order.</summary>
    public float* PointwiseWeights { get; }

    /// <summary>Pointwise W (Cout, C·M), row-major.</summary>
    public float* PointwiseRowMajor { get; }

    /// <summary>Pointwise bias (Cout), or null.</summary>
    public float* PointwiseBias { get; }

    /// <summary>The output's layout (and the residual's).</summary>
    public TensorLayout Layout { get; }

    /// <summary>
    /// The input's layout: <see cref="Layout"/>, except where a plan hands a block an NCHW network's tensor channels-last
    /// (a stem's output, read in place instead of transposed into blocked bands).
    /// </summary>
    public TensorLayout InputLayout { get; }

    /// <summary>The expansion computed band by band before the depthwise stage (absent: the input is the depthwise input).</summary>
    public SeparableConvExpansion Expansion { get; }

    /// <summary>A tensor shaped like the output, added to it (a residual connection), or null.</summary>
    public float* Residual { get; private init; }

    public int Batch { get; }

    public DepthwiseConvDimensions Dimensions { get; }

    /// <summary>Channels per depthwise block: the register width chosen for C·M.</summary>
    public int Lanes { get; }

    /// <summary>Cout.</summary>
    public int OutputChannels { get; }

    public Activation PointwiseActivation { get; }

    /// <summary>Depthwise channel blocks, ⌈C·M / lanes⌉.</summary>
    public int Blocks { get; }

    /// <summary>Floats per pixel of the middle buffer when it is (pixels, C·M): C·M rounded up to whole blocks.</summary>
    public int MiddleStride { get; }

    /// <summary>Whether the middle buffer is planar, (C·M, pixels) (see <see cref="PlanarMiddle"/>).</summary>
    public bool UsesPlanarMiddle { get; }

    /// <summary>Floats between the planes of a planar middle buffer: a band's pixels rounded up to 16.</summary>
    public int MiddlePlaneStride { get; }

    /// <summary>Input rows one output row reads: (kH − 1)·dH + 1.</summary>
    public long KernelExtentHeight { get; }

    /// <summary>Whether the depthwise stage converts its input into an aligned blocked band (NCHW, or M &gt; 1).</summary>
    public bool UsesInputBand { get; }

    public int RowsPerBand { get; }

    /// <summary>Output rows of one work item: one band, or with an expansion a chunk of bands run in order.</summary>
    public int RowsPerItem { get; }

    public int ItemsPerImage { get; }

    /// <summary>
    /// Floats of expanded-row scratch a band needs (0 without an expansion); pixels are <see cref="MiddleStride"/> apart.
    /// When splitting channels: the scratch of one channel group, all input pixels of an image.
    /// </summary>
    public nint ExpandedLength { get; }

    /// <summary>
    /// Whether several threads run the call in two phases split by channels (<see cref="SeparableConvGroupWork{TSimd, TVector, TTaps, TActivation}"/>) instead
    /// of by output rows: only with a 1×1 expansion (the group work computes it as a GEMM), when the row split would cut images, the middle buffer of every
    /// image fits <see cref="ChannelSplitBudgetFloats"/> and the busiest thread has less to do
    /// (<see cref="ChannelSplitBusiestWork"/>, <see cref="RowSplitBusiestWork"/>). The band is then the whole image.
    /// </summary>
    public bool SplitsChannels { get; }

    /// <summary>Expanded channels per group of the channel split (0 without it).</summary>
    public int GroupChannels { get; }

    /// <summary>Channel groups per image of the channel split (0 without it).</summary>
    public int GroupsPerImage { get; }

    /// <summary>Floats of middle scratch a band needs.</summary>
    public nint MiddleLength { get; }

    /// <summary>Floats of input band scratch a channel block needs (0 without a band).</summary>
    public nint InputBandLength { get; }

    /// <summary>Band feed: tiles converted ahead before each output block.</summary>
    public int TilesPerStep { get; }

    public int Items => Batch * ItemsPerImage;

    /// <summary>
    /// This job on other data of the same shapes: new input, output and residual (or null) pointers, the same sizes,
    /// bands and partition. Only the data pointers differ between calls of a bound step (<see cref="SeparableConvCall"/>).
    /// </summary>
    public SeparableConvJob WithData(float* input, float* output, float* residual) => this with { Input = input, Output = output, Residual = residual };

    /// <summary>Floats of middle scratch one output row needs in either layout, to reject problems whose band cannot be allocated.</summary>
    public static long MiddleRowLength(int outputWidth, int middleChannels, int lanes) =>
        Math.Max((long)outputWidth * DepthwiseConvKernel.Blocks(middleChannels, lanes) * lanes, (((long)outputWidth + 15) / 16 * 16) * middleChannels);

    /// <summary>
    /// Whether a band of <paramref name="pixels"/> pixels runs its GEMM with pixels in the vectors (middle buffer in
    /// planes) rather than output channels: the GEMM's vector FMAs in each orientation (<see cref="GemmKernel.VectorFmas"/>,
    /// as <see cref="PointwiseConvKernel.TransposesNchw"/> counts them), plus the planar depthwise output for the one, and
    /// the transposed GEMM stores for whichever does not match the output layout. MobileNetV2's → 24 projections
    /// (features.2, .3) run planar: their 24 channels cost two vectors (planar 376–407 and 322–380 µs against 402–429
    /// and 358–395 channels-last, Zen 5, one thread; on Zen 4, where a Vector256 FMA cost half, channels-last won).
    /// </summary>
    public static bool PlanarMiddle(int middleChannels, int outputChannels, int pixels, TensorLayout layout)
    {
        var transposedStores = GemmTranspose.StoreCost * outputChannels * pixels;
        var planar = GemmKernel.VectorFmas(outputChannels, pixels, middleChannels) + (PlanarMiddleCost * middleChannels * pixels)
            + (layout == TensorLayout.Nhwc ? transposedStores : 0);
        var channelsLast = GemmKernel.VectorFmas(pixels, outputChannels, middleChannels) + (layout == TensorLayout.Nchw ? transposedStores : 0);
        return planar < channelsLast;
    }

    /// <summary>Which (image, output rows) an item is.</summary>
    public (int Image, int FirstRow, int EndRow) Item(int item)
    {
        var firstRow = item % ItemsPerImage * RowsPerItem;
        return (item / ItemsPerImage, firstRow, Math.Min(firstRow + RowsPerItem, Dimensions.Geometry.OutputHeight));
    }

    /// <summary>The input rows [first, end) that output rows [firstRow, endRow) read, clipped to the image.</summary>
    public (int First, int End) InputBandRows(int firstRow, int endRow)
    {
        var geometry = Dimensions.Geometry;
        var first = Math.Clamp((long)geometry.InputRowOrigin(firstRow), 0, geometry.InputHeight);
        var end = Math.Clamp(((long)(endRow - 1) * geometry.Stride.Height) - geometry.PadTop + KernelExtentHeight, first, geometry.InputHeight);
        return ((int)first, (int)end);
    }

    private static int LeastCommonMultiple(int a, int b)
    {
        var (x, y) = (a, b);
        while (y != 0)
        {
            (x, y) = (y, x % y);
        }

        return a / x * b;
    }

    private static nint InputBandRows(int rows, int strideHeight, long extent, int inputHeight) =>
        (nint)Math.Min(((long)(rows - 1) * strideHeight) + extent, inputHeight);
}
