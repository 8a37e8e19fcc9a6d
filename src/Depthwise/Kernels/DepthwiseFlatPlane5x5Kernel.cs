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
/// outside the image are skipped, as the blocked kernel skips padding rows. The FMAs read the weights as broadcast
/// memory operands straight from the packed blocks, one block's lanes from tap to tap (25 weight registers and the
/// accumulators would not fit). Each output element is the bias, one FMA per tap in row-major order (padding rows skipped, padding columns
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

    // Floats from one tap of a channel to its next in the layout the groups read (a packed block's lanes).
    private const int TapStride = 16;

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

        // Where the taps are copied when they cannot be read in place (see PairTaps).
        var copiedWeights = stackalloc float[Taps * TapStride];

        var walk = new PlaneChannelWalk(input, inputPlane, weights, weightLanes, firstChannel, depthMultiplier, Taps);
        output += firstChannel * outputPlane;
        var channel = firstChannel;
        for (; channel + 1 < endChannel; channel += 2, output += 2 * outputPlane)
        {
            // Two channels at a time: each input row feeds at most five accumulators of a channel, whose FMAs depend on
            // each other, so one channel alone leaves the FMA unit waiting on them.
            var weightsA = walk.Weights;
            var rowsA = new ShiftedRows(walk.Plane, inputHeight, width, mask);
            walk.Next();
            var channelWeights = PairTaps(weightsA, walk.Weights, weightLanes, copiedWeights);
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
            var channelWeights = PairTaps(walk.Weights, walk.Weights, weightLanes, copiedWeights);
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

    // The two channels' taps as the groups read them: tap k of the first at k·TapStride, of the second one float
    // further. Packed blocks of 16 lanes hold exactly that when the second channel is the lane after the first, so the
    // groups broadcast from the packed weights where they lie; a pair across two blocks (a thread's range starting at
    // an odd channel) or other packings are copied into that layout. Copying every channel's 25 taps cost 4 % of a
    // 240×14² layer on Zen 4.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* PairTaps(float* first, float* second, int weightLanes, float* copy)
    {
        if (weightLanes == TapStride && second == first + 1)
        {
            return first;
        }

        for (var tap = 0; tap < Taps; tap++)
        {
            copy[tap * TapStride] = first[tap * weightLanes];
            copy[(tap * TapStride) + 1] = second[tap * weightLanes];
        }

        return copy;
    }

    // Which of a group's two first and two last input rows (r, r + 1 and r + 16, r + 17) are padding, so that the group
    // skips them: 1 the first two, 2 the last two, 3 both — only for a plane of exactly 14 rows with two padding rows
    // each side, whose other rows all lie in the image and load without the test. Other rows outside the image load as zeros.
    private static int Ends(int r, int inputHeight) =>
        r == -2 && inputHeight == GroupRows ? 3 : r + 1 < 0 ? 1 : r + GroupRows + 2 >= inputHeight ? 2 : 0;

    // input rows r … r + 17 → output rows y … y + 13 (those above Ho) of two channels (A and B, tap k of A at weights
    // + k·TapStride, of B one float further). Input row r + k is kernel row k − j of output row y + j, so each accumulator takes its
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
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB0);
        }

        if (!TEnds.PaddedFirst)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 1);
            (columnB0, columnB1, columnB2, columnB3, columnB4) = rowsB.Five(r + 1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA0);
            accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA1);
            accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB1);
        }

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 2) : rowsA.Five(r + 2);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 2) : rowsB.Five(r + 2);
        var accumulatorA2 = biasA;
        var accumulatorB2 = biasB;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB2);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 3) : rowsA.Five(r + 3);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 3) : rowsB.Five(r + 3);
        var accumulatorA3 = biasA;
        var accumulatorB3 = biasB;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB3);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 4) : rowsA.Five(r + 4);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 4) : rowsB.Five(r + 4);
        var accumulatorA4 = biasA;
        var accumulatorB4 = biasB;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA0);
        accumulatorB0 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB4);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA0), outputA, y, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB0), outputB, y, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 5) : rowsA.Five(r + 5);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 5) : rowsB.Five(r + 5);
        var accumulatorA5 = biasA;
        var accumulatorB5 = biasB;
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA1);
        accumulatorB1 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB5);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA1), outputA, y + 1, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB1), outputB, y + 1, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 6) : rowsA.Five(r + 6);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 6) : rowsB.Five(r + 6);
        var accumulatorA6 = biasA;
        var accumulatorB6 = biasB;
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA2);
        accumulatorB2 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB6);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA2), outputA, y + 2, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB2), outputB, y + 2, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 7) : rowsA.Five(r + 7);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 7) : rowsB.Five(r + 7);
        var accumulatorA7 = biasA;
        var accumulatorB7 = biasB;
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA3);
        accumulatorB3 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB7);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA3), outputA, y + 3, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB3), outputB, y + 3, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 8) : rowsA.Five(r + 8);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 8) : rowsB.Five(r + 8);
        var accumulatorA8 = biasA;
        var accumulatorB8 = biasB;
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA4);
        accumulatorB4 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB8);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA4), outputA, y + 4, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB4), outputB, y + 4, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 9) : rowsA.Five(r + 9);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 9) : rowsB.Five(r + 9);
        var accumulatorA9 = biasA;
        var accumulatorB9 = biasB;
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA5);
        accumulatorB5 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB9);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA5), outputA, y + 5, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB5), outputB, y + 5, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 10) : rowsA.Five(r + 10);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 10) : rowsB.Five(r + 10);
        var accumulatorA10 = biasA;
        var accumulatorB10 = biasB;
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA6);
        accumulatorB6 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB10);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA6), outputA, y + 6, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB6), outputB, y + 6, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 11) : rowsA.Five(r + 11);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 11) : rowsB.Five(r + 11);
        var accumulatorA11 = biasA;
        var accumulatorB11 = biasB;
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA7);
        accumulatorB7 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB11);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA7), outputA, y + 7, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB7), outputB, y + 7, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 12) : rowsA.Five(r + 12);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 12) : rowsB.Five(r + 12);
        var accumulatorA12 = biasA;
        var accumulatorB12 = biasB;
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA8);
        accumulatorB8 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB12);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA8), outputA, y + 8, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB8), outputB, y + 8, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 13) : rowsA.Five(r + 13);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 13) : rowsB.Five(r + 13);
        var accumulatorA13 = biasA;
        var accumulatorB13 = biasB;
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[1]), accumulatorB13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[17]), accumulatorB13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[33]), accumulatorB13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[49]), accumulatorB13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA9);
        accumulatorB9 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[65]), accumulatorB13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA9), outputA, y + 9, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB9), outputB, y + 9, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 14) : rowsA.Five(r + 14);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInterior(r + 14) : rowsB.Five(r + 14);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[81]), accumulatorB13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[97]), accumulatorB13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[113]), accumulatorB13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[129]), accumulatorB13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA10);
        accumulatorB10 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[145]), accumulatorB13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA10), outputA, y + 10, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB10), outputB, y + 10, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInside(r + 15) : rowsA.Five(r + 15);
        (columnB0, columnB1, columnB2, columnB3, columnB4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsB.FiveInside(r + 15) : rowsB.Five(r + 15);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[161]), accumulatorB13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[177]), accumulatorB13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[193]), accumulatorB13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[209]), accumulatorB13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA11);
        accumulatorB11 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA12);
        accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA13);
        accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[225]), accumulatorB13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA11), outputA, y + 11, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorB11), outputB, y + 11, 0, outputHeight, width);

        if (!TEnds.PaddedLast)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 16);
            (columnB0, columnB1, columnB2, columnB3, columnB4) = rowsB.Five(r + 16);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[241]), accumulatorB13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[257]), accumulatorB13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[273]), accumulatorB13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[289]), accumulatorB13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA12);
            accumulatorB12 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[305]), accumulatorB13);
        }

        if (!TEnds.PaddedLast)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 17);
            (columnB0, columnB1, columnB2, columnB3, columnB4) = rowsB.Five(r + 17);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB0, Vector512.Create(weights[321]), accumulatorB13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB1, Vector512.Create(weights[337]), accumulatorB13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB2, Vector512.Create(weights[353]), accumulatorB13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB3, Vector512.Create(weights[369]), accumulatorB13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA13);
            accumulatorB13 = Vector512.FusedMultiplyAdd(columnB4, Vector512.Create(weights[385]), accumulatorB13);
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
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA0);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA0);
        }

        if (!TEnds.PaddedFirst)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA1);
            accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA0);
            accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA1);
        }

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 2) : rowsA.Five(r + 2);
        var accumulatorA2 = biasA;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA2);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA2);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 3) : rowsA.Five(r + 3);
        var accumulatorA3 = biasA;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA3);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA3);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 4) : rowsA.Five(r + 4);
        var accumulatorA4 = biasA;
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA4);
        accumulatorA0 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA0);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA4);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA0), outputA, y, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 5) : rowsA.Five(r + 5);
        var accumulatorA5 = biasA;
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA5);
        accumulatorA1 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA1);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA5);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA1), outputA, y + 1, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 6) : rowsA.Five(r + 6);
        var accumulatorA6 = biasA;
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA6);
        accumulatorA2 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA2);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA6);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA2), outputA, y + 2, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 7) : rowsA.Five(r + 7);
        var accumulatorA7 = biasA;
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA7);
        accumulatorA3 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA3);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA7);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA3), outputA, y + 3, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 8) : rowsA.Five(r + 8);
        var accumulatorA8 = biasA;
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA8);
        accumulatorA4 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA4);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA8);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA4), outputA, y + 4, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 9) : rowsA.Five(r + 9);
        var accumulatorA9 = biasA;
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA9);
        accumulatorA5 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA5);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA9);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA5), outputA, y + 5, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 10) : rowsA.Five(r + 10);
        var accumulatorA10 = biasA;
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA10);
        accumulatorA6 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA6);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA10);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA6), outputA, y + 6, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 11) : rowsA.Five(r + 11);
        var accumulatorA11 = biasA;
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA11);
        accumulatorA7 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA7);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA11);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA7), outputA, y + 7, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 12) : rowsA.Five(r + 12);
        var accumulatorA12 = biasA;
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA12);
        accumulatorA8 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA8);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA12);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA8), outputA, y + 8, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 13) : rowsA.Five(r + 13);
        var accumulatorA13 = biasA;
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[0]), accumulatorA13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[16]), accumulatorA13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[32]), accumulatorA13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[48]), accumulatorA13);
        accumulatorA9 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA9);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[64]), accumulatorA13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA9), outputA, y + 9, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInterior(r + 14) : rowsA.Five(r + 14);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[80]), accumulatorA13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[96]), accumulatorA13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[112]), accumulatorA13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[128]), accumulatorA13);
        accumulatorA10 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA10);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[144]), accumulatorA13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA10), outputA, y + 10, 0, outputHeight, width);

        weights = (float*)Volatile.Read(ref address);
        (columnA0, columnA1, columnA2, columnA3, columnA4) = TEnds.PaddedFirst && TEnds.PaddedLast ? rowsA.FiveInside(r + 15) : rowsA.Five(r + 15);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[160]), accumulatorA13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[176]), accumulatorA13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[192]), accumulatorA13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[208]), accumulatorA13);
        accumulatorA11 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA11);
        accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA12);
        accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[224]), accumulatorA13);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA11), outputA, y + 11, 0, outputHeight, width);

        if (!TEnds.PaddedLast)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 16);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[240]), accumulatorA13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[256]), accumulatorA13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[272]), accumulatorA13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[288]), accumulatorA13);
            accumulatorA12 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA12);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[304]), accumulatorA13);
        }

        if (!TEnds.PaddedLast)
        {
            weights = (float*)Volatile.Read(ref address);
            (columnA0, columnA1, columnA2, columnA3, columnA4) = rowsA.Five(r + 17);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA0, Vector512.Create(weights[320]), accumulatorA13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA1, Vector512.Create(weights[336]), accumulatorA13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA2, Vector512.Create(weights[352]), accumulatorA13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA3, Vector512.Create(weights[368]), accumulatorA13);
            accumulatorA13 = Vector512.FusedMultiplyAdd(columnA4, Vector512.Create(weights[384]), accumulatorA13);
        }

        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA12), outputA, y + 12, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulatorA13), outputA, y + 13, 0, outputHeight, width);
    }
}
