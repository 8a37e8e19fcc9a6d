using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

// Channels-last layout. One register holds one pixel of V consecutive channels, so every tap is one load of each
// operand and one FMA per register whatever the kernel, stride, dilation or padding. Vectors are used at depth
// multiplier 1, where output channel j reads input channel j; with M > 1 input channel j/M is not contiguous across
// j and the same body runs one lane at a time.
internal static partial class DepthwiseConvBackwardKernel
{
    // gradOutput image (Ho, Wo, C·M), packed weights (kH·kW, C·M) → row of gradInput image (H, W, C)
    public static void NhwcGradInputRow(
        ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, Span<int> tapOffsets, in ConvGeometry geometry, int channels, int depthMultiplier, int row)
    {
        switch (depthMultiplier == 1 ? SimdWidth.For(channels) : 1)
        {
            case 16:
                NhwcGradInputRow<SimdFloat512, Vector512<float>>(gradOutput, packedWeights, gradInput, tapOffsets, geometry, channels, depthMultiplier, row);
                break;
            case 8:
                NhwcGradInputRow<SimdFloat256, Vector256<float>>(gradOutput, packedWeights, gradInput, tapOffsets, geometry, channels, depthMultiplier, row);
                break;
            case 4:
                NhwcGradInputRow<SimdFloat128, Vector128<float>>(gradOutput, packedWeights, gradInput, tapOffsets, geometry, channels, depthMultiplier, row);
                break;
            default:
                NhwcGradInputRow<SimdFloatScalar, float>(gradOutput, packedWeights, gradInput, tapOffsets, geometry, channels, depthMultiplier, row);
                break;
        }
    }

    // gradOutput (N, Ho, Wo, C·M), input (N, H, W, C) → packed gradWeights (kH·kW, C·M) and gradBias (C·M) for output channels [first, end)
    public static void NhwcGradWeightsBlock(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        Span<float> packedGradWeights,
        Span<float> gradBias,
        Span<int> tapOffsets,
        in ConvGeometry geometry,
        int batch,
        int channels,
        int depthMultiplier,
        int firstChannel,
        int endChannel)
    {
        switch (depthMultiplier == 1 ? SimdWidth.For(endChannel - firstChannel) : 1)
        {
            case 16:
                NhwcGradWeightsBlock<SimdFloat512, Vector512<float>>(gradOutput, input, packedGradWeights, gradBias, tapOffsets, geometry, batch, channels, depthMultiplier, firstChannel, endChannel);
                break;
            case 8:
                NhwcGradWeightsBlock<SimdFloat256, Vector256<float>>(gradOutput, input, packedGradWeights, gradBias, tapOffsets, geometry, batch, channels, depthMultiplier, firstChannel, endChannel);
                break;
            case 4:
                NhwcGradWeightsBlock<SimdFloat128, Vector128<float>>(gradOutput, input, packedGradWeights, gradBias, tapOffsets, geometry, batch, channels, depthMultiplier, firstChannel, endChannel);
                break;
            default:
                NhwcGradWeightsBlock<SimdFloatScalar, float>(gradOutput, input, packedGradWeights, gradBias, tapOffsets, geometry, batch, channels, depthMultiplier, firstChannel, endChannel);
                break;
        }
    }

    private static void NhwcGradInputRow<TSimd, TVector>(
        ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> packedWeights, Span<float> gradInput, Span<int> tapOffsets, in ConvGeometry geometry, int channels, int depthMultiplier, int row)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var outputChannels = channels * depthMultiplier;
        var outputWidth = geometry.OutputWidth;
        var kernelWidth = geometry.Kernel.Width;
        var count = TSimd.Count;
        ref var gradOutputStart = ref MemoryMarshal.GetReference(gradOutput);
        ref var weightStart = ref MemoryMarshal.GetReference(packedWeights);
        ref var gradInputRow = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradInput), row * geometry.InputWidth * channels);

        for (var column = 0; column < geometry.InputWidth; column++)
        {
            // The taps whose window reads this pixel, as (packed weight offset, gradOutput pixel offset) pairs: found
            // once per pixel, so the divisions stay out of the channel loop.
            var valid = 0;
            for (var ky = 0; ky < geometry.Kernel.Height; ky++)
            {
                // Output row y reads this row through tap ky when y·sH − padTop + ky·dH = row.
                var shiftedRow = row + geometry.PadTop - (ky * geometry.Dilation.Height);
                if (shiftedRow < 0 || shiftedRow % geometry.Stride.Height != 0 || shiftedRow / geometry.Stride.Height >= geometry.OutputHeight)
                {
                    continue;
                }

                for (var kx = 0; kx < kernelWidth; kx++)
                {
                    var shiftedColumn = column + geometry.PadLeft - (kx * geometry.Dilation.Width);
                    if (shiftedColumn < 0 || shiftedColumn % geometry.Stride.Width != 0 || shiftedColumn / geometry.Stride.Width >= outputWidth)
                    {
                        continue;
                    }

                    tapOffsets[2 * valid] = ((ky * kernelWidth) + kx) * outputChannels;
                    tapOffsets[(2 * valid) + 1] = ((shiftedRow / geometry.Stride.Height * outputWidth) + (shiftedColumn / geometry.Stride.Width)) * outputChannels;
                    valid++;
                }
            }

            ref var gradInputPixel = ref Unsafe.Add(ref gradInputRow, column * channels);

            // The last register is pulled back to end at the last channel: it recomputes a few channels (same values,
            // since every element is gathered) instead of finishing lane by lane.
            for (var c = 0; c < channels; c += count)
            {
                var channel = Math.Min(c, channels - count);
                var sum = TSimd.Broadcast(0f);
                for (var tap = 0; tap < valid; tap++)
                {
                    ref var tapWeights = ref Unsafe.Add(ref weightStart, tapOffsets[2 * tap]);
                    ref var gradOutputPixel = ref Unsafe.Add(ref gradOutputStart, tapOffsets[(2 * tap) + 1]);
                    for (var m = 0; m < depthMultiplier; m++)
                    {
                        var outputChannel = (channel * depthMultiplier) + m;
                        sum = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapWeights, outputChannel)), TSimd.Load(ref Unsafe.Add(ref gradOutputPixel, outputChannel)), sum);
                    }
                }

                TSimd.Store(sum, ref Unsafe.Add(ref gradInputPixel, channel));
            }
        }
    }

    private static void NhwcGradWeightsBlock<TSimd, TVector>(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        Span<float> packedGradWeights,
        Span<float> gradBias,
        Span<int> tapOffsets,
        in ConvGeometry geometry,
        int batch,
        int channels,
        int depthMultiplier,
        int firstChannel,
        int endChannel)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var outputChannels = channels * depthMultiplier;
        var taps = geometry.Taps;
        var kernelWidth = geometry.Kernel.Width;
        var count = TSimd.Count;
        ref var gradOutputStart = ref MemoryMarshal.GetReference(gradOutput);
        ref var inputStart = ref MemoryMarshal.GetReference(input);
        ref var gradWeightStart = ref MemoryMarshal.GetReference(packedGradWeights);
        for (var tap = 0; tap < taps; tap++)
        {
            packedGradWeights.Slice((tap * outputChannels) + firstChannel, endChannel - firstChannel).Clear();
        }

        if (!gradBias.IsEmpty)
        {
            gradBias[firstChannel..endChannel].Clear();
        }

        // Registers cover [first, vectorEnd); the rest of the block goes lane by lane. Blocks never overlap: the
        // sums accumulate in memory, so a channel must be visited once.
        var vectorEnd = firstChannel + ((endChannel - firstChannel) / count * count);
        var one = TSimd.Broadcast(1f);
        for (var n = 0; n < batch; n++)
        {
            for (var y = 0; y < geometry.OutputHeight; y++)
            {
                var rowOrigin = geometry.InputRowOrigin(y);
                for (var x = 0; x < geometry.OutputWidth; x++)
                {
                    ref var gradOutputPixel = ref Unsafe.Add(ref gradOutputStart, ((((n * geometry.OutputHeight) + y) * geometry.OutputWidth) + x) * outputChannels);

                    // The in-bounds taps of this window as (packed gradient offset, input pixel offset) pairs.
                    var columnOrigin = geometry.InputColumnOrigin(x);
                    var valid = 0;
                    for (var ky = 0; ky < geometry.Kernel.Height; ky++)
                    {
                        var inputRow = rowOrigin + (ky * geometry.Dilation.Height);
                        if ((uint)inputRow >= (uint)geometry.InputHeight)
                        {
                            continue;
                        }

                        for (var kx = 0; kx < kernelWidth; kx++)
                        {
                            var inputColumn = columnOrigin + (kx * geometry.Dilation.Width);
                            if ((uint)inputColumn >= (uint)geometry.InputWidth)
                            {
                                continue;
                            }

                            tapOffsets[2 * valid] = ((ky * kernelWidth) + kx) * outputChannels;
                            tapOffsets[(2 * valid) + 1] = ((((n * geometry.InputHeight) + inputRow) * geometry.InputWidth) + inputColumn) * channels;
                            valid++;
                        }
                    }

                    for (var j = firstChannel; j < vectorEnd; j += count)
                    {
                        var gradient = TSimd.Load(ref Unsafe.Add(ref gradOutputPixel, j));
                        var inputChannel = j / depthMultiplier;
                        if (!gradBias.IsEmpty)
                        {
                            ref var biasTarget = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradBias), j);
                            TSimd.Store(TSimd.MultiplyAdd(gradient, one, TSimd.Load(ref biasTarget)), ref biasTarget);
                        }

                        for (var tap = 0; tap < valid; tap++)
                        {
                            ref var target = ref Unsafe.Add(ref gradWeightStart, tapOffsets[2 * tap] + j);
                            var inputValue = TSimd.Load(ref Unsafe.Add(ref inputStart, tapOffsets[(2 * tap) + 1] + inputChannel));
                            TSimd.Store(TSimd.MultiplyAdd(gradient, inputValue, TSimd.Load(ref target)), ref target);
                        }
                    }

                    for (var j = vectorEnd; j < endChannel; j++)
                    {
                        var gradient = Unsafe.Add(ref gradOutputPixel, j);
                        var inputChannel = j / depthMultiplier;
                        if (!gradBias.IsEmpty)
                        {
                            gradBias[j] += gradient;
                        }

                        for (var tap = 0; tap < valid; tap++)
                        {
                            ref var target = ref Unsafe.Add(ref gradWeightStart, tapOffsets[2 * tap] + j);
                            target = MathF.FusedMultiplyAdd(gradient, Unsafe.Add(ref inputStart, tapOffsets[(2 * tap) + 1] + inputChannel), target);
                        }
                    }
                }
            }
        }
    }
}
