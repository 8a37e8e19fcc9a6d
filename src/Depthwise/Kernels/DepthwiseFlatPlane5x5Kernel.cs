using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The flat-plane kernel for 5×5 stride-1 NCHW planes with two padding columns each side and rows of 9–16 pixels (the
/// 14² layers of MobileNetV3): one register per output row, each input row one masked load whose five taps are that
/// register moved up to two lanes either way (<see cref="ShiftedRows.Five"/>), so the planes are read and written where
/// they lie — no transposes into channel blocks and back (see docs/kernels.md, "Flat-plane kernel", Session 9).
/// </summary>
/// <remarks>
/// Seven output rows are computed together from the eleven input rows they read, each loaded and shifted once; input rows
/// outside the image are skipped, as the blocked kernel skips padding rows. The weights are copied per channel into 25
/// consecutive floats and read by the FMAs as broadcast memory operands (25 weight registers and the accumulators would
/// not fit). Each output element is the bias, one FMA per tap in row-major order (padding rows skipped, padding columns
/// adding fma(0, w, acc)), then the activation: the blocked kernel's operations, so the two agree bit for bit.
/// AVX-512 only.
/// </remarks>
internal static unsafe class DepthwiseFlatPlane5x5Kernel
{
    /// <summary>Narrowest row taken: rows of up to 8 pixels fill half a register or less (the blocked kernel's whole-row runs take 7²).</summary>
    public const int MinimumWidth = 9;

    /// <summary>Widest row taken: one register.</summary>
    public const int MaximumWidth = 16;

    private const int KernelSize = 5;

    private const int Taps = KernelSize * KernelSize;

    // Output rows a group computes (MobileNet's 5×5 planes of rows up to 16 are 14 rows high).
    private const int GroupRows = 14;

    /// <summary>
    /// Whether this kernel computes the geometry: 5×5, stride 1, dilation 1, two padding columns each side, rows of
    /// <see cref="MinimumWidth"/>–<see cref="MaximumWidth"/> pixels, any padding rows, on hardware with AVX-512.
    /// </summary>
    public static bool Supports(in ConvGeometry geometry) =>
        DepthwiseFlatPlaneKernel.IsSupported
        && geometry.Kernel == new Size2D(KernelSize, KernelSize)
        && geometry.Stride == new Size2D(1, 1)
        && geometry.Dilation == new Size2D(1, 1)
        && geometry.PadLeft == 2
        && geometry.PadRight == 2
        && geometry.InputWidth >= MinimumWidth
        && geometry.InputWidth <= MaximumWidth;

    /// <summary>Output channels [<paramref name="firstChannel"/>, <paramref name="endChannel"/>) of one image.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Channels<TActivation>(
        float* input, float* output, float* weights, int weightLanes, float* bias, int firstChannel, int endChannel, int depthMultiplier,
        in ConvGeometry geometry, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input (C, H, W) of one image, packed weights (blocks, 25, weightLanes), packed bias → planes first … end − 1 of output (C·M, Ho, W)
        var inputHeight = geometry.InputHeight;
        var width = geometry.InputWidth;
        var inputPlane = (nint)inputHeight * width;
        var outputHeight = geometry.OutputHeight;
        var outputPlane = (nint)outputHeight * width;
        var padTop = geometry.PadTop;
        var mask = SimdFloat512.LaneMask(0, width);

        // Two channels' taps, one after the other.
        var channelWeights = stackalloc float[2 * Taps];

        var walk = new PlaneChannelWalk(input, inputPlane, weights, weightLanes, firstChannel, depthMultiplier, Taps);
        output += firstChannel * outputPlane;
        var channel = firstChannel;
        for (; channel + 1 < endChannel; channel += 2, output += 2 * outputPlane)
        {
            // Two channels at a time: each input row feeds at most five accumulators of a channel, whose FMAs depend on
            // each other, so one channel alone leaves the FMA unit waiting on them.
            walk.CopyWeights(channelWeights);
            var rowsA = new ShiftedRows(walk.Plane, inputHeight, width, mask);
            walk.Next();
            walk.CopyWeights(channelWeights + Taps);
            var rowsB = new ShiftedRows(walk.Plane, inputHeight, width, mask);
            walk.Next();
            var biasA = Vector512.Create(bias[channel]);
            var biasB = Vector512.Create(bias[channel + 1]);
            for (var y = 0; y < outputHeight; y += GroupRows)
            {
                var first = y + GroupRows <= outputHeight || outputHeight < GroupRows ? y : outputHeight - GroupRows;
                var r = first - padTop;
                switch (Ends(r, inputHeight))
                {
                    case 0:
                        PairGroup<PaddedEnds.None, TActivation>(rowsA, rowsB, channelWeights, biasA, biasB, output, output + outputPlane, r, first, outputHeight, width, activation);
                        break;
                    case 1:
                        PairGroup<PaddedEnds.First, TActivation>(rowsA, rowsB, channelWeights, biasA, biasB, output, output + outputPlane, r, first, outputHeight, width, activation);
                        break;
                    case 2:
                        PairGroup<PaddedEnds.Last, TActivation>(rowsA, rowsB, channelWeights, biasA, biasB, output, output + outputPlane, r, first, outputHeight, width, activation);
                        break;
                    default:
                        PairGroup<PaddedEnds.Both, TActivation>(rowsA, rowsB, channelWeights, biasA, biasB, output, output + outputPlane, r, first, outputHeight, width, activation);
                        break;
                }

                y = first;
            }
        }

        if (channel < endChannel)
        {
            walk.CopyWeights(channelWeights);
            var rows = new ShiftedRows(walk.Plane, inputHeight, width, mask);
            var start = Vector512.Create(bias[channel]);
            for (var y = 0; y < outputHeight; y += GroupRows)
            {
                var first = y + GroupRows <= outputHeight || outputHeight < GroupRows ? y : outputHeight - GroupRows;
                var r = first - padTop;
                switch (Ends(r, inputHeight))
                {
                    case 0:
                        Group<PaddedEnds.None, TActivation>(rows, channelWeights, start, output, r, first, outputHeight, width, activation);
                        break;
                    case 1:
                        Group<PaddedEnds.First, TActivation>(rows, channelWeights, start, output, r, first, outputHeight, width, activation);
                        break;
                    case 2:
                        Group<PaddedEnds.Last, TActivation>(rows, channelWeights, start, output, r, first, outputHeight, width, activation);
                        break;
                    default:
                        Group<PaddedEnds.Both, TActivation>(rows, channelWeights, start, output, r, first, outputHeight, width, activation);
                        break;
                }

                y = first;
            }
        }
    }

    // Which of a group's two first and two last input rows (r, r + 1 and r + 16, r + 17) are padding, so that the group
    // skips them: 1 the first two, 2 the last two, 3 both — only for a plane of exactly 14 rows with two padding rows
    // each side, whose other rows all lie in the image and load without the test. Other rows outside the image load as zeros.
    private static int Ends(int r, int inputHeight) =>
        r == -2 && inputHeight == GroupRows ? 3 : r + 1 < 0 ? 1 : r + GroupRows + 2 >= inputHeight ? 2 : 0;

    // input rows r … r + 17 → output rows y … y + 13 (those above Ho) of two channels (A and B, the second's weights 25
    // floats after the first's). Input row r + k is kernel row k − j of output row y + j, so each accumulator takes its
    // kernel rows in order and within a row its five taps in column order; an accumulator lives from its first input
    // row to its fifth and is stored then (at most five per channel at a time), rows in ascending order. Rows outside
    // the image are zeros (fma(0, w, acc)) except the first two and last two when TEnds says they are padding: skipped.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PairGroup<TEnds, TActivation>(
        in ShiftedRows rowsA, in ShiftedRows rowsB, float* weights, Vector512<float> biasA, Vector512<float> biasB, float* outputA, float* outputB,
        int r, int y, int outputHeight, int width, TActivation activation)
        where TEnds : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Read again at every step, so the JIT does not keep each broadcast weight in a register of its own across
        // steps (25 per channel do not fit beside the accumulators).
        var address = (nint)weights;
        var accumulatorA0 = biasA;
        var accumulatorA1 = biasA;
        var (columnA0, columnA1, columnA2, columnA3, columnA4) = (biasA, biasA, biasA, biasA, biasA);
        var accumulatorB0 = biasB;
        var accumulatorB1 = biasB;
        var (columnB0, columnB1, columnB2, columnB3, columnB4) = (biasB, biasB, biasB, biasB, biasB);

        if (!TEnds.PaddedFirst)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r);
            (columnB0, columnB1, columnB2, columnB3, columnB4) = rowsB.Five(r);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB0);
        }

        if (!TEnds.PaddedFirst)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 1);
            (columnB0, columnB1, columnB2, columnB3, columnB4) = rowsB.Five(r + 1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB1);
        }

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 2) : rowsA.Five(r + 2);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 2) : rowsB.Five(r + 2);
        var accumulatorA2 = biasA;
        var accumulatorB2 = biasB;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB2);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 3) : rowsA.Five(r + 3);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 3) : rowsB.Five(r + 3);
        var accumulatorA3 = biasA;
        var accumulatorB3 = biasB;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB3);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 4) : rowsA.Five(r + 4);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 4) : rowsB.Five(r + 4);
        var accumulatorA4 = biasA;
        var accumulatorB4 = biasB;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB4);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA0), outputA, y, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB0), outputB, y, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 5) : rowsA.Five(r + 5);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 5) : rowsB.Five(r + 5);
        var accumulatorA5 = biasA;
        var accumulatorB5 = biasB;
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB5);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA1), outputA, y + 1, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB1), outputB, y + 1, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 6) : rowsA.Five(r + 6);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 6) : rowsB.Five(r + 6);
        var accumulatorA6 = biasA;
        var accumulatorB6 = biasB;
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB6);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA2), outputA, y + 2, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB2), outputB, y + 2, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 7) : rowsA.Five(r + 7);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 7) : rowsB.Five(r + 7);
        var accumulatorA7 = biasA;
        var accumulatorB7 = biasB;
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB7);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA3), outputA, y + 3, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB3), outputB, y + 3, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 8) : rowsA.Five(r + 8);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 8) : rowsB.Five(r + 8);
        var accumulatorA8 = biasA;
        var accumulatorB8 = biasB;
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB8);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA4), outputA, y + 4, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB4), outputB, y + 4, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 9) : rowsA.Five(r + 9);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 9) : rowsB.Five(r + 9);
        var accumulatorA9 = biasA;
        var accumulatorB9 = biasB;
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB9);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA5), outputA, y + 5, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB5), outputB, y + 5, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 10) : rowsA.Five(r + 10);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 10) : rowsB.Five(r + 10);
        var accumulatorA10 = biasA;
        var accumulatorB10 = biasB;
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB10);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA6), outputA, y + 6, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB6), outputB, y + 6, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 11) : rowsA.Five(r + 11);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 11) : rowsB.Five(r + 11);
        var accumulatorA11 = biasA;
        var accumulatorB11 = biasB;
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB11);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA7), outputA, y + 7, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB7), outputB, y + 7, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 12) : rowsA.Five(r + 12);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 12) : rowsB.Five(r + 12);
        var accumulatorA12 = biasA;
        var accumulatorB12 = biasB;
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB12);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA8), outputA, y + 8, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB8), outputB, y + 8, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 13) : rowsA.Five(r + 13);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 13) : rowsB.Five(r + 13);
        var accumulatorA13 = biasA;
        var accumulatorB13 = biasB;
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[25]), accumulatorB13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[26]), accumulatorB13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[27]), accumulatorB13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[28]), accumulatorB13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[29]), accumulatorB13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA9), outputA, y + 9, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB9), outputB, y + 9, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 14) : rowsA.Five(r + 14);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 14) : rowsB.Five(r + 14);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[30]), accumulatorB13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[31]), accumulatorB13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[32]), accumulatorB13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[33]), accumulatorB13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[34]), accumulatorB13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA10), outputA, y + 10, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB10), outputB, y + 10, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInside(r + 15) : rowsA.Five(r + 15);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInside(r + 15) : rowsB.Five(r + 15);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[35]), accumulatorB13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[36]), accumulatorB13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[37]), accumulatorB13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[38]), accumulatorB13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[39]), accumulatorB13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA11), outputA, y + 11, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB11), outputB, y + 11, 0, outputHeight, width);

        if (!TEnds.PaddedLast)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 16);
            (columnB0, columnB1, columnB2, columnB3, columnB4) = rowsB.Five(r + 16);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[40]), accumulatorB13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[41]), accumulatorB13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[42]), accumulatorB13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[43]), accumulatorB13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[44]), accumulatorB13);
        }

        if (!TEnds.PaddedLast)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 17);
            (columnB0, columnB1, columnB2, columnB3, columnB4) = rowsB.Five(r + 17);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[45]), accumulatorB13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[46]), accumulatorB13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[47]), accumulatorB13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[48]), accumulatorB13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[49]), accumulatorB13);
        }

        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA12), outputA, y + 12, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB12), outputB, y + 12, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA13), outputA, y + 13, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB13), outputB, y + 13, 0, outputHeight, width);
    }

    // One channel: PairGroup's order for channel A alone.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Group<TEnds, TActivation>(
        in ShiftedRows rowsA, float* weights, Vector512<float> biasA, float* outputA, int r, int y, int outputHeight, int width, TActivation activation)
        where TEnds : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Read again at every step, so the JIT does not keep each broadcast weight in a register of its own across
        // steps (25 per channel do not fit beside the accumulators).
        var address = (nint)weights;
        var accumulatorA0 = biasA;
        var accumulatorA1 = biasA;
        var (columnA0, columnA1, columnA2, columnA3, columnA4) = (biasA, biasA, biasA, biasA, biasA);

        if (!TEnds.PaddedFirst)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA0);
        }

        if (!TEnds.PaddedFirst)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA1);
        }

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 2) : rowsA.Five(r + 2);
        var accumulatorA2 = biasA;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA2);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 3) : rowsA.Five(r + 3);
        var accumulatorA3 = biasA;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA3);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 4) : rowsA.Five(r + 4);
        var accumulatorA4 = biasA;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA4);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA0), outputA, y, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 5) : rowsA.Five(r + 5);
        var accumulatorA5 = biasA;
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA5);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA1), outputA, y + 1, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 6) : rowsA.Five(r + 6);
        var accumulatorA6 = biasA;
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA6);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA2), outputA, y + 2, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 7) : rowsA.Five(r + 7);
        var accumulatorA7 = biasA;
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA7);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA3), outputA, y + 3, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 8) : rowsA.Five(r + 8);
        var accumulatorA8 = biasA;
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA8);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA4), outputA, y + 4, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 9) : rowsA.Five(r + 9);
        var accumulatorA9 = biasA;
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA9);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA5), outputA, y + 5, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 10) : rowsA.Five(r + 10);
        var accumulatorA10 = biasA;
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA10);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA6), outputA, y + 6, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 11) : rowsA.Five(r + 11);
        var accumulatorA11 = biasA;
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA11);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA7), outputA, y + 7, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 12) : rowsA.Five(r + 12);
        var accumulatorA12 = biasA;
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA12);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA8), outputA, y + 8, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 13) : rowsA.Five(r + 13);
        var accumulatorA13 = biasA;
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[1]), accumulatorA13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[2]), accumulatorA13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[3]), accumulatorA13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[4]), accumulatorA13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA9), outputA, y + 9, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 14) : rowsA.Five(r + 14);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[5]), accumulatorA13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[6]), accumulatorA13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[7]), accumulatorA13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[8]), accumulatorA13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[9]), accumulatorA13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA10), outputA, y + 10, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInside(r + 15) : rowsA.Five(r + 15);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[10]), accumulatorA13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[11]), accumulatorA13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[12]), accumulatorA13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[13]), accumulatorA13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[14]), accumulatorA13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA11), outputA, y + 11, 0, outputHeight, width);

        if (!TEnds.PaddedLast)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 16);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[15]), accumulatorA13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[17]), accumulatorA13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[18]), accumulatorA13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[19]), accumulatorA13);
        }

        if (!TEnds.PaddedLast)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 17);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[20]), accumulatorA13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[21]), accumulatorA13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[22]), accumulatorA13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[23]), accumulatorA13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[24]), accumulatorA13);
        }

        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA12), outputA, y + 12, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA13), outputA, y + 13, 0, outputHeight, width);
    }
}
