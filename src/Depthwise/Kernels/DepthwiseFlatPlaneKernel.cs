using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The flat-plane depthwise kernel for NCHW data on small planes (padded rows of at most 32 pixels), 3×3 with stride 1
/// or 2: at stride 1 each channel's plane is copied into a zero-padded scratch plane whose rows are whole registers, and
/// the output rows are then computed from it with plain loads at fixed offsets — no masks, no border cases, no
/// transposes into channel blocks and back (see docs/kernels.md, "Flat-plane kernel"); at stride 2 each padded input
/// row is split into its even and odd columns in registers (<see cref="SplitChannels{TActivation}"/>).
/// </summary>
/// <remarks>
/// <para>
/// Four output rows are computed together, one register (two for padded rows of 17–32 pixels) per row: each padded row
/// they read is loaded once at column offsets 0, 1 and 2 and feeds every output row that reads it (18 loads for 36
/// FMAs at stride 1; at stride 2 nine padded rows, 18 loads and 27 shuffles for 36 FMAs). Results are
/// stored row by row in ascending order, each a full register whose spill past the row is overwritten by the next row,
/// except near the plane's end, where only the plane's own pixels are written.
/// </para>
/// <para>
/// Each output element is the bias, then one FMA per tap in row-major order (ky, then kx), padding taps adding
/// fma(0, w, acc), then the activation: the channel-blocked kernel's operations, except that it skips padding rows
/// where this kernel adds fma(0, w, acc). The two agree bit for bit for finite weights, up to the sign of a zero sum.
/// AVX-512 only: other tiers keep the transposing path.
/// </para>
/// <para>
/// Planes with output rows of at most 8 pixels and padded rows of at most 16 (<see cref="FlatPlaneShape.PairsRows"/>)
/// skip the scratch: two output rows share a register, and each tap's register is a two-source permute of two padded
/// input rows loaded with a mask (<see cref="PairedChannels{TActivation}"/>), or, where the two rows lie next to each
/// other in memory, one masked load (<see cref="AdjacentChannels{TActivation}"/>): the same operations in the same order.
/// </para>
/// </remarks>
internal static unsafe class DepthwiseFlatPlaneKernel
{
    /// <summary>Widest padded row (padLeft + W + padRight): two registers.</summary>
    public const int MaximumPaddedWidth = 32;

    /// <summary>Largest padded plane, in pixels: 256 KiB per buffer, so no input size or padding can ask for more.</summary>
    public const int MaximumPaddedPixels = 1 << 16;

    private const int Lanes = 16;

    private const int KernelSize = 3;

    // Output rows a paired group computes: four registers of two rows.
    private const int PairGroupRows = 8;

    /// <summary>Whether the hardware runs this kernel (Vector512 accelerated, AVX-512F masked loads).</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>Whether the flat-plane kernel computes this geometry: 3×3, stride 1 or 2, dilation 1, padded rows of at most 32 pixels.</summary>
    public static bool Supports(in ConvGeometry geometry)
    {
        var paddedWidth = (long)geometry.PadLeft + geometry.InputWidth + geometry.PadRight;
        var paddedHeight = (long)geometry.PadTop + geometry.InputHeight + geometry.PadBottom;
        return IsSupported
            && geometry.Kernel == new Size2D(KernelSize, KernelSize)
            && (geometry.Stride == new Size2D(1, 1) || geometry.Stride == new Size2D(2, 2))
            && geometry.Dilation == new Size2D(1, 1)
            && paddedWidth <= MaximumPaddedWidth
            && paddedWidth * paddedHeight <= MaximumPaddedPixels;
    }

    /// <summary>Zeroes both plane buffers of <paramref name="scratch"/>; once per work item, before <see cref="Channels{TActivation}"/>.</summary>
    public static void Prepare(float* scratch, in FlatPlaneShape shape) => new Span<float>(scratch, shape.ScratchLength).Clear();

    /// <summary>
    /// Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image at stride 1. Each input
    /// plane is copied (<see cref="Load"/>) into one buffer one plane ahead of the computation, which reads the other buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Channels<TActivation>(
        float* input, float* output, float* weights, int weightLanes, float* bias, int firstChannel, int endChannel, int depthMultiplier,
        float* scratch, in FlatPlaneShape shape, in ConvGeometry geometry, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input (C, H, W) of one image, packed weights (blocks, 9, weightLanes), packed bias → planes first … end − 1 of output (C·M, Ho, Wo)
        var inputPlane = (nint)geometry.InputHeight * geometry.InputWidth;
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var outputPlane = (nint)outputHeight * outputWidth;
        nint rowStride = shape.RowStride;
        var buffer = scratch;
        var other = scratch + shape.BufferLength;
        var inputChannel = firstChannel / depthMultiplier;
        var lastInputChannel = (endChannel - 1) / depthMultiplier;
        Load(input + (inputChannel * inputPlane), buffer, shape, geometry);
        output += firstChannel * outputPlane;
        for (var channel = firstChannel; channel < endChannel; channel++, output += outputPlane)
        {
            // Output channel c·M + m reads input plane c: copied once for its M output channels.
            var planes = buffer;
            if ((channel + 1) % depthMultiplier == 0 && inputChannel < lastInputChannel)
            {
                inputChannel++;
                var previous = buffer;
                buffer = other;
                other = previous;
                Load(input + (inputChannel * inputPlane), buffer, shape, geometry);
            }

            // Packed weights are (blocks, taps, lanes): the channel's taps are one lane apart.
            var channelWeights = weights + ((nint)(channel / weightLanes) * KernelSize * KernelSize * weightLanes) + (channel % weightLanes);
            var taps = DepthwisePlaneTaps<Vector512<float>>.Broadcast<SimdFloat512>(bias[channel], channelWeights, weightLanes);

            // Groups of four output rows, the last pulled back to end at the last row (recomputing a few rows with
            // identical values); a plane of fewer than four rows computes four from the zero slack.
            for (var y = 0; y < outputHeight; y += 4)
            {
                var first = y + 4 <= outputHeight || outputHeight < 4 ? y : outputHeight - 4;
                if (rowStride == Lanes)
                {
                    RowGroup(planes + (first * rowStride), rowStride, output, first, outputHeight, outputWidth, taps, activation);
                }
                else
                {
                    RowGroupPair(planes + (first * rowStride), rowStride, output, first, outputHeight, outputWidth, taps, activation);
                }

                y = first;
            }
        }
    }

    /// <summary>
    /// Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image when output rows pair
    /// up (<see cref="FlatPlaneShape.PairsRows"/>): output rows y and y + 1 share a register (lanes 0 … 7 and 8 … 15), and
    /// each tap's register is one two-source permute of two padded input rows, each a masked load (zeros outside the
    /// image), so no scratch is needed: padded row r serves taps of kernel row ky of output row (r − ky) / stride.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void PairedChannels<TActivation>(
        float* input, float* output, float* weights, int weightLanes, float* bias, int firstChannel, int endChannel, int depthMultiplier,
        in ConvGeometry geometry, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input (C, H, W) of one image, packed weights (blocks, 9, weightLanes), packed bias → planes first … end − 1 of output (C·M, Ho, Wo)
        var inputHeight = geometry.InputHeight;
        var inputWidth = geometry.InputWidth;
        var inputPlane = (nint)inputHeight * inputWidth;
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var outputPlane = (nint)outputHeight * outputWidth;
        var stride = geometry.Stride.Height;
        var padTop = geometry.PadTop;
        var padLeft = geometry.PadLeft;

        // Padded column j of a row register holds input column j − padLeft; lane x of a pair register reads padded
        // column stride·x + kx of the upper row (lanes 16 + … of the permute address the lower row).
        var rowMask = SimdFloat512.LaneMask(padLeft, padLeft + inputWidth);
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var lowerRow = Vector512.GreaterThanOrEqual(lanes, Vector512.Create(FlatPlaneShape.PairedLanes));
        var column = ((lanes & Vector512.Create(FlatPlaneShape.PairedLanes - 1)) * stride) + (lowerRow & Vector512.Create(Lanes));
        var order0 = column;
        var order1 = column + Vector512<int>.One;
        var order2 = column + Vector512.Create(2);
        var pairOrder = PairOrder(outputWidth);

        // Planes are followed from the padded origin: the row registers start padLeft floats before each row.
        var walk = new PlaneChannelWalk(input - ((nint)padTop * inputWidth) - padLeft, inputPlane, weights, weightLanes, firstChannel, depthMultiplier);
        output += firstChannel * outputPlane;
        for (var channel = firstChannel; channel < endChannel; channel++, output += outputPlane)
        {
            var taps = walk.Broadcast(bias[channel]);

            // Groups of eight output rows (four pair registers), the last pulled back to end at the last row
            // (recomputing a few rows with identical values); a plane of fewer than eight rows stores only its own.
            for (var y = 0; y < outputHeight; y += PairGroupRows)
            {
                var first = y + PairGroupRows <= outputHeight || outputHeight < PairGroupRows ? y : outputHeight - PairGroupRows;
                var rows = new PairRows(walk.Plane, padTop, inputHeight, inputWidth, rowMask);
                var orders = new PairOrders(order0, order1, order2);
                var (pair0, pair1, pair2, pair3) = stride == 1
                    ? PairGroupStride1(rows, first, orders, taps)
                    : PairGroupStride2(rows, 2 * first, orders, taps);
                StorePair(activation.Invoke(pair0), pairOrder, output, first, outputHeight, outputWidth);
                StorePair(activation.Invoke(pair1), pairOrder, output, first + 2, outputHeight, outputWidth);
                StorePair(activation.Invoke(pair2), pairOrder, output, first + 4, outputHeight, outputWidth);
                StorePair(activation.Invoke(pair3), pairOrder, output, first + 6, outputHeight, outputWidth);
                y = first;
            }

            walk.Next();
        }
    }

    /// <summary>
    /// Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image at stride 1 without
    /// scratch when rows have one padding column each side and 9–30 pixels (<see cref="FlatPlaneShape.RowsShift"/>: the 14²
    /// and 28² layers): each input row is one masked load (two from 16 pixels on), and its taps kx = 0 and 2 are that
    /// register moved a lane up and down (<see cref="ShiftedRows"/>) — in place of copying the plane into a padded scratch plane and loading every tap back
    /// from it. Same operations in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ShiftedChannels<TActivation>(
        float* input, float* output, float* weights, int weightLanes, float* bias, int firstChannel, int endChannel, int depthMultiplier,
        in ConvGeometry geometry, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input (C, H, W) of one image, packed weights (blocks, 9, weightLanes), packed bias → planes first … end − 1 of output (C·M, Ho, W)
        var inputHeight = geometry.InputHeight;
        var width = geometry.InputWidth;
        var inputPlane = (nint)inputHeight * width;
        var outputHeight = geometry.OutputHeight;
        var outputPlane = (nint)outputHeight * width;
        var padTop = geometry.PadTop;
        var wide = width >= Lanes;
        var mask = SimdFloat512.LaneMask(0, wide ? width - Lanes : width);

        var walk = new PlaneChannelWalk(input, inputPlane, weights, weightLanes, firstChannel, depthMultiplier);
        output += firstChannel * outputPlane;
        for (var channel = firstChannel; channel < endChannel; channel++, output += outputPlane)
        {
            var taps = walk.Broadcast(bias[channel]);
            var rows = new ShiftedRows(walk.Plane, inputHeight, width, mask);

            // Groups of four output rows, the last pulled back to end at the last row (recomputing a few rows with
            // identical values); a plane of fewer than four rows stores only its own.
            for (var y = 0; y < outputHeight; y += 4)
            {
                var first = y + 4 <= outputHeight || outputHeight < 4 ? y : outputHeight - 4;
                if (wide)
                {
                    WideShiftedGroup(rows, first - padTop, output, first, outputHeight, width, taps, activation);
                }
                else if (outputHeight - y == 2)
                {
                    // Two rows left (14-row planes: 4 + 4 + 4 + 2): computed alone rather than recomputing two.
                    ShiftedTwoRows(rows, y - padTop, output, y, outputHeight, width, taps, activation);
                    break;
                }
                else
                {
                    ShiftedGroup(rows, first - padTop, output, first, outputHeight, width, taps, activation);
                }

                y = first;
            }

            walk.Next();
        }
    }

    // stride 1: input rows r … r + 5 → output rows y … y + 3 (those above Ho): RowGroup's order with rows shifted in
    // registers instead of loaded from a padded plane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftedGroup<TActivation>(
        in ShiftedRows rows, int r, float* output, int y, int outputHeight, int outputWidth, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (a0, a1, a2) = rows.Row(r);
        var accumulator0 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Row(r + 1);
        var accumulator1 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Row(r + 2);
        var accumulator2 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        (a0, a1, a2) = rows.Row(r + 3);
        var accumulator3 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        (a0, a1, a2) = rows.Row(r + 4);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        (a0, a1, a2) = rows.Row(r + 5);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        StoreRow(activation.Invoke(accumulator0), output, y, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1), output, y + 1, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator2), output, y + 2, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator3), output, y + 3, 0, outputHeight, outputWidth);
    }

    // stride 1: input rows r … r + 3 → output rows y and y + 1: ShiftedGroup's order for two rows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftedTwoRows<TActivation>(
        in ShiftedRows rows, int r, float* output, int y, int outputHeight, int outputWidth, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (a0, a1, a2) = rows.Row(r);
        var accumulator0 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Row(r + 1);
        var accumulator1 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Row(r + 2);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        (a0, a1, a2) = rows.Row(r + 3);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        StoreRow(activation.Invoke(accumulator0), output, y, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1), output, y + 1, 0, outputHeight, outputWidth);
    }

    // stride 1: input rows r … r + 5 → output rows y … y + 3 (those above Ho), two registers per row: RowGroupPair's
    // order with rows shifted in registers instead of loaded from a padded plane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WideShiftedGroup<TActivation>(
        in ShiftedRows rows, int r, float* output, int y, int outputHeight, int outputWidth, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (a0, a1, a2, b0, b1, b2) = rows.Wide(r);
        var accumulator0A = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        var accumulator0B = TapRow(taps.Bias, b0, b1, b2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2, b0, b1, b2) = rows.Wide(r + 1);
        var accumulator1A = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        var accumulator1B = TapRow(taps.Bias, b0, b1, b2, taps.W00, taps.W01, taps.W02);
        accumulator0A = TapRow(accumulator0A, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        accumulator0B = TapRow(accumulator0B, b0, b1, b2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2, b0, b1, b2) = rows.Wide(r + 2);
        var accumulator2A = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        var accumulator2B = TapRow(taps.Bias, b0, b1, b2, taps.W00, taps.W01, taps.W02);
        accumulator1A = TapRow(accumulator1A, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        accumulator1B = TapRow(accumulator1B, b0, b1, b2, taps.W10, taps.W11, taps.W12);
        accumulator0A = TapRow(accumulator0A, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator0B = TapRow(accumulator0B, b0, b1, b2, taps.W20, taps.W21, taps.W22);
        (a0, a1, a2, b0, b1, b2) = rows.Wide(r + 3);
        var accumulator3A = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        var accumulator3B = TapRow(taps.Bias, b0, b1, b2, taps.W00, taps.W01, taps.W02);
        accumulator2A = TapRow(accumulator2A, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        accumulator2B = TapRow(accumulator2B, b0, b1, b2, taps.W10, taps.W11, taps.W12);
        accumulator1A = TapRow(accumulator1A, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator1B = TapRow(accumulator1B, b0, b1, b2, taps.W20, taps.W21, taps.W22);
        (a0, a1, a2, b0, b1, b2) = rows.Wide(r + 4);
        accumulator3A = TapRow(accumulator3A, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        accumulator3B = TapRow(accumulator3B, b0, b1, b2, taps.W10, taps.W11, taps.W12);
        accumulator2A = TapRow(accumulator2A, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator2B = TapRow(accumulator2B, b0, b1, b2, taps.W20, taps.W21, taps.W22);
        (a0, a1, a2, b0, b1, b2) = rows.Wide(r + 5);
        accumulator3A = TapRow(accumulator3A, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator3B = TapRow(accumulator3B, b0, b1, b2, taps.W20, taps.W21, taps.W22);
        StoreRow(activation.Invoke(accumulator0A), output, y, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator0B), output, y, Lanes, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1A), output, y + 1, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1B), output, y + 1, Lanes, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator2A), output, y + 2, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator2B), output, y + 2, Lanes, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator3A), output, y + 3, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator3B), output, y + 3, Lanes, outputHeight, outputWidth);
    }

    /// <summary>
    /// Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image at stride 2 without
    /// scratch: each padded input row is two masked loads split in registers into its even columns, odd columns and
    /// even columns one further (<see cref="SplitRows"/>), once per group of four output rows that reads it — in place of
    /// copying the plane into phase planes and loading every tap back from them. Same operations in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SplitChannels<TActivation>(
        float* input, float* output, float* weights, int weightLanes, float* bias, int firstChannel, int endChannel, int depthMultiplier,
        in ConvGeometry geometry, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input (C, H, W) of one image, packed weights (blocks, 9, weightLanes), packed bias → planes first … end − 1 of output (C·M, Ho, Wo)
        var inputHeight = geometry.InputHeight;
        var inputWidth = geometry.InputWidth;
        var inputPlane = (nint)inputHeight * inputWidth;
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var outputPlane = (nint)outputHeight * outputWidth;
        var padTop = geometry.PadTop;
        var padLeft = geometry.PadLeft;

        // Padded column 16j + i holds input column 16j + i − padLeft: lanes [padLeft − 16j, padLeft + W − 16j) of register j.
        var low = SimdFloat512.LaneMask(Math.Clamp(padLeft, 0, Lanes), Math.Clamp(padLeft + inputWidth, 0, Lanes));
        var high = SimdFloat512.LaneMask(Math.Clamp(padLeft - Lanes, 0, Lanes), Math.Clamp(padLeft + inputWidth - Lanes, 0, Lanes));

        // Planes are followed from the padded origin (row −padTop, column −padLeft).
        var walk = new PlaneChannelWalk(input - ((nint)padTop * inputWidth) - padLeft, inputPlane, weights, weightLanes, firstChannel, depthMultiplier);
        output += firstChannel * outputPlane;
        for (var channel = firstChannel; channel < endChannel; channel++, output += outputPlane)
        {
            var taps = walk.Broadcast(bias[channel]);
            var rows = new SplitRows(walk.Plane, padTop, inputHeight, inputWidth, low, high);

            // Groups of four output rows, the last pulled back to end at the last row (recomputing a few rows with
            // identical values); a plane of fewer than four rows stores only its own.
            for (var y = 0; y < outputHeight; y += 4)
            {
                if (outputHeight - y == 2)
                {
                    // Two rows left (14-row planes: 4 + 4 + 4 + 2): computed alone rather than recomputing two.
                    SplitTwoRows(rows, 2 * y, output, y, outputHeight, outputWidth, taps, activation);
                    break;
                }

                var first = y + 4 <= outputHeight || outputHeight < 4 ? y : outputHeight - 4;
                SplitGroup(rows, 2 * first, output, first, outputHeight, outputWidth, taps, activation);
                y = first;
            }

            walk.Next();
        }
    }

    // stride 2: padded rows r … r + 4 → output rows r/2 and r/2 + 1: SplitGroup's order for two rows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitTwoRows<TActivation>(
        in SplitRows rows, int r, float* output, int y, int outputHeight, int outputWidth, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (a0, a1, a2) = rows.Row(r);
        var accumulator0 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Row(r + 1);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Row(r + 2);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        var accumulator1 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Row(r + 3);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Row(r + 4);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        StoreRow(activation.Invoke(accumulator0), output, y, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1), output, y + 1, 0, outputHeight, outputWidth);
    }

    // stride 2: padded rows r … r + 8 → output rows r/2 … r/2 + 3 (those above Ho); padded row r + 2j + ky is kernel
    // row ky of output row r/2 + j, so rows r + 2, r + 4, r + 6 serve two output rows each.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitGroup<TActivation>(
        in SplitRows rows, int r, float* output, int y, int outputHeight, int outputWidth, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (a0, a1, a2) = rows.Row(r);
        var accumulator0 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Row(r + 1);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Row(r + 2);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        var accumulator1 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Row(r + 3);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Row(r + 4);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        var accumulator2 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Row(r + 5);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Row(r + 6);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        var accumulator3 = TapRow(taps.Bias, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Row(r + 7);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Row(r + 8);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        StoreRow(activation.Invoke(accumulator0), output, y, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1), output, y + 1, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator2), output, y + 2, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator3), output, y + 3, 0, outputHeight, outputWidth);
    }

    /// <summary>
    /// Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image when the two output
    /// rows of a register lie next to each other in memory (<see cref="FlatPlaneShape.RowsAdjacent"/>: stride 1, one
    /// padding column each side, rows of at most 8): output rows y and y + 1 are lanes [0, W) and [W, 2W), as in the
    /// input and output planes, so every tap register is one masked load of the input plane (<see cref="AdjacentRows"/>)
    /// and every result one store — no permutes, where <see cref="PairedChannels{TActivation}"/> spends 27 on the taps
    /// and 4 on the stores of a group. Same operations in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AdjacentChannels<TActivation>(
        float* input, float* output, float* weights, int weightLanes, float* bias, int firstChannel, int endChannel, int depthMultiplier,
        in ConvGeometry geometry, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input (C, H, W) of one image, packed weights (blocks, 9, weightLanes), packed bias → planes first … end − 1 of output (C·M, Ho, W)
        var inputHeight = geometry.InputHeight;
        var width = geometry.InputWidth;
        var inputPlane = (nint)inputHeight * width;
        var outputHeight = geometry.OutputHeight;
        var outputPlane = (nint)outputHeight * width;
        var padTop = geometry.PadTop;
        var masks = AdjacentRows.Masks(width);

        var walk = new PlaneChannelWalk(input, inputPlane, weights, weightLanes, firstChannel, depthMultiplier);
        output += firstChannel * outputPlane;
        for (var channel = firstChannel; channel < endChannel; channel++, output += outputPlane)
        {
            var taps = walk.Broadcast(bias[channel]);
            var rows = new AdjacentRows(walk.Plane, inputHeight, width, masks);

            // Groups of eight output rows (four registers of two rows), the last pulled back to end at the last row
            // (recomputing a few rows with identical values); a plane of fewer than eight rows stores only its own.
            for (var y = 0; y < outputHeight; y += PairGroupRows)
            {
                var first = y + PairGroupRows <= outputHeight || outputHeight < PairGroupRows ? y : outputHeight - PairGroupRows;
                var (pair0, pair1, pair2, pair3) = AdjacentGroup(rows, first - padTop, taps);
                StoreAdjacent(activation.Invoke(pair0), output, first, outputHeight, width);
                StoreAdjacent(activation.Invoke(pair1), output, first + 2, outputHeight, width);
                StoreAdjacent(activation.Invoke(pair2), output, first + 4, outputHeight, width);
                StoreAdjacent(activation.Invoke(pair3), output, first + 6, outputHeight, width);
                y = first;
            }

            walk.Next();
        }
    }

    // input windows r … r + 8 → output row pairs 0 … 3 of the group; window r + q is kernel row 0 of pair q/2, row 1 of
    // pair (q − 1)/2 and row 2 of pair q/2 − 1: PairGroupStride1's order with windows loaded instead of permuted.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) AdjacentGroup(
        in AdjacentRows rows, int r, in DepthwisePlaneTaps<Vector512<float>> taps)
    {
        var accumulator0 = taps.Bias;
        var accumulator1 = taps.Bias;
        var accumulator2 = taps.Bias;
        var accumulator3 = taps.Bias;
        var (a0, a1, a2) = rows.Window(r);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Window(r + 1);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Window(r + 2);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Window(r + 3);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Window(r + 4);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Window(r + 5);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Window(r + 6);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = rows.Window(r + 7);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = rows.Window(r + 8);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        return (accumulator0, accumulator1, accumulator2, accumulator3);
    }

    // Output rows y and y + 1 (lanes [0, 2W)): a full register whose spill lands on the rows after them (stored after
    // these), or only the pixels left in the plane; nothing for rows past Ho.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreAdjacent(Vector512<float> value, float* output, int y, int outputHeight, int width)
    {
        var start = (nint)y * width;
        var end = (nint)outputHeight * width;
        if (start + Lanes <= end)
        {
            Vector512.Store(value, output + start);
        }
        else if (start < end)
        {
            SimdFloat512.StoreFirst(value, output + start, (int)(end - start));
        }
    }

    // stride 1: padded rows r … r + 9 → output row pairs (r, r + 1) … (r + 6, r + 7); the window of padded rows
    // (r + q, r + q + 1) is kernel row 0 of pair q/2, row 1 of pair (q − 1)/2 and row 2 of pair q/2 − 1, permuted once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) PairGroupStride1(
        in PairRows rows, int r, in PairOrders orders, in DepthwisePlaneTaps<Vector512<float>> taps)
    {
        var accumulator0 = taps.Bias;
        var accumulator1 = taps.Bias;
        var accumulator2 = taps.Bias;
        var accumulator3 = taps.Bias;
        var upper = rows.Row(r);
        var lower = rows.Row(r + 1);
        var (a0, a1, a2) = orders.Window(upper, lower);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        upper = rows.Row(r + 2);
        (a0, a1, a2) = orders.Window(lower, upper);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        lower = rows.Row(r + 3);
        (a0, a1, a2) = orders.Window(upper, lower);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        upper = rows.Row(r + 4);
        (a0, a1, a2) = orders.Window(lower, upper);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        lower = rows.Row(r + 5);
        (a0, a1, a2) = orders.Window(upper, lower);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        upper = rows.Row(r + 6);
        (a0, a1, a2) = orders.Window(lower, upper);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        lower = rows.Row(r + 7);
        (a0, a1, a2) = orders.Window(upper, lower);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        upper = rows.Row(r + 8);
        (a0, a1, a2) = orders.Window(lower, upper);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        lower = rows.Row(r + 9);
        (a0, a1, a2) = orders.Window(upper, lower);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        return (accumulator0, accumulator1, accumulator2, accumulator3);
    }

    // stride 2: padded rows r … r + 16 → output row pairs starting at r/2, r/2 + 2, r/2 + 4, r/2 + 6; kernel row ky of
    // pair k is the window of padded rows (r + 4k + ky, r + 4k + ky + 2), even columns at kx = 0 and 2, odd at kx = 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) PairGroupStride2(
        in PairRows rows, int r, in PairOrders orders, in DepthwisePlaneTaps<Vector512<float>> taps)
    {
        var accumulator0 = taps.Bias;
        var accumulator1 = taps.Bias;
        var accumulator2 = taps.Bias;
        var accumulator3 = taps.Bias;
        var row0 = rows.Row(r);
        var row1 = rows.Row(r + 1);
        var row2 = rows.Row(r + 2);
        var row3 = rows.Row(r + 3);
        var row4 = rows.Row(r + 4);
        var (a0, a1, a2) = orders.Window(row0, row2);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = orders.Window(row1, row3);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = orders.Window(row2, row4);
        accumulator0 = TapRow(accumulator0, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        row0 = rows.Row(r + 5);
        row1 = rows.Row(r + 6);
        row2 = rows.Row(r + 7);
        row3 = rows.Row(r + 8);
        (a0, a1, a2) = orders.Window(row4, row1);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = orders.Window(row0, row2);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = orders.Window(row1, row3);
        accumulator1 = TapRow(accumulator1, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        row0 = rows.Row(r + 9);
        row1 = rows.Row(r + 10);
        row2 = rows.Row(r + 11);
        row4 = rows.Row(r + 12);
        (a0, a1, a2) = orders.Window(row3, row1);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = orders.Window(row0, row2);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = orders.Window(row1, row4);
        accumulator2 = TapRow(accumulator2, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        row0 = rows.Row(r + 13);
        row1 = rows.Row(r + 14);
        row2 = rows.Row(r + 15);
        row3 = rows.Row(r + 16);
        (a0, a1, a2) = orders.Window(row4, row1);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W00, taps.W01, taps.W02);
        (a0, a1, a2) = orders.Window(row0, row2);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W10, taps.W11, taps.W12);
        (a0, a1, a2) = orders.Window(row1, row3);
        accumulator3 = TapRow(accumulator3, a0, a1, a2, taps.W20, taps.W21, taps.W22);
        return (accumulator0, accumulator1, accumulator2, accumulator3);
    }

    // One kernel row's three taps, in column order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> TapRow(
        Vector512<float> accumulator, Vector512<float> column0, Vector512<float> column1, Vector512<float> column2,
        Vector512<float> weight0, Vector512<float> weight1, Vector512<float> weight2)
    {
        accumulator = Vector512.FusedMultiplyAdd(column0, weight0, accumulator);
        accumulator = Vector512.FusedMultiplyAdd(column1, weight1, accumulator);
        return Vector512.FusedMultiplyAdd(column2, weight2, accumulator);
    }

    /// <summary>
    /// The lane order that packs a paired register's two rows of <paramref name="outputWidth"/> pixels (lanes 0 … Wo − 1
    /// and 8 … 8 + Wo − 1) into its first 2·Wo lanes.
    /// </summary>
    private static Vector512<int> PairOrder(int outputWidth)
    {
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var secondRow = Vector512.GreaterThanOrEqual(lanes, Vector512.Create(outputWidth));
        return Vector512.ConditionalSelect(secondRow, lanes + Vector512.Create(FlatPlaneShape.PairedLanes - outputWidth), lanes) & Vector512.Create(Lanes - 1);
    }

    // Output rows y and y + 1 of a paired register, packed by `pairOrder`: a full register whose spill lands on the rows
    // after them (stored after these), or only the pixels left in the plane; nothing for rows past Ho.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(Vector512<float> value, Vector512<int> pairOrder, float* output, int y, int outputHeight, int outputWidth)
    {
        var start = (nint)y * outputWidth;
        var end = (nint)outputHeight * outputWidth;
        var packed = Avx512F.PermuteVar16x32(value, pairOrder);
        if (start + Lanes <= end)
        {
            Vector512.Store(packed, output + start);
        }
        else if (start < end)
        {
            SimdFloat512.StoreFirst(packed, output + start, (int)(end - start));
        }
    }

    /// <summary>
    /// Copies input plane (H, W) into the zero-padded plane of a buffer zeroed by <see cref="Prepare"/> (stride 1);
    /// padding positions are written only with zeros, so they stay zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Load(float* input, float* planes, in FlatPlaneShape shape, in ConvGeometry geometry)
    {
        // input (H, W) → padded plane (Hp, 16 or 32)
        var inputWidth = geometry.InputWidth;
        var padLeft = geometry.PadLeft;

        // Padded column 16j + i holds input column 16j + i − padLeft: lanes [padLeft − 16j, padLeft + W − 16j) of register j.
        var mask0 = SimdFloat512.LaneMask(Math.Clamp(padLeft, 0, Lanes), Math.Clamp(padLeft + inputWidth, 0, Lanes));
        var mask1 = SimdFloat512.LaneMask(Math.Clamp(padLeft - Lanes, 0, Lanes), Math.Clamp(padLeft + inputWidth - Lanes, 0, Lanes));
        var twoRegisters = padLeft + inputWidth > Lanes;
        var source = input - padLeft;
        var row = geometry.PadTop;
        var endRow = row + geometry.InputHeight;
        nint rowStride = shape.RowStride;
        for (var destination = planes + (row * rowStride); row < endRow; row++, source += inputWidth, destination += rowStride)
        {
            Vector512.Store(Avx512F.MaskLoad(source, mask0, Vector512<float>.Zero), destination);
            if (twoRegisters)
            {
                Vector512.Store(Avx512F.MaskLoad(source + Lanes, mask1, Vector512<float>.Zero), destination + Lanes);
            }
        }
    }

    // stride 1: padded rows y … y + 5 at `grid` → output rows y … y + 3 (those above Ho), one register per row
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowGroup<TActivation>(
        float* grid, nint rowStride, float* output, int y, int outputHeight, int outputWidth, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (w00, w01, w02, w10, w11, w12, w20, w21, w22) = (taps.W00, taps.W01, taps.W02, taps.W10, taps.W11, taps.W12, taps.W20, taps.W21, taps.W22);
        var accumulator0A = taps.Bias;
        var accumulator1A = accumulator0A;
        var accumulator2A = accumulator0A;
        var accumulator3A = accumulator0A;
        var row = grid;

        var a0 = Vector512.Load(row);
        var a1 = Vector512.Load(row + 1);
        var a2 = Vector512.Load(row + 2);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w00, accumulator0A);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w01, accumulator0A);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w02, accumulator0A);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w00, accumulator1A);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w10, accumulator0A);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w01, accumulator1A);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w11, accumulator0A);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w02, accumulator1A);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w12, accumulator0A);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w00, accumulator2A);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w10, accumulator1A);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w20, accumulator0A);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w01, accumulator2A);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w11, accumulator1A);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w21, accumulator0A);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w02, accumulator2A);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w12, accumulator1A);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w22, accumulator0A);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w00, accumulator3A);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w10, accumulator2A);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w20, accumulator1A);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w01, accumulator3A);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w11, accumulator2A);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w21, accumulator1A);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w02, accumulator3A);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w12, accumulator2A);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w22, accumulator1A);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w10, accumulator3A);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w20, accumulator2A);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w11, accumulator3A);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w21, accumulator2A);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w12, accumulator3A);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w22, accumulator2A);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w20, accumulator3A);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w21, accumulator3A);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w22, accumulator3A);

        StoreRow(activation.Invoke(accumulator0A), output, y, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1A), output, y + 1, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator2A), output, y + 2, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator3A), output, y + 3, 0, outputHeight, outputWidth);
    }

    // stride 1: padded rows y … y + 5 at `grid` → output rows y … y + 3 (those above Ho), two registers per row
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowGroupPair<TActivation>(
        float* grid, nint rowStride, float* output, int y, int outputHeight, int outputWidth, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (w00, w01, w02, w10, w11, w12, w20, w21, w22) = (taps.W00, taps.W01, taps.W02, taps.W10, taps.W11, taps.W12, taps.W20, taps.W21, taps.W22);
        var accumulator0A = taps.Bias;
        var accumulator0B = accumulator0A;
        var accumulator1A = accumulator0A;
        var accumulator1B = accumulator0A;
        var accumulator2A = accumulator0A;
        var accumulator2B = accumulator0A;
        var accumulator3A = accumulator0A;
        var accumulator3B = accumulator0A;
        var row = grid;

        var a0 = Vector512.Load(row);
        var a1 = Vector512.Load(row + 1);
        var a2 = Vector512.Load(row + 2);
        var b0 = Vector512.Load(row + Lanes);
        var b1 = Vector512.Load(row + Lanes + 1);
        var b2 = Vector512.Load(row + Lanes + 2);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w00, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b0, w00, accumulator0B);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w01, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b1, w01, accumulator0B);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w02, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b2, w02, accumulator0B);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        b0 = Vector512.Load(row + Lanes);
        b1 = Vector512.Load(row + Lanes + 1);
        b2 = Vector512.Load(row + Lanes + 2);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w00, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b0, w00, accumulator1B);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w10, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b0, w10, accumulator0B);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w01, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b1, w01, accumulator1B);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w11, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b1, w11, accumulator0B);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w02, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b2, w02, accumulator1B);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w12, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b2, w12, accumulator0B);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        b0 = Vector512.Load(row + Lanes);
        b1 = Vector512.Load(row + Lanes + 1);
        b2 = Vector512.Load(row + Lanes + 2);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w00, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b0, w00, accumulator2B);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w10, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b0, w10, accumulator1B);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w20, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b0, w20, accumulator0B);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w01, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b1, w01, accumulator2B);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w11, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b1, w11, accumulator1B);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w21, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b1, w21, accumulator0B);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w02, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b2, w02, accumulator2B);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w12, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b2, w12, accumulator1B);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w22, accumulator0A);
        accumulator0B = Vector512.FusedMultiplyAdd(b2, w22, accumulator0B);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        b0 = Vector512.Load(row + Lanes);
        b1 = Vector512.Load(row + Lanes + 1);
        b2 = Vector512.Load(row + Lanes + 2);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w00, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b0, w00, accumulator3B);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w10, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b0, w10, accumulator2B);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w20, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b0, w20, accumulator1B);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w01, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b1, w01, accumulator3B);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w11, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b1, w11, accumulator2B);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w21, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b1, w21, accumulator1B);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w02, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b2, w02, accumulator3B);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w12, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b2, w12, accumulator2B);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w22, accumulator1A);
        accumulator1B = Vector512.FusedMultiplyAdd(b2, w22, accumulator1B);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        b0 = Vector512.Load(row + Lanes);
        b1 = Vector512.Load(row + Lanes + 1);
        b2 = Vector512.Load(row + Lanes + 2);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w10, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b0, w10, accumulator3B);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w20, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b0, w20, accumulator2B);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w11, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b1, w11, accumulator3B);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w21, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b1, w21, accumulator2B);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w12, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b2, w12, accumulator3B);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w22, accumulator2A);
        accumulator2B = Vector512.FusedMultiplyAdd(b2, w22, accumulator2B);
        row += rowStride;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        b0 = Vector512.Load(row + Lanes);
        b1 = Vector512.Load(row + Lanes + 1);
        b2 = Vector512.Load(row + Lanes + 2);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w20, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b0, w20, accumulator3B);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w21, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b1, w21, accumulator3B);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w22, accumulator3A);
        accumulator3B = Vector512.FusedMultiplyAdd(b2, w22, accumulator3B);

        StoreRow(activation.Invoke(accumulator0A), output, y, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator0B), output, y, Lanes, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1A), output, y + 1, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1B), output, y + 1, Lanes, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator2A), output, y + 2, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator2B), output, y + 2, Lanes, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator3A), output, y + 3, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator3B), output, y + 3, Lanes, outputHeight, outputWidth);
    }

    /// <summary>
    /// Columns <paramref name="column"/> … of output row <paramref name="y"/>: a full register whose spill lands on the
    /// rows after it (stored after this one), or only the pixels left in the plane (memory past it belongs to another
    /// item); rows past Ho (a group of a plane shorter than four rows) are dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreRow(Vector512<float> value, float* output, int y, int column, int outputHeight, int outputWidth)
    {
        var start = ((nint)y * outputWidth) + column;
        var end = (nint)outputHeight * outputWidth;
        if (start + Lanes <= end)
        {
            Vector512.Store(value, output + start);
        }
        else if (start < end)
        {
            SimdFloat512.StoreFirst(value, output + start, (int)(end - start));
        }
    }
}
