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

    // Output rows computed together: seven accumulator chains of 25 dependent FMAs each.
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

            // Groups of seven output rows (MobileNet's planes are 7·k rows), the last pulled back to end at the last row
            // (recomputing a few rows with identical values); a plane of fewer than seven rows stores only its own.
            for (var y = 0; y < outputHeight; y += GroupRows)
            {
                var first = y + GroupRows <= outputHeight || outputHeight < GroupRows ? y : outputHeight - GroupRows;
                Group(rows, first - padTop, channelWeights, start, output, first, outputHeight, width, activation);
                y = first;
            }

            walk.Next();
        }
    }

    // input rows r … r + 10 → output rows y … y + 6 (those above Ho); input row r + i is kernel row i − j of output row
    // y + j, so each accumulator takes its kernel rows in order, and within a row its five taps in column order: seven
    // independent accumulator chains, the FMAs of one input row interleaved across them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group<TActivation>(
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
