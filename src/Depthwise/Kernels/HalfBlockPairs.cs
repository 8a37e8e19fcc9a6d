using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// The half block: the last channel block of a 16-lane blocked layer whose channel count leaves it at most 8 live lanes
/// (C ≡ 1 … 8 mod 16: MobileNetV3's 72, 88, 120, 184, 200), computed as pixel pairs. A run of 14 output pixels is 7
/// registers, register j holding pixel x + j's live lanes in its low half and pixel x + 7 + j's in its high half, each
/// input column loaded as two 8-lane halves into one register; so the block takes half the FMAs of the 16-lane body,
/// which spends half of them on padding lanes. 5×5 stride 1 only (120×28²: 1–5 % faster): the 3×3 pairs were 3–8 %
/// slower than the 16-lane input window on 72×56² and 88×28², and the stride-2 pairs no faster than the runs (a
/// stride-2 layer of 72×56² spends its time on its 1 MB input, which the half block reads as many lines of); 8-lane
/// registers took as long as a whole block, since Zen 5 issues a 256-bit FMA in the slot of a 512-bit one
/// (docs/kernels.md, "Session 20").
/// </summary>
internal static unsafe class HalfBlockPairs
{
    /// <summary>Lanes of the layout's channel blocks: floats between neighbouring pixels, and per packed weight.</summary>
    public const int Lanes = 16;

    /// <summary>Output pixels per run, 7 pairs.</summary>
    public const int RunWidth = 14;

    private const int Pairs = RunWidth / 2;

    /// <summary>
    /// Whether a layer's last block is a half block <typeparamref name="TTaps"/> computes (its kernel and stride across
    /// the job's, dilation 1): 16-lane blocks, at most 8 live lanes in the last, depth multiplier 1, rows of 14·k pixels,
    /// and padding columns only among a row's first and last kernel-width − 1 input columns, so that a run's low halves
    /// meet only the left padding and its high halves only the right.
    /// </summary>
    public static bool Fits<TTaps>(in DepthwiseConvDimensions dimensions, int lanes)
        where TTaps : struct, IHalfBlockPairTaps
    {
        var geometry = dimensions.Geometry;
        var size = TTaps.KernelSize;
        var width = geometry.OutputWidth;
        var padRight = (TTaps.Stride * (width - 1)) + size - geometry.PadLeft - geometry.InputWidth;
        var live = dimensions.OutputChannels % lanes;
        return lanes == Lanes && live is > 0 and <= Lanes / 2 && dimensions.DepthMultiplier == 1 && width % RunWidth == 0 && geometry.PadLeft < size && padRight < size;
    }

    // one half block, rows of 14·k pixels that Fit: input (H, W, 16) with its weights (k·k, 16) and bias (16), low 8
    // lanes live → output rows [firstRow, endRow), all 16 lanes, through `output`
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Rows<TTaps, TFeed, TStores, TActivation>(
        float* input,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref TFeed feed,
        ref BlockedOutput<SimdFloat512, Vector512<float>, TStores> output,
        TActivation activation)
        where TTaps : struct, IHalfBlockPairTaps
        where TFeed : struct, IDepthwiseFeed
        where TStores : struct, IOutputStores
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Each weight's live lanes in both halves: (k·k, 16).
        var taps = TTaps.KernelSize * TTaps.KernelSize;
        var pairWeights = stackalloc float[taps * Lanes];
        for (var tap = 0; tap < taps; tap++)
        {
            var weight = Vector256.Load(weights + (tap * Lanes));
            Vector512.Store(Vector512.Create(weight, weight), pairWeights + (tap * Lanes));
        }

        var pairBias = Vector512.Create(Vector256.Load(bias), Vector256.Load(bias));
        var geometry = dimensions.Geometry;
        var rows = new ChannelBlockRows(input, Lanes, (nint)geometry.InputWidth * Lanes, pairWeights, bias, dimensions);
        var outputWidth = geometry.OutputWidth;
        var last = outputWidth - RunWidth;
        for (var y = firstRow; y < endRow; y++)
        {
            feed.BeginRow(y);

            // The feed steps twice per run, as in the 16-lane runs.
            feed.Step();
            feed.Step();
            if (last == 0)
            {
                Run<TTaps, PaddedEnds.Both, TStores, TActivation>(rows, pairBias, y, 0, ref output, activation);
                continue;
            }

            Run<TTaps, PaddedEnds.First, TStores, TActivation>(rows, pairBias, y, 0, ref output, activation);
            for (var x = RunWidth; x < last; x += RunWidth)
            {
                feed.Step();
                feed.Step();
                Run<TTaps, PaddedEnds.None, TStores, TActivation>(rows, pairBias, y, x, ref output, activation);
            }

            feed.Step();
            feed.Step();
            Run<TTaps, PaddedEnds.Last, TStores, TActivation>(rows, pairBias, y, last, ref output, activation);
        }
    }

    /// <summary>
    /// Paired column <paramref name="index"/>: the live lanes of the input pixel that many pixels past
    /// <paramref name="lower"/> (column <paramref name="lowerColumn"/>), then those past <paramref name="upper"/>, in one
    /// register. A column in the padding is zero; only the first run's low halves and the last run's high halves can be,
    /// and only those the kernel row says may be (<paramref name="lowerMayPad"/>, <paramref name="upperMayPad"/>:
    /// constants, so the other columns are loaded untested at constant offsets).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Pair<TEnds>(float* lower, float* upper, int index, int lowerColumn, int upperColumn, int width, bool lowerMayPad, bool upperMayPad)
        where TEnds : struct, IPaddedEnds
    {
        var low = TEnds.PaddedFirst && lowerMayPad && lowerColumn + index < 0 ? Vector256<float>.Zero : Vector256.Load(lower + (index * Lanes));
        var high = TEnds.PaddedLast && upperMayPad && upperColumn + index >= width ? Vector256<float>.Zero : Vector256.Load(upper + (index * Lanes));
        return low.ToVector512Unsafe().WithUpper(high);
    }

    // output pixels x … x + 13 of row y: the kernel rows inside the image, then each pair split into its two pixels,
    // padding lanes zero, and stored as a 16-lane run (activated there). A method of its own per kind of run: all four
    // inlined into Rows exhausted the JIT's inlining budget, which then left Lower, Upper and the loads as calls.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Run<TTaps, TEnds, TStores, TActivation>(in ChannelBlockRows rows, Vector512<float> bias, int y, int x, ref BlockedOutput<SimdFloat512, Vector512<float>, TStores> output, TActivation activation)
        where TTaps : struct, IHalfBlockPairTaps
        where TEnds : struct, IPaddedEnds
        where TStores : struct, IOutputStores
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var size = TTaps.KernelSize;
        var origin = rows.InputRowOrigin(y);
        var (kyFirst, kyEnd) = rows.KernelRowsInside(origin, size);
        var lowerColumn = (x * TTaps.Stride) - rows.PadLeft;
        var upperColumn = lowerColumn + (Pairs * TTaps.Stride);
        var width = rows.InputWidth;
        var accumulator0 = bias;
        var accumulator1 = bias;
        var accumulator2 = bias;
        var accumulator3 = bias;
        var accumulator4 = bias;
        var accumulator5 = bias;
        var accumulator6 = bias;
        for (var ky = kyFirst; ky < kyEnd; ky++)
        {
            TTaps.KernelRow<TEnds>(
                rows.Input + ((origin + ky) * rows.RowStride),
                lowerColumn,
                upperColumn,
                width,
                rows.Weights + (ky * size * Lanes),
                ref accumulator0,
                ref accumulator1,
                ref accumulator2,
                ref accumulator3,
                ref accumulator4,
                ref accumulator5,
                ref accumulator6);
        }

        DepthwiseConvKernel.StoreRun<SimdFloat512, Vector512<float>, BlockedOutput<SimdFloat512, Vector512<float>, TStores>, TActivation>(
            ref output,
            y,
            x,
            activation,
            false,
            Lower(accumulator0),
            Lower(accumulator1),
            Lower(accumulator2),
            Lower(accumulator3),
            Lower(accumulator4),
            Lower(accumulator5),
            Lower(accumulator6),
            Upper(accumulator0),
            Upper(accumulator1),
            Upper(accumulator2),
            Upper(accumulator3),
            Upper(accumulator4),
            Upper(accumulator5),
            Upper(accumulator6));
    }

    // the pair's first pixel: its low half, padding lanes zero
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lower(Vector512<float> pair) => pair.GetLower().ToVector512();

    // the pair's second pixel: its high half moved down, padding lanes zero
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Upper(Vector512<float> pair) => pair.GetUpper().ToVector512();
}
