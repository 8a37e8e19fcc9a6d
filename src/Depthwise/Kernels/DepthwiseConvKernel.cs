using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The channel-blocked depthwise kernel (see docs/kernels.md for the design). One register holds one pixel of a block
/// of <c>lanes</c> channels, so every tap is a fused multiply-add of whole registers whatever the kernel size, stride or
/// dilation; <see cref="Rows"/> walks the output rows of one channel block in blocks of <see cref="PixelsPerBlock"/>
/// pixels and hands each block to an <see cref="IDepthwiseTaps"/> body (specialised 3×3/5×5 or generic).
/// </summary>
/// <remarks>
/// Every body computes each output element as the bias, then one fused multiply-add per tap in row-major tap order
/// (ky, then kx), then the activation; taps in padding rows are skipped and taps in padding columns add
/// fma(0, w, acc), which leaves the sum unchanged. Which body, block position, vector width or thread computes an
/// element never changes those operations, so results are bit-identical across thread counts, ISA tiers and layouts.
/// </remarks>
internal static unsafe partial class DepthwiseConvKernel
{
    /// <summary>
    /// Output pixels per block: each weight register loaded feeds eight FMAs, and eight accumulators plus the weights of
    /// one kernel row and an input register fit the 16 registers of AVX2 as well as the 32 of AVX-512.
    /// </summary>
    public const int PixelsPerBlock = 8;

    // one channel block of one image: input (H, W, lanes) with the given strides, weights (kH·kW, lanes), bias (lanes)
    // → output rows [firstRow, endRow), all Wo pixels, through `output`
    public static void Rows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(
        float* input,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref TFeed feed,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Calls that stream from DRAM (PrefetchingFeed) take the strips in short bands that step the feed between strips:
        // the whole-plane bands never reach the feed's Step, and there batch 8 ran 1.23× and 1.44× slower than on the row
        // pairs with the feed; the short bands ran it 1.1–1.3× faster than those pairs (docs/kernels.md, "Session 18:
        // batch 8"). A one-row item has no band: it takes the row pairs' runs, which step the feed.
        if (typeof(TTaps) == typeof(Taps3x3Stride1) && typeof(TFeed) == typeof(PrefetchingFeed) && endRow - firstRow > 1 && RollingRowsFit(dimensions, pixelStride, TSimd.Count))
        {
            StreamingRollingRows<TSimd, TVector, TOutput, TActivation>(input, rowStride, weights, bias, dimensions, firstRow, endRow, ref Unsafe.As<TFeed, PrefetchingFeed>(ref feed), ref output, activation);
            return;
        }

        // Cached calls on blocked rows of 28+ pixels written in place take the input window, which walks the rows in
        // memory order (WindowRowsFit); other outputs (planar) and 14-pixel rows keep the strips.
        if (typeof(TTaps) == typeof(Taps3x3Stride1) && typeof(TFeed) != typeof(PrefetchingFeed) && typeof(TOutput) == typeof(BlockedOutput<TSimd, TVector, CachedStores>)
            && RollingRowsFit(dimensions, pixelStride, TSimd.Count) && WindowRowsFit(dimensions) && Unsafe.As<TOutput, BlockedOutput<TSimd, TVector, CachedStores>>(ref output).PixelsAdjacent)
        {
            WindowRows<TSimd, TVector, TFeed, CachedStores, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref Unsafe.As<TOutput, BlockedOutput<TSimd, TVector, CachedStores>>(ref output), activation);
            return;
        }

        if (typeof(TTaps) == typeof(Taps3x3Stride1) && typeof(TFeed) != typeof(PrefetchingFeed) && RollingRowsFit(dimensions, pixelStride, TSimd.Count))
        {
            RollingRows<TSimd, TVector, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        if (typeof(TTaps) == typeof(Taps3x3Stride1) && RunsFit<Taps3x3Stride1Run>(dimensions, TSimd.Count) && RowPairsFit(dimensions))
        {
            RowPairRows<TSimd, TVector, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        if (typeof(TTaps) == typeof(Taps3x3Stride1) && RunsFit<Taps3x3Stride1Run>(dimensions, TSimd.Count))
        {
            RunRows<TSimd, TVector, Taps3x3Stride1Run, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        if (typeof(TTaps) == typeof(Taps5x5Stride1) && RunsFit<Taps5x5Stride1Run>(dimensions, TSimd.Count))
        {
            RunRows<TSimd, TVector, Taps5x5Stride1Run, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        if (typeof(TTaps) == typeof(Taps5x5Stride1) && SevenPixelRowsFit(dimensions, TSimd.Count))
        {
            SevenPixelRows<TSimd, TVector, Taps5x5Stride1Run, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        if (typeof(TTaps) == typeof(Taps3x3Stride2) && Stride2RunsFit<Taps3x3Stride2Run>(dimensions, TSimd.Count))
        {
            Stride2Rows<TSimd, TVector, Taps3x3Stride2Run, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        if (typeof(TTaps) == typeof(Taps5x5Stride2) && Stride2RunsFit<Taps5x5Stride2Run>(dimensions, TSimd.Count))
        {
            Stride2Rows<TSimd, TVector, Taps5x5Stride2Run, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        BlockRows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
    }

    // Rows in blocks of eight pixels. Not inlined into Rows, and RunRows neither: a network calls Rows on 14·k-pixel
    // rows (runs) before 7-pixel ones (blocks), and with both loops in one method the JIT's profile-guided tier-up,
    // taken while only the runs were hot, compiled the block loop as cold code: 7² layers ran 2× slower after 14².
    // For the same reason narrow rows and rows with and without interior blocks have a method each (see NarrowBlockRows).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BlockRows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(
        float* input,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref TFeed feed,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (dimensions.Geometry.OutputWidth < PixelsPerBlock)
        {
            NarrowBlockRows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        if (HasInteriorBlock(dimensions))
        {
            MixedBlockRows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        ClippedBlockRows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
    }

    // Whether some eight-pixel block of a row of at least eight pixels (the last one pulled back to end at the row's
    // end) has all its input columns inside the image.
    private static bool HasInteriorBlock(in DepthwiseConvDimensions dimensions)
    {
        var outputWidth = dimensions.Geometry.OutputWidth;
        for (var start = 0; start < outputWidth; start += PixelsPerBlock)
        {
            var x = Math.Min(start, outputWidth - PixelsPerBlock);
            if (x >= dimensions.InteriorColumnStart && x + PixelsPerBlock <= dimensions.InteriorColumnEnd)
            {
                return true;
            }
        }

        return false;
    }

    // Rows narrower than a block (7² layers): one clipped block per row, which stores only the row's pixels. This and
    // the two loops below each have a method of their own, so that each one's profile-guided tier-up sees only its own
    // rows, whichever layer ran first: with one method for every row, a 5×5 layer of 7² ran 10 % slower when a 14² or
    // 28² layer had run before it in the process (and the 14² one 10 % slower after a 7²), which is why `bench` swung
    // between runs, and a 5×5 stride-2 layer of 14-pixel output rows ran 20–30 % slower after one of 7-pixel rows.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NarrowBlockRows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(
        float* input,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref TFeed feed,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        for (var y = firstRow; y < endRow; y++)
        {
            feed.BeginRow(y);
            var row = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y);
            feed.Step();
            TTaps.Block<TSimd, TVector, ClippedColumns, TOutput, TActivation>(row, 0, ref output, activation);
        }
    }

    // Rows of at least a block none of whose blocks is an interior one (rows of 14 at 5×5 outside the runs, or at
    // stride 2).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ClippedBlockRows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(
        float* input,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref TFeed feed,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var outputWidth = dimensions.Geometry.OutputWidth;
        for (var y = firstRow; y < endRow; y++)
        {
            feed.BeginRow(y);
            var row = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y);

            // The last block is pulled back to end at the row's end, recomputing a few pixels with identical values.
            for (var start = 0; start < outputWidth; start += PixelsPerBlock)
            {
                var x = Math.Min(start, outputWidth - PixelsPerBlock);
                feed.Step();
                TTaps.Block<TSimd, TVector, ClippedColumns, TOutput, TActivation>(row, x, ref output, activation);
            }
        }
    }

    // Rows with interior blocks; their clipped blocks are the few at each end.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MixedBlockRows<TSimd, TVector, TTaps, TFeed, TOutput, TActivation>(
        float* input,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref TFeed feed,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TTaps : struct, IDepthwiseTaps
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var outputWidth = dimensions.Geometry.OutputWidth;
        var interiorStart = dimensions.InteriorColumnStart;
        var interiorEnd = dimensions.InteriorColumnEnd;
        for (var y = firstRow; y < endRow; y++)
        {
            feed.BeginRow(y);
            var row = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y);

            // The last block is pulled back to end at the row's end, recomputing a few pixels with identical values.
            for (var start = 0; start < outputWidth; start += PixelsPerBlock)
            {
                var x = Math.Min(start, outputWidth - PixelsPerBlock);
                feed.Step();
                if (x >= interiorStart && x + PixelsPerBlock <= interiorEnd)
                {
                    TTaps.Block<TSimd, TVector, InteriorColumns, TOutput, TActivation>(row, x, ref output, activation);
                }
                else
                {
                    TTaps.Block<TSimd, TVector, ClippedColumns, TOutput, TActivation>(row, x, ref output, activation);
                }
            }
        }
    }

    // output row y of one channel block: its input rows clipped to the image, with the weights and bias → the row's taps
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DepthwiseRow RowAt(float* input, nint pixelStride, nint rowStride, float* weights, float* bias, in DepthwiseConvDimensions dimensions, int y)
    {
        var geometry = dimensions.Geometry;
        var rowOrigin = geometry.InputRowOrigin(y);
        var (kyFirst, kyEnd) = DepthwiseConvDimensions.TapRange(rowOrigin, geometry.InputHeight, geometry.Kernel.Height, geometry.Dilation.Height);
        return new DepthwiseRow(
            input + (rowOrigin * rowStride),
            pixelStride,
            geometry.Dilation.Height * rowStride,
            kyFirst,
            kyEnd,
            weights,
            bias,
            dimensions,
            y,
            Math.Min(geometry.OutputWidth, PixelsPerBlock));
    }

    /// <summary>Input column <paramref name="column"/> at <paramref name="source"/>, or zero when it is padding (clipped blocks only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector LoadColumn<TSimd, TVector, TColumns>(float* source, int column, int width)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds =>
        TColumns.Clipped && (uint)column >= (uint)width ? TSimd.Zero : TSimd.Load(source);

    /// <summary>Blocks of <paramref name="lanes"/> output channels, the last one padded: ceil(C·M / lanes).</summary>
    public static int Blocks(int outputChannels, int lanes) => (outputChannels + lanes - 1) / lanes;

    /// <summary>
    /// Packed blocks: the padded blocks, plus, when C·M is not a multiple of the lanes, a tail block holding exactly the
    /// last <c>lanes</c> channels (channels-last data computes its last block there, overlapping the one before).
    /// </summary>
    public static int PackedBlocks(int outputChannels, int lanes) => Blocks(outputChannels, lanes) + (outputChannels % lanes == 0 ? 0 : 1);

    /// <summary>
    /// Re-lays PyTorch weights (C·M, 1, kH, kW) as (blocks, kH·kW, lanes) and bias (C·M) as (blocks, lanes), blocks as
    /// described at <see cref="PackedBlocks"/>; padding lanes get zero weights and bias. A missing bias packs as zeros.
    /// </summary>
    public static void PackWeights(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outputChannels, int taps, int lanes, Span<float> packedWeights, Span<float> packedBias)
    {
        var blocks = Blocks(outputChannels, lanes);
        var packedBlocks = PackedBlocks(outputChannels, lanes);
        for (var block = 0; block < packedBlocks; block++)
        {
            var firstChannel = block < blocks ? block * lanes : outputChannels - lanes;
            for (var lane = 0; lane < lanes; lane++)
            {
                var channel = firstChannel + lane;
                var inside = channel < outputChannels;
                packedBias[(block * lanes) + lane] = inside && !bias.IsEmpty ? bias[channel] : 0f;
                for (var tap = 0; tap < taps; tap++)
                {
                    packedWeights[(((block * taps) + tap) * lanes) + lane] = inside ? weights[(channel * taps) + tap] : 0f;
                }
            }
        }
    }
}
