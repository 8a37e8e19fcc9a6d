using System.Threading;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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

    // Output rows computed together: fourteen (or seven) accumulator chains of 25 dependent FMAs each.
    private const int WideGroupRows = 14;

    private const int GroupRows = 7;

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
        var channelWeights = stackalloc float[Taps];

        var walk = new PlaneChannelWalk(input, inputPlane, weights, weightLanes, firstChannel, depthMultiplier, Taps);
        output += firstChannel * outputPlane;
        for (var channel = firstChannel; channel < endChannel; channel++, output += outputPlane)
        {
            walk.CopyWeights(channelWeights);
            var start = Vector512.Create(bias[channel]);
            var rows = new ShiftedRows(walk.Plane, inputHeight, width, mask);

            // Groups of fourteen output rows (fourteen accumulator chains: a group of seven spends a third of its time
            // waiting on the chains of its first and last input rows), then groups of seven, the last pulled back to end at
            // the last row (recomputing a few rows with identical values); a plane of fewer than seven rows stores only its own.
            var y = 0;
            for (; y + WideGroupRows <= outputHeight; y += WideGroupRows)
            {
                Group14(rows, y - padTop, channelWeights, start, output, y, outputHeight, width, activation);
            }

            for (; y < outputHeight; y += GroupRows)
            {
                var first = y + GroupRows <= outputHeight || outputHeight < GroupRows ? y : outputHeight - GroupRows;
                Group7(rows, first - padTop, channelWeights, start, output, first, outputHeight, width, activation);
                y = first;
            }

            walk.Next();
        }
    }

    // input rows r … r + 17 → output rows y … y + 13 (those above Ho) as two interleaved streams of seven: rows y … y + 6
    // from input rows r … r + 10 and rows y + 7 … y + 13 from input rows r + 7 … r + 17 (rows r + 7 … r + 10 loaded by
    // both). Input row r + k is kernel row k − j of output row y + j, so each accumulator takes its kernel rows in order and
    // within a row its five taps in column order. Each accumulator's 25 FMAs depend on each other (four cycles apiece), and
    // an input row feeds at most five accumulators of a stream: one stream alone waits on those chains, two keep the
    // FMA unit busy. Rows outside the image are zeros (fma(0, w, acc): no branches, which would spill the accumulators).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Group14<TActivation>(
        in ShiftedRows rows, int r, float* weights, Vector512<float> bias, float* output, int y, int outputHeight, int width, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Read again at every step, so the JIT does not keep each broadcast weight in a register of its own for the whole
        // group (25 of them do not fit beside the accumulators): within a step each weight is one broadcast for both streams.
        var address = (nint)weights;
        var accumulator0 = bias;
        var accumulator1 = bias;
        var accumulator2 = bias;
        var accumulator3 = bias;
        var accumulator4 = bias;
        var accumulator5 = bias;
        var accumulator6 = bias;
        var accumulator7 = bias;
        var accumulator8 = bias;
        var accumulator9 = bias;
        var accumulator10 = bias;
        var accumulator11 = bias;
        var accumulator12 = bias;
        var accumulator13 = bias;

        weights = (float*)Volatile.Read(ref address);
        var (upper0, upper1, upper2, upper3, upper4) = rows.Five(r);
        var (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 7);
        accumulator0 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[0]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[0]), accumulator7);
        accumulator0 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[1]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[1]), accumulator7);
        accumulator0 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[2]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[2]), accumulator7);
        accumulator0 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[3]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[3]), accumulator7);
        accumulator0 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[4]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[4]), accumulator7);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 1);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 8);
        accumulator0 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[5]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[5]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[0]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[0]), accumulator8);
        accumulator0 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[6]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[6]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[1]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[1]), accumulator8);
        accumulator0 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[7]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[7]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[2]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[2]), accumulator8);
        accumulator0 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[8]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[8]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[3]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[3]), accumulator8);
        accumulator0 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[9]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[9]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[4]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[4]), accumulator8);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 2);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 9);
        accumulator0 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[10]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[10]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[5]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[5]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[0]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[0]), accumulator9);
        accumulator0 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[11]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[11]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[6]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[6]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[1]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[1]), accumulator9);
        accumulator0 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[12]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[12]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[7]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[7]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[2]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[2]), accumulator9);
        accumulator0 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[13]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[13]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[8]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[8]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[3]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[3]), accumulator9);
        accumulator0 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[14]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[14]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[9]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[9]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[4]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[4]), accumulator9);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 3);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 10);
        accumulator0 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[15]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[15]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[10]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[10]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[5]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[5]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[0]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[0]), accumulator10);
        accumulator0 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[16]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[16]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[11]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[11]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[6]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[6]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[1]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[1]), accumulator10);
        accumulator0 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[17]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[17]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[12]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[12]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[7]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[7]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[2]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[2]), accumulator10);
        accumulator0 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[18]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[18]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[13]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[13]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[8]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[8]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[3]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[3]), accumulator10);
        accumulator0 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[19]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[19]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[14]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[14]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[9]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[9]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[4]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[4]), accumulator10);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 4);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 11);
        accumulator0 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[20]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[20]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[15]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[15]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[10]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[10]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[5]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[5]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[0]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[0]), accumulator11);
        accumulator0 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[21]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[21]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[16]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[16]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[11]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[11]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[6]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[6]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[1]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[1]), accumulator11);
        accumulator0 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[22]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[22]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[17]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[17]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[12]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[12]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[7]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[7]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[2]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[2]), accumulator11);
        accumulator0 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[23]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[23]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[18]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[18]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[13]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[13]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[8]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[8]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[3]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[3]), accumulator11);
        accumulator0 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[24]), accumulator0);
        accumulator7 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[24]), accumulator7);
        accumulator1 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[19]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[19]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[14]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[14]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[9]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[9]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[4]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[4]), accumulator11);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 5);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 12);
        accumulator1 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[20]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[20]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[15]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[15]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[10]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[10]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[5]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[5]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[0]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[0]), accumulator12);
        accumulator1 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[21]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[21]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[16]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[16]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[11]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[11]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[6]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[6]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[1]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[1]), accumulator12);
        accumulator1 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[22]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[22]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[17]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[17]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[12]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[12]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[7]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[7]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[2]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[2]), accumulator12);
        accumulator1 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[23]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[23]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[18]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[18]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[13]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[13]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[8]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[8]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[3]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[3]), accumulator12);
        accumulator1 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[24]), accumulator1);
        accumulator8 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[24]), accumulator8);
        accumulator2 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[19]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[19]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[14]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[14]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[9]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[9]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[4]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[4]), accumulator12);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 6);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 13);
        accumulator2 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[20]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[20]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[15]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[15]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[10]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[10]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[5]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[5]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[0]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[0]), accumulator13);
        accumulator2 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[21]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[21]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[16]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[16]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[11]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[11]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[6]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[6]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[1]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[1]), accumulator13);
        accumulator2 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[22]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[22]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[17]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[17]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[12]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[12]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[7]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[7]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[2]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[2]), accumulator13);
        accumulator2 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[23]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[23]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[18]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[18]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[13]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[13]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[8]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[8]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[3]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[3]), accumulator13);
        accumulator2 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[24]), accumulator2);
        accumulator9 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[24]), accumulator9);
        accumulator3 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[19]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[19]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[14]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[14]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[9]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[9]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[4]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[4]), accumulator13);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 7);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 14);
        accumulator3 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[20]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[20]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[15]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[15]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[10]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[10]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[5]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[5]), accumulator13);
        accumulator3 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[21]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[21]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[16]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[16]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[11]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[11]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[6]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[6]), accumulator13);
        accumulator3 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[22]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[22]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[17]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[17]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[12]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[12]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[7]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[7]), accumulator13);
        accumulator3 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[23]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[23]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[18]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[18]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[13]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[13]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[8]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[8]), accumulator13);
        accumulator3 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[24]), accumulator3);
        accumulator10 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[24]), accumulator10);
        accumulator4 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[19]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[19]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[14]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[14]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[9]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[9]), accumulator13);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 8);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 15);
        accumulator4 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[20]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[20]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[15]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[15]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[10]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[10]), accumulator13);
        accumulator4 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[21]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[21]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[16]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[16]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[11]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[11]), accumulator13);
        accumulator4 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[22]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[22]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[17]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[17]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[12]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[12]), accumulator13);
        accumulator4 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[23]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[23]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[18]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[18]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[13]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[13]), accumulator13);
        accumulator4 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[24]), accumulator4);
        accumulator11 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[24]), accumulator11);
        accumulator5 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[19]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[19]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[14]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[14]), accumulator13);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 9);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 16);
        accumulator5 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[20]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[20]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[15]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[15]), accumulator13);
        accumulator5 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[21]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[21]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[16]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[16]), accumulator13);
        accumulator5 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[22]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[22]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[17]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[17]), accumulator13);
        accumulator5 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[23]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[23]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[18]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[18]), accumulator13);
        accumulator5 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[24]), accumulator5);
        accumulator12 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[24]), accumulator12);
        accumulator6 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[19]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[19]), accumulator13);

        weights = (float*)Volatile.Read(ref address);
        (upper0, upper1, upper2, upper3, upper4) = rows.Five(r + 10);
        (lower0, lower1, lower2, lower3, lower4) = rows.Five(r + 17);
        accumulator6 = Vector512.FusedMultiplyAdd(upper0, Vector512.Create(weights[20]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower0, Vector512.Create(weights[20]), accumulator13);
        accumulator6 = Vector512.FusedMultiplyAdd(upper1, Vector512.Create(weights[21]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower1, Vector512.Create(weights[21]), accumulator13);
        accumulator6 = Vector512.FusedMultiplyAdd(upper2, Vector512.Create(weights[22]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower2, Vector512.Create(weights[22]), accumulator13);
        accumulator6 = Vector512.FusedMultiplyAdd(upper3, Vector512.Create(weights[23]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower3, Vector512.Create(weights[23]), accumulator13);
        accumulator6 = Vector512.FusedMultiplyAdd(upper4, Vector512.Create(weights[24]), accumulator6);
        accumulator13 = Vector512.FusedMultiplyAdd(lower4, Vector512.Create(weights[24]), accumulator13);

        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator0), output, y, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator1), output, y + 1, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator2), output, y + 2, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator3), output, y + 3, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator4), output, y + 4, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator5), output, y + 5, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator6), output, y + 6, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator7), output, y + 7, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator8), output, y + 8, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator9), output, y + 9, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator10), output, y + 10, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator11), output, y + 11, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator12), output, y + 12, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator13), output, y + 13, 0, outputHeight, width);
    }

    // input rows r … r + 10 → output rows y … y + 6 (those above Ho); input row r + i is kernel row i − j of output row
    // y + j, so each accumulator takes its kernel rows in order, and within a row its five taps in column order; the FMAs
    // of one input row are interleaved across the accumulators it feeds.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Group7<TActivation>(
        in ShiftedRows rows, int r, float* weights, Vector512<float> bias, float* output, int y, int outputHeight, int width, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var accumulator0 = bias;
        var accumulator1 = bias;
        var accumulator2 = bias;
        var accumulator3 = bias;
        var accumulator4 = bias;
        var accumulator5 = bias;
        var accumulator6 = bias;

        if (rows.Contains(r))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r);
            accumulator0 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[0]), accumulator0);
            accumulator0 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[1]), accumulator0);
            accumulator0 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[2]), accumulator0);
            accumulator0 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[3]), accumulator0);
            accumulator0 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[4]), accumulator0);
        }

        if (rows.Contains(r + 1))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 1);
            accumulator0 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[5]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[0]), accumulator1);
            accumulator0 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[6]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[1]), accumulator1);
            accumulator0 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[7]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[2]), accumulator1);
            accumulator0 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[8]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[3]), accumulator1);
            accumulator0 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[9]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[4]), accumulator1);
        }

        if (rows.Contains(r + 2))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 2);
            accumulator0 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[10]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[5]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[0]), accumulator2);
            accumulator0 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[11]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[6]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[1]), accumulator2);
            accumulator0 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[12]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[7]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[2]), accumulator2);
            accumulator0 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[13]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[8]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[3]), accumulator2);
            accumulator0 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[14]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[9]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[4]), accumulator2);
        }

        if (rows.Contains(r + 3))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 3);
            accumulator0 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[15]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[10]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[5]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[0]), accumulator3);
            accumulator0 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[16]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[11]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[6]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[1]), accumulator3);
            accumulator0 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[17]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[12]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[7]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[2]), accumulator3);
            accumulator0 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[18]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[13]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[8]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[3]), accumulator3);
            accumulator0 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[19]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[14]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[9]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[4]), accumulator3);
        }

        if (rows.Contains(r + 4))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 4);
            accumulator0 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[20]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[15]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[10]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[5]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[0]), accumulator4);
            accumulator0 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[21]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[16]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[11]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[6]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[1]), accumulator4);
            accumulator0 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[22]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[17]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[12]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[7]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[2]), accumulator4);
            accumulator0 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[23]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[18]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[13]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[8]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[3]), accumulator4);
            accumulator0 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[24]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[19]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[14]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[9]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[4]), accumulator4);
        }

        if (rows.Contains(r + 5))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 5);
            accumulator1 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[20]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[15]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[10]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[5]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[0]), accumulator5);
            accumulator1 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[21]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[16]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[11]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[6]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[1]), accumulator5);
            accumulator1 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[22]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[17]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[12]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[7]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[2]), accumulator5);
            accumulator1 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[23]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[18]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[13]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[8]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[3]), accumulator5);
            accumulator1 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[24]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[19]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[14]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[9]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[4]), accumulator5);
        }

        if (rows.Contains(r + 6))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 6);
            accumulator2 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[20]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[15]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[10]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[5]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[0]), accumulator6);
            accumulator2 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[21]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[16]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[11]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[6]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[1]), accumulator6);
            accumulator2 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[22]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[17]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[12]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[7]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[2]), accumulator6);
            accumulator2 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[23]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[18]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[13]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[8]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[3]), accumulator6);
            accumulator2 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[24]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[19]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[14]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[9]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[4]), accumulator6);
        }

        if (rows.Contains(r + 7))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 7);
            accumulator3 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[20]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[15]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[10]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[5]), accumulator6);
            accumulator3 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[21]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[16]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[11]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[6]), accumulator6);
            accumulator3 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[22]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[17]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[12]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[7]), accumulator6);
            accumulator3 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[23]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[18]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[13]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[8]), accumulator6);
            accumulator3 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[24]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[19]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[14]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[9]), accumulator6);
        }

        if (rows.Contains(r + 8))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 8);
            accumulator4 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[20]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[15]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[10]), accumulator6);
            accumulator4 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[21]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[16]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[11]), accumulator6);
            accumulator4 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[22]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[17]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[12]), accumulator6);
            accumulator4 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[23]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[18]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[13]), accumulator6);
            accumulator4 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[24]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[19]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[14]), accumulator6);
        }

        if (rows.Contains(r + 9))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 9);
            accumulator5 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[20]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[15]), accumulator6);
            accumulator5 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[21]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[16]), accumulator6);
            accumulator5 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[22]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[17]), accumulator6);
            accumulator5 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[23]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[18]), accumulator6);
            accumulator5 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[24]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[19]), accumulator6);
        }

        if (rows.Contains(r + 10))
        {
            var (column0, column1, column2, column3, column4) = rows.Five(r + 10);
            accumulator6 = Vector512.FusedMultiplyAdd(column0, Vector512.Create(weights[20]), accumulator6);
            accumulator6 = Vector512.FusedMultiplyAdd(column1, Vector512.Create(weights[21]), accumulator6);
            accumulator6 = Vector512.FusedMultiplyAdd(column2, Vector512.Create(weights[22]), accumulator6);
            accumulator6 = Vector512.FusedMultiplyAdd(column3, Vector512.Create(weights[23]), accumulator6);
            accumulator6 = Vector512.FusedMultiplyAdd(column4, Vector512.Create(weights[24]), accumulator6);
        }

        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator0), output, y, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator1), output, y + 1, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator2), output, y + 2, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator3), output, y + 3, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator4), output, y + 4, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator5), output, y + 5, 0, outputHeight, width);
        DepthwiseFlatPlaneKernel.StoreRow(activation.Invoke(accumulator6), output, y + 6, 0, outputHeight, width);
    }
}
