using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

// Planar weight gradient at width stride 1, the common case. Each image's input plane is copied into a zero-padded
// scratch (pads, plus columns so every register of output columns has input to read) and its gradOutput plane into a
// scratch whose rows are whole registers, zero beyond Wo. Padding and the extra columns then contribute
// fma(g, 0, s) = s or fma(0, x, s) = s, so the loop needs no clipping and no tails: per register of gradOutput,
// two loads and one FMA per register and tap.
internal static partial class DepthwiseConvBackwardKernel
{
    /// <summary>Floats of scratch <see cref="NchwGradWeightsChannelPadded"/> needs: padded input plane, padded gradOutput plane, lane sums.</summary>
    public static int NchwPaddedScratchLength(in ConvGeometry geometry)
    {
        var lanes = SimdWidth.For(geometry.OutputWidth);
        var (rows, pitch, outputPitch) = PaddedShape(geometry, lanes);
        return (rows * pitch) + (geometry.OutputHeight * outputPitch) + ((geometry.Taps + 1) * lanes);
    }

    // gradOutput (N, C·M, Ho, Wo), input (N, C, H, W) → gradWeights (kH·kW) and gradBias of output channel j; needs geometry.Stride.Width == 1
    public static void NchwGradWeightsChannelPadded(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        Span<float> gradWeights,
        Span<float> gradBias,
        Span<float> scratch,
        in ConvGeometry geometry,
        int batch,
        int channels,
        int depthMultiplier,
        int outputChannel)
    {
        switch (SimdWidth.For(geometry.OutputWidth))
        {
            case 16:
                NchwGradWeightsChannelPadded<SimdFloat512, Vector512<float>>(gradOutput, input, gradWeights, gradBias, scratch, geometry, batch, channels, depthMultiplier, outputChannel);
                break;
            case 8:
                NchwGradWeightsChannelPadded<SimdFloat256, Vector256<float>>(gradOutput, input, gradWeights, gradBias, scratch, geometry, batch, channels, depthMultiplier, outputChannel);
                break;
            case 4:
                NchwGradWeightsChannelPadded<SimdFloat128, Vector128<float>>(gradOutput, input, gradWeights, gradBias, scratch, geometry, batch, channels, depthMultiplier, outputChannel);
                break;
            default:
                NchwGradWeightsChannelPadded<SimdFloatScalar, float>(gradOutput, input, gradWeights, gradBias, scratch, geometry, batch, channels, depthMultiplier, outputChannel);
                break;
        }
    }

    // Padded input rows and pitch, and the gradOutput scratch pitch (Wo rounded up to whole registers).
    private static (int Rows, int Pitch, int OutputPitch) PaddedShape(in ConvGeometry geometry, int lanes)
    {
        var outputPitch = (geometry.OutputWidth + lanes - 1) / lanes * lanes;
        var rows = ((geometry.OutputHeight - 1) * geometry.Stride.Height) + ((geometry.Kernel.Height - 1) * geometry.Dilation.Height) + 1;
        var pitch = outputPitch + ((geometry.Kernel.Width - 1) * geometry.Dilation.Width);
        return (rows, pitch, outputPitch);
    }

    private static void NchwGradWeightsChannelPadded<TSimd, TVector>(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        Span<float> gradWeights,
        Span<float> gradBias,
        Span<float> scratch,
        in ConvGeometry geometry,
        int batch,
        int channels,
        int depthMultiplier,
        int outputChannel)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var count = TSimd.Count;
        var (rows, pitch, outputPitch) = PaddedShape(geometry, count);
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var inputHeight = geometry.InputHeight;
        var inputWidth = geometry.InputWidth;
        var kernelHeight = geometry.Kernel.Height;
        var kernelWidth = geometry.Kernel.Width;
        var taps = geometry.Taps;
        var inputChannel = outputChannel / depthMultiplier;
        var paddedInput = scratch[..(rows * pitch)];
        var paddedGradOutput = scratch.Slice(rows * pitch, outputHeight * outputPitch);
        var laneSums = scratch.Slice((rows * pitch) + (outputHeight * outputPitch), (taps + 1) * count);
        paddedInput.Clear();
        paddedGradOutput.Clear();
        laneSums.Clear();
        ref var inputStart = ref MemoryMarshal.GetReference(paddedInput);
        ref var gradStart = ref MemoryMarshal.GetReference(paddedGradOutput);
        ref var laneStart = ref MemoryMarshal.GetReference(laneSums);

        // Input rows [firstRow, endRow) and columns [firstColumn, endColumn) of the padded plane hold input; the rest stay zero.
        var firstRow = Math.Min(geometry.PadTop, rows);
        var endRow = Math.Min(geometry.PadTop + inputHeight, rows);
        var firstColumn = Math.Min(geometry.PadLeft, pitch);
        var endColumn = Math.Min(geometry.PadLeft + inputWidth, pitch);
        for (var n = 0; n < batch; n++)
        {
            var inputPlane = input.Slice(((n * channels) + inputChannel) * inputHeight * inputWidth, inputHeight * inputWidth);
            for (var row = firstRow; row < endRow; row++)
            {
                inputPlane.Slice(((row - geometry.PadTop) * inputWidth) + firstColumn - geometry.PadLeft, endColumn - firstColumn)
                    .CopyTo(paddedInput.Slice((row * pitch) + firstColumn));
            }

            var gradPlane = gradOutput.Slice(((n * channels * depthMultiplier) + outputChannel) * outputHeight * outputWidth, outputHeight * outputWidth);
            for (var y = 0; y < outputHeight; y++)
            {
                gradPlane.Slice(y * outputWidth, outputWidth).CopyTo(paddedGradOutput.Slice(y * outputPitch));
            }

            // Tap by tap over the whole plane, with four independent accumulators so that FMAs do not wait on each
            // other; the partial sums go to memory once per tap and image.
            for (var tap = 0; tap <= taps; tap++)
            {
                var ky = tap / kernelWidth;
                var kx = tap - (ky * kernelWidth);
                var sum0 = TSimd.Broadcast(0f);
                var sum1 = sum0;
                var sum2 = sum0;
                var sum3 = sum0;
                for (var y = 0; y < outputHeight; y++)
                {
                    ref var gradRow = ref Unsafe.Add(ref gradStart, y * outputPitch);

                    // The extra pass (tap = taps) sums gradOutput for the bias: it multiplies by 1 instead of by the input.
                    ref var inputRow = ref tap == taps
                        ? ref gradRow
                        : ref Unsafe.Add(ref inputStart, (((y * geometry.Stride.Height) + (ky * geometry.Dilation.Height)) * pitch) + (kx * geometry.Dilation.Width));
                    var x = 0;
                    for (; x <= outputPitch - (4 * count); x += 4 * count)
                    {
                        sum0 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref gradRow, x)), Operand<TSimd, TVector>(ref inputRow, x, tap == taps), sum0);
                        sum1 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref gradRow, x + count)), Operand<TSimd, TVector>(ref inputRow, x + count, tap == taps), sum1);
                        sum2 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref gradRow, x + (2 * count))), Operand<TSimd, TVector>(ref inputRow, x + (2 * count), tap == taps), sum2);
                        sum3 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref gradRow, x + (3 * count))), Operand<TSimd, TVector>(ref inputRow, x + (3 * count), tap == taps), sum3);
                    }

                    for (; x < outputPitch; x += count)
                    {
                        sum0 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref gradRow, x)), Operand<TSimd, TVector>(ref inputRow, x, tap == taps), sum0);
                    }
                }

                ref var tapLanes = ref Unsafe.Add(ref laneStart, tap * count);
                var partial = TSimd.Load(ref tapLanes);
                var one = TSimd.Broadcast(1f);
                partial = TSimd.MultiplyAdd(sum0, one, partial);
                partial = TSimd.MultiplyAdd(sum1, one, partial);
                partial = TSimd.MultiplyAdd(sum2, one, partial);
                partial = TSimd.MultiplyAdd(sum3, one, partial);
                TSimd.Store(partial, ref tapLanes);
            }

            // The next image overwrites only the rows and columns that hold data; the zeros stay.
        }

        for (var tap = 0; tap < taps; tap++)
        {
            gradWeights[tap] = FoldLanes(laneSums.Slice(tap * count, count));
        }

        if (!gradBias.IsEmpty)
        {
            gradBias[0] = FoldLanes(laneSums.Slice(taps * count, count));
        }
    }

    // The second operand of a weight-gradient FMA: the input at x, or 1 for the bias pass.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Operand<TSimd, TVector>(ref float inputRow, int x, bool bias)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct => bias ? TSimd.Broadcast(1f) : TSimd.Load(ref Unsafe.Add(ref inputRow, x));
}
