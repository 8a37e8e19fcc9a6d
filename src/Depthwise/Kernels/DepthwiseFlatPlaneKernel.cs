using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The flat-plane depthwise kernel for NCHW data on small planes (padded rows of at most 32 pixels), 3×3 with stride 1
/// or 2: each channel's plane is copied into a zero-padded scratch plane whose rows are whole registers (split into
/// its four phase planes at stride 2), and the output rows are then computed from it with plain loads at fixed offsets —
/// no masks, no border cases, no transposes into channel blocks and back (see docs/kernels.md, "Flat-plane kernel").
/// </summary>
/// <remarks>
/// <para>
/// Four output rows are computed together, one register (two for padded rows of 17–32 pixels) per row: each padded row
/// they read is loaded once at column offsets 0, 1 and 2 and feeds every output row that reads it (18 loads for 36
/// FMAs at stride 1; at stride 2 the nine padded rows come from the phase planes, 27 loads for 36 FMAs). Results are
/// stored row by row in ascending order, each a full register whose spill past the row is overwritten by the next row,
/// except near the plane's end, where only the plane's own pixels are written.
/// </para>
/// <para>
/// Each output element is the bias, then one FMA per tap in row-major order (ky, then kx), padding taps adding
/// fma(0, w, acc), then the activation: the channel-blocked kernel's operations, except that it skips padding rows
/// where this kernel adds fma(0, w, acc). The two agree bit for bit for finite weights, up to the sign of a zero sum.
/// AVX-512 only: other tiers keep the transposing path.
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
    /// Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image. Each input plane is
    /// copied (<see cref="Load"/>) into one buffer one plane ahead of the computation, which reads the other buffer.
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
        var stride = shape.Stride;
        nint rowStride = shape.RowStride;
        nint phaseLength = shape.PhaseLength;
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
            var taps = new DepthwisePlaneTaps<Vector512<float>>(
                Vector512.Create(bias[channel]),
                Vector512.Create(channelWeights[0]),
                Vector512.Create(channelWeights[weightLanes]),
                Vector512.Create(channelWeights[2 * weightLanes]),
                Vector512.Create(channelWeights[3 * weightLanes]),
                Vector512.Create(channelWeights[4 * weightLanes]),
                Vector512.Create(channelWeights[5 * weightLanes]),
                Vector512.Create(channelWeights[6 * weightLanes]),
                Vector512.Create(channelWeights[7 * weightLanes]),
                Vector512.Create(channelWeights[8 * weightLanes]));

            // Groups of four output rows, the last pulled back to end at the last row (recomputing a few rows with
            // identical values); a plane of fewer than four rows computes four from the zero slack.
            for (var y = 0; y < outputHeight; y += 4)
            {
                var first = y + 4 <= outputHeight || outputHeight < 4 ? y : outputHeight - 4;
                if (stride == 2)
                {
                    PhaseGroup(planes + (first * Lanes), phaseLength, output, first, outputHeight, outputWidth, taps, activation);
                }
                else if (rowStride == Lanes)
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
    /// Copies input plane (H, W) into the zero-padded plane (stride 1) or its four phase planes (stride 2) of a buffer
    /// zeroed by <see cref="Prepare"/>; padding positions are written only with zeros, so they stay zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Load(float* input, float* planes, in FlatPlaneShape shape, in ConvGeometry geometry)
    {
        // input (H, W) → padded plane (Hp, 16 or 32), or phase planes (2, 2, ⌈Hp/2⌉, 16)
        var inputWidth = geometry.InputWidth;
        var padLeft = geometry.PadLeft;

        // Padded column 16j + i holds input column 16j + i − padLeft: lanes [padLeft − 16j, padLeft + W − 16j) of register j.
        var mask0 = SimdFloat512.LaneMask(Math.Clamp(padLeft, 0, Lanes), Math.Clamp(padLeft + inputWidth, 0, Lanes));
        var mask1 = SimdFloat512.LaneMask(Math.Clamp(padLeft - Lanes, 0, Lanes), Math.Clamp(padLeft + inputWidth - Lanes, 0, Lanes));
        var twoRegisters = padLeft + inputWidth > Lanes;
        var source = input - padLeft;
        var row = geometry.PadTop;
        var endRow = row + geometry.InputHeight;
        if (shape.Stride == 1)
        {
            nint rowStride = shape.RowStride;
            for (var destination = planes + (row * rowStride); row < endRow; row++, source += inputWidth, destination += rowStride)
            {
                Vector512.Store(Avx512F.MaskLoad(source, mask0, Vector512<float>.Zero), destination);
                if (twoRegisters)
                {
                    Vector512.Store(Avx512F.MaskLoad(source + Lanes, mask1, Vector512<float>.Zero), destination + Lanes);
                }
            }

            return;
        }

        // Padded row r goes to phase row r >> 1 of the planes of row parity r & 1: even columns to one, odd to the other.
        nint phaseLength = shape.PhaseLength;
        for (; row < endRow; row++, source += inputWidth)
        {
            var low = Avx512F.MaskLoad(source, mask0, Vector512<float>.Zero);
            var high = twoRegisters ? Avx512F.MaskLoad(source + Lanes, mask1, Vector512<float>.Zero) : Vector512<float>.Zero;
            var destination = planes + (2 * (row & 1) * phaseLength) + ((row >> 1) * Lanes);
            Vector512.Store(SimdFloat512.EvenLanes(low, high), destination);
            Vector512.Store(SimdFloat512.OddLanes(low, high), destination + phaseLength);
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

    // stride 2: padded rows 2y … 2y + 8 (phase rows y … y + 4 of the even-row planes, y … y + 3 of the odd-row ones) at
    // `grid` → output rows y … y + 3 (those above Ho); tap (ky, kx) of output row y + j is phase plane (ky & 1, kx & 1),
    // row y + j + (ky >> 1), column offset kx >> 1
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PhaseGroup<TActivation>(
        float* grid, nint phaseLength, float* output, int y, int outputHeight, int outputWidth, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (w00, w01, w02, w10, w11, w12, w20, w21, w22) = (taps.W00, taps.W01, taps.W02, taps.W10, taps.W11, taps.W12, taps.W20, taps.W21, taps.W22);
        var accumulator0A = taps.Bias;
        var accumulator1A = accumulator0A;
        var accumulator2A = accumulator0A;
        var accumulator3A = accumulator0A;

        var a0 = Vector512.Load(grid);
        var a1 = Vector512.Load(grid + phaseLength);
        var a2 = Vector512.Load(grid + 1);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w00, accumulator0A);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w01, accumulator0A);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w02, accumulator0A);

        a0 = Vector512.Load(grid + (2 * phaseLength));
        a1 = Vector512.Load(grid + (2 * phaseLength) + phaseLength);
        a2 = Vector512.Load(grid + (2 * phaseLength) + 1);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w10, accumulator0A);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w11, accumulator0A);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w12, accumulator0A);

        a0 = Vector512.Load(grid + Lanes);
        a1 = Vector512.Load(grid + Lanes + phaseLength);
        a2 = Vector512.Load(grid + Lanes + 1);
        accumulator0A = Vector512.FusedMultiplyAdd(a0, w20, accumulator0A);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w00, accumulator1A);
        accumulator0A = Vector512.FusedMultiplyAdd(a1, w21, accumulator0A);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w01, accumulator1A);
        accumulator0A = Vector512.FusedMultiplyAdd(a2, w22, accumulator0A);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w02, accumulator1A);

        a0 = Vector512.Load(grid + (2 * phaseLength) + Lanes);
        a1 = Vector512.Load(grid + (2 * phaseLength) + Lanes + phaseLength);
        a2 = Vector512.Load(grid + (2 * phaseLength) + Lanes + 1);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w10, accumulator1A);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w11, accumulator1A);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w12, accumulator1A);

        a0 = Vector512.Load(grid + (2 * Lanes));
        a1 = Vector512.Load(grid + (2 * Lanes) + phaseLength);
        a2 = Vector512.Load(grid + (2 * Lanes) + 1);
        accumulator1A = Vector512.FusedMultiplyAdd(a0, w20, accumulator1A);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w00, accumulator2A);
        accumulator1A = Vector512.FusedMultiplyAdd(a1, w21, accumulator1A);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w01, accumulator2A);
        accumulator1A = Vector512.FusedMultiplyAdd(a2, w22, accumulator1A);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w02, accumulator2A);

        a0 = Vector512.Load(grid + (2 * phaseLength) + (2 * Lanes));
        a1 = Vector512.Load(grid + (2 * phaseLength) + (2 * Lanes) + phaseLength);
        a2 = Vector512.Load(grid + (2 * phaseLength) + (2 * Lanes) + 1);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w10, accumulator2A);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w11, accumulator2A);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w12, accumulator2A);

        a0 = Vector512.Load(grid + (3 * Lanes));
        a1 = Vector512.Load(grid + (3 * Lanes) + phaseLength);
        a2 = Vector512.Load(grid + (3 * Lanes) + 1);
        accumulator2A = Vector512.FusedMultiplyAdd(a0, w20, accumulator2A);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w00, accumulator3A);
        accumulator2A = Vector512.FusedMultiplyAdd(a1, w21, accumulator2A);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w01, accumulator3A);
        accumulator2A = Vector512.FusedMultiplyAdd(a2, w22, accumulator2A);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w02, accumulator3A);

        a0 = Vector512.Load(grid + (2 * phaseLength) + (3 * Lanes));
        a1 = Vector512.Load(grid + (2 * phaseLength) + (3 * Lanes) + phaseLength);
        a2 = Vector512.Load(grid + (2 * phaseLength) + (3 * Lanes) + 1);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w10, accumulator3A);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w11, accumulator3A);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w12, accumulator3A);

        a0 = Vector512.Load(grid + (4 * Lanes));
        a1 = Vector512.Load(grid + (4 * Lanes) + phaseLength);
        a2 = Vector512.Load(grid + (4 * Lanes) + 1);
        accumulator3A = Vector512.FusedMultiplyAdd(a0, w20, accumulator3A);
        accumulator3A = Vector512.FusedMultiplyAdd(a1, w21, accumulator3A);
        accumulator3A = Vector512.FusedMultiplyAdd(a2, w22, accumulator3A);

        StoreRow(activation.Invoke(accumulator0A), output, y, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator1A), output, y + 1, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator2A), output, y + 2, 0, outputHeight, outputWidth);
        StoreRow(activation.Invoke(accumulator3A), output, y + 3, 0, outputHeight, outputWidth);
    }

    // Columns column … of output row y: a full register whose spill lands on the rows after it (stored after this
    // one), or only the pixels left in the plane (memory past it belongs to another item); rows past Ho (a group of a
    // plane shorter than four rows) are dropped.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(Vector512<float> value, float* output, int y, int column, int outputHeight, int outputWidth)
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
