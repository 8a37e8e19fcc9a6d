using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The flat-plane depthwise kernel for NCHW data on small planes (padded rows of at most 32 pixels), 3×3 with stride 1
/// or 2: each channel's plane is copied into a zero-padded scratch plane (split into its four phase planes at stride 2),
/// and the output plane is then computed as one flat vector of grid positions, 16 per register, every tap one plain
/// load at a fixed offset — no masks, no per-row set-up, no transposes into channel blocks and back (see
/// docs/kernels.md, "Flat-plane kernel").
/// </summary>
/// <remarks>
/// <para>
/// Four registers are computed together (four independent accumulator chains, one FMA each per tap). Grid rows are
/// the padded width long, so each register also holds the positions between one output row's end and the next row's
/// start; a compress (one <c>vcompressps</c>) squeezes them out before the register is stored at its output offset,
/// registers in ascending order so that each full-register store's spill is overwritten by the next one.
/// </para>
/// <para>
/// Each output element is the bias, then one FMA per tap in row-major order (ky, then kx), padding taps adding
/// fma(0, w, acc), then the activation: the channel-blocked kernel's operations, except that it skips padding rows
/// where this kernel adds fma(0, w, acc). The two agree bit for bit for finite weights, up to the sign of a zero sum.
/// AVX-512 only (the compress); other tiers keep the transposing path.
/// </para>
/// </remarks>
internal static unsafe class DepthwiseFlatPlaneKernel
{
    /// <summary>Widest padded row (padLeft + W + padRight): two registers, so a row is copied with two masked loads.</summary>
    public const int MaximumPaddedWidth = 32;

    /// <summary>Largest padded plane, in pixels: 256 KiB of scratch, so no input size or padding can ask for more.</summary>
    public const int MaximumPaddedPixels = 1 << 16;

    private const int Lanes = 16;

    private const int KernelSize = 3;

    /// <summary>Whether the hardware has the compress this kernel needs.</summary>
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

    /// <summary>
    /// Fills the store table at the start of <paramref name="scratch"/> and zeroes both plane buffers; once per work
    /// item, before <see cref="Channels{TActivation}"/>.
    /// </summary>
    public static void Prepare(float* scratch, in FlatPlaneShape shape, in ConvGeometry geometry)
    {
        var gridStride = shape.GridStride;
        var outputWidth = geometry.OutputWidth;
        var gridPixels = geometry.OutputHeight * gridStride;
        var destinations = (int*)(scratch + (shape.Registers * Lanes));
        for (var register = 0; register < shape.Registers; register++)
        {
            var start = register * Lanes;
            var mask = (int*)(scratch + start);
            for (var lane = 0; lane < Lanes; lane++)
            {
                var position = start + lane;
                mask[lane] = position < gridPixels && position % gridStride < outputWidth ? -1 : 0;
            }

            destinations[register] = (start / gridStride * outputWidth) + Math.Min(start % gridStride, outputWidth);
        }

        new Span<float>(scratch + shape.TableLength, shape.ScratchLength - shape.TableLength).Clear();
    }

    /// <summary>Buffer 0 or 1 of the scratch (see <see cref="FlatPlaneShape"/>).</summary>
    public static float* Buffer(float* scratch, in FlatPlaneShape shape, int buffer) => scratch + shape.TableLength + (buffer * (nint)shape.BufferLength);

    /// <summary>
    /// Copies input plane (H, W) into the zero-padded plane (stride 1) or its four phase planes (stride 2) of a buffer
    /// zeroed by <see cref="Prepare"/>; padding positions are written only with zeros, so they stay zero.
    /// </summary>
    public static void Load(float* input, float* planes, in FlatPlaneShape shape, in ConvGeometry geometry)
    {
        // input (H, W) → padded plane (Hp, Wp), or phase planes (2, 2, ⌈Hp/2⌉, ⌈Wp/2⌉)
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
            var rowStride = shape.GridStride;
            for (; row < endRow; row++, source += inputWidth)
            {
                var destination = planes + (row * rowStride);
                Vector512.Store(Avx512F.MaskLoad(source, mask0, Vector512<float>.Zero), destination);
                if (twoRegisters)
                {
                    Vector512.Store(Avx512F.MaskLoad(source + Lanes, mask1, Vector512<float>.Zero), destination + Lanes);
                }
            }

            return;
        }

        // Padded row r goes to the phase planes of row parity r & 1, row r >> 1: even columns to one, odd to the other.
        var gridStride = shape.GridStride;
        var phaseLength = shape.PhaseLength;
        if (gridStride == Lanes)
        {
            for (; row < endRow; row++, source += inputWidth)
            {
                var low = Avx512F.MaskLoad(source, mask0, Vector512<float>.Zero);
                var high = twoRegisters ? Avx512F.MaskLoad(source + Lanes, mask1, Vector512<float>.Zero) : Vector512<float>.Zero;
                var destination = planes + (2 * (row & 1) * phaseLength) + ((row >> 1) * Lanes);
                Vector512.Store(SimdFloat512.EvenLanes(low, high), destination);
                Vector512.Store(SimdFloat512.OddLanes(low, high), destination + phaseLength);
            }

            return;
        }

        // Phase rows of 8 (padded rows of at most 16): padded rows r and r + 2 fill phase rows i and i + 1 of the same
        // planes, one aligned register each for the even and the odd columns. Rows outside the image are zeros.
        var inputHeight = geometry.InputHeight;
        var padTop = geometry.PadTop;
        for (var parity = 0; parity < 2; parity++)
        {
            var destination = planes + (2 * parity * phaseLength);
            for (var phaseRow = 0; phaseRow < shape.PhaseRows; phaseRow += 2, destination += Lanes)
            {
                var low = PaddedRow(input, (2 * phaseRow) + parity - padTop, inputHeight, inputWidth, padLeft, mask0);
                var high = PaddedRow(input, (2 * phaseRow) + 2 + parity - padTop, inputHeight, inputWidth, padLeft, mask0);
                Vector512.Store(SimdFloat512.EvenLanes(low, high), destination);
                Vector512.Store(SimdFloat512.OddLanes(low, high), destination + phaseLength);
            }
        }
    }

    // Input row y as padded columns 0 … 15 (zeros outside the image).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PaddedRow(float* input, int y, int inputHeight, int inputWidth, int padLeft, Vector512<float> mask) =>
        (uint)y < (uint)inputHeight ? Avx512F.MaskLoad(input + ((nint)y * inputWidth) - padLeft, mask, Vector512<float>.Zero) : Vector512<float>.Zero;

    /// <summary>
    /// Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image: each input plane is
    /// copied (<see cref="Load"/>) into one buffer one plane ahead of the computation, which reads the other, so that
    /// its loads never straddle stores still on their way to the cache (no store forwarding across them).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Channels<TActivation>(
        float* input, float* output, float* weights, int weightLanes, float* bias, int firstChannel, int endChannel, int depthMultiplier,
        float* scratch, in FlatPlaneShape shape, in ConvGeometry geometry, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input (C, H, W) of one image, packed weights (blocks, 9, weightLanes), packed bias → planes first … end − 1 of output (C·M, Ho, Wo)
        var inputPlane = (nint)geometry.InputHeight * geometry.InputWidth;
        var outputPlane = (nint)shape.OutputPixels;
        nint o01 = shape.TapOffset(0, 1), o02 = shape.TapOffset(0, 2);
        nint o10 = shape.TapOffset(1, 0), o11 = shape.TapOffset(1, 1), o12 = shape.TapOffset(1, 2);
        nint o20 = shape.TapOffset(2, 0), o21 = shape.TapOffset(2, 1), o22 = shape.TapOffset(2, 2);
        var registers = shape.Registers;
        var outputPixels = shape.OutputPixels;
        var destinations = (int*)(scratch + (registers * Lanes));
        nint rowStride = shape.Stride == 1 ? shape.GridStride : 0;
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var buffer = Buffer(scratch, shape, 0);
        var other = Buffer(scratch, shape, 1);
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
            var taps = weights + ((nint)(channel / weightLanes) * 9 * weightLanes) + (channel % weightLanes);
            var w00 = Vector512.Create(taps[0]);
            var w01 = Vector512.Create(taps[weightLanes]);
            var w02 = Vector512.Create(taps[2 * weightLanes]);
            var w10 = Vector512.Create(taps[3 * weightLanes]);
            var w11 = Vector512.Create(taps[4 * weightLanes]);
            var w12 = Vector512.Create(taps[5 * weightLanes]);
            var w20 = Vector512.Create(taps[6 * weightLanes]);
            var w21 = Vector512.Create(taps[7 * weightLanes]);
            var w22 = Vector512.Create(taps[8 * weightLanes]);
            var biasVector = Vector512.Create(bias[channel]);
            if (rowStride != 0)
            {
                // Groups of four output rows, the last pulled back to end at the last row (recomputing a few with
                // identical values; a plane of fewer than four rows computes four from the zero slack).
                for (var y = 0; y < outputHeight; y += 4)
                {
                    var firstRow = y + 4 <= outputHeight || outputHeight < 4 ? y : outputHeight - 4;
                    if (rowStride == Lanes)
                    {
                        RowGroup(planes + (firstRow * rowStride), rowStride, output, firstRow, outputHeight, outputWidth, biasVector, w00, w01, w02, w10, w11, w12, w20, w21, w22, activation);
                    }
                    else
                    {
                        RowGroupPair(planes + (firstRow * rowStride), rowStride, output, firstRow, outputHeight, outputWidth, biasVector, w00, w01, w02, w10, w11, w12, w20, w21, w22, activation);
                    }

                    y = firstRow;
                }

                continue;
            }

            var register = 0;
            while (register < registers)
            {
                // The last group is pulled back to end at the last register (recomputing a few with identical values);
                // a plane of fewer than four registers computes four, reading the zero slack.
                var first = register + 4 <= registers || registers < 4 ? register : registers - 4;
                var grid = planes + (first * Lanes);
                var accumulator0 = biasVector;
                var accumulator1 = biasVector;
                var accumulator2 = biasVector;
                var accumulator3 = biasVector;
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid), w00, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + Lanes), w00, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + (2 * Lanes)), w00, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + (3 * Lanes)), w00, accumulator3);
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o01), w01, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o01 + Lanes), w01, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o01 + (2 * Lanes)), w01, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o01 + (3 * Lanes)), w01, accumulator3);
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o02), w02, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o02 + Lanes), w02, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o02 + (2 * Lanes)), w02, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o02 + (3 * Lanes)), w02, accumulator3);
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o10), w10, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o10 + Lanes), w10, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o10 + (2 * Lanes)), w10, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o10 + (3 * Lanes)), w10, accumulator3);
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o11), w11, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o11 + Lanes), w11, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o11 + (2 * Lanes)), w11, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o11 + (3 * Lanes)), w11, accumulator3);
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o12), w12, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o12 + Lanes), w12, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o12 + (2 * Lanes)), w12, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o12 + (3 * Lanes)), w12, accumulator3);
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o20), w20, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o20 + Lanes), w20, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o20 + (2 * Lanes)), w20, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o20 + (3 * Lanes)), w20, accumulator3);
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o21), w21, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o21 + Lanes), w21, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o21 + (2 * Lanes)), w21, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o21 + (3 * Lanes)), w21, accumulator3);
                accumulator0 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o22), w22, accumulator0);
                accumulator1 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o22 + Lanes), w22, accumulator1);
                accumulator2 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o22 + (2 * Lanes)), w22, accumulator2);
                accumulator3 = Vector512.FusedMultiplyAdd(Vector512.Load(grid + o22 + (3 * Lanes)), w22, accumulator3);

                Store(activation.Invoke(accumulator0), scratch, destinations, output, first, registers, outputPixels);
                Store(activation.Invoke(accumulator1), scratch, destinations, output, first + 1, registers, outputPixels);
                Store(activation.Invoke(accumulator2), scratch, destinations, output, first + 2, registers, outputPixels);
                Store(activation.Invoke(accumulator3), scratch, destinations, output, first + 3, registers, outputPixels);
                register = first + 4;
            }
        }
    }

    // stride 1: padded rows y … y + 5 of the grid → output rows y … y + 3 (those below Ho), one register per row
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowGroup<TActivation>(
        float* grid, nint rowStride, float* output, int y, int outputHeight, int outputWidth, Vector512<float> bias,
        Vector512<float> w00, Vector512<float> w01, Vector512<float> w02, Vector512<float> w10, Vector512<float> w11, Vector512<float> w12,
        Vector512<float> w20, Vector512<float> w21, Vector512<float> w22, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var accumulator0A = bias;
        var accumulator1A = bias;
        var accumulator2A = bias;
        var accumulator3A = bias;
        Vector512<float> a0, a1, a2;
        var row = grid;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
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

    // stride 1: padded rows y … y + 5 of the grid → output rows y … y + 3 (those below Ho), two registers per row
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowGroupPair<TActivation>(
        float* grid, nint rowStride, float* output, int y, int outputHeight, int outputWidth, Vector512<float> bias,
        Vector512<float> w00, Vector512<float> w01, Vector512<float> w02, Vector512<float> w10, Vector512<float> w11, Vector512<float> w12,
        Vector512<float> w20, Vector512<float> w21, Vector512<float> w22, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var accumulator0A = bias;
        var accumulator0B = bias;
        var accumulator1A = bias;
        var accumulator1B = bias;
        var accumulator2A = bias;
        var accumulator2B = bias;
        var accumulator3A = bias;
        var accumulator3B = bias;
        Vector512<float> a0, a1, a2;
        Vector512<float> b0, b1, b2;
        var row = grid;

        a0 = Vector512.Load(row);
        a1 = Vector512.Load(row + 1);
        a2 = Vector512.Load(row + 2);
        b0 = Vector512.Load(row + Lanes);
        b1 = Vector512.Load(row + Lanes + 1);
        b2 = Vector512.Load(row + Lanes + 2);
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

    // Register `register`'s output pixels, squeezed to the front, at its destination: a full-register store whose spill
    // the next register overwrites, or only the pixels left at the plane's end (memory past it belongs to another item).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> value, float* masks, int* destinations, float* output, int register, int registers, int outputPixels)
    {
        if (register >= registers)
        {
            return;
        }

        var packed = Avx512F.Compress(Vector512<float>.Zero, Vector512.Load(masks + (register * Lanes)), value);
        var destination = destinations[register];
        if (destination + Lanes <= outputPixels)
        {
            Vector512.Store(packed, output + destination);
        }
        else if (destination < outputPixels)
        {
            SimdFloat512.StoreFirst(packed, output + destination, outputPixels - destination);
        }
    }
}
