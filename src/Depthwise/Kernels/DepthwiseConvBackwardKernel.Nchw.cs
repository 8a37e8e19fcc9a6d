using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

// Planar layout. Registers hold neighbouring columns of one row. gradInput: for each input row, every (m, ky, kx)
// whose window row lands on it adds weight · (a shifted gradOutput row) into the row (a contiguous scaled add at
// width stride 1; a per-column loop otherwise). gradWeights at width stride > 1: per-tap sums over rows and columns;
// width stride 1 is in the .NchwPadded file.
internal static partial class DepthwiseConvBackwardKernel
{
    // gradOutput planes (M, Ho, Wo) of channels c·M … c·M+M−1, weights (M, kH, kW) → gradInput plane (H, W) of channel c
    public static void NchwGradInputPlane(ReadOnlySpan<float> gradOutputPlanes, ReadOnlySpan<float> weights, Span<float> gradInputPlane, in ConvGeometry geometry, int depthMultiplier)
    {
        switch (SimdWidth.For(geometry.InputWidth))
        {
            case 16:
                NchwGradInputPlane<SimdFloat512, Vector512<float>>(gradOutputPlanes, weights, gradInputPlane, geometry, depthMultiplier);
                break;
            case 8:
                NchwGradInputPlane<SimdFloat256, Vector256<float>>(gradOutputPlanes, weights, gradInputPlane, geometry, depthMultiplier);
                break;
            case 4:
                NchwGradInputPlane<SimdFloat128, Vector128<float>>(gradOutputPlanes, weights, gradInputPlane, geometry, depthMultiplier);
                break;
            default:
                NchwGradInputPlane<SimdFloatScalar, float>(gradOutputPlanes, weights, gradInputPlane, geometry, depthMultiplier);
                break;
        }
    }

    // gradOutput (N, C·M, Ho, Wo), input (N, C, H, W) → gradWeights (kH·kW) and gradBias of output channel j; lanes is scratch of (kH·kW + 1)·16 floats.
    // For width strides > 1 (stride 1 takes the padded kernel): the products go lane by lane, only the bias sum is vectorized.
    public static void NchwGradWeightsChannel(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        Span<float> gradWeights,
        Span<float> gradBias,
        Span<float> lanes,
        in ConvGeometry geometry,
        int batch,
        int channels,
        int depthMultiplier,
        int outputChannel)
    {
        switch (SimdWidth.For(geometry.OutputWidth))
        {
            case 16:
                NchwGradWeightsChannel<SimdFloat512, Vector512<float>>(gradOutput, input, gradWeights, gradBias, lanes, geometry, batch, channels, depthMultiplier, outputChannel);
                break;
            case 8:
                NchwGradWeightsChannel<SimdFloat256, Vector256<float>>(gradOutput, input, gradWeights, gradBias, lanes, geometry, batch, channels, depthMultiplier, outputChannel);
                break;
            case 4:
                NchwGradWeightsChannel<SimdFloat128, Vector128<float>>(gradOutput, input, gradWeights, gradBias, lanes, geometry, batch, channels, depthMultiplier, outputChannel);
                break;
            default:
                NchwGradWeightsChannel<SimdFloatScalar, float>(gradOutput, input, gradWeights, gradBias, lanes, geometry, batch, channels, depthMultiplier, outputChannel);
                break;
        }
    }

    private static void NchwGradInputPlane<TSimd, TVector>(
        ReadOnlySpan<float> gradOutputPlanes, ReadOnlySpan<float> weights, Span<float> gradInputPlane, in ConvGeometry geometry, int depthMultiplier)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var inputWidth = geometry.InputWidth;
        var strideHeight = geometry.Stride.Height;
        var strideWidth = geometry.Stride.Width;
        var kernelHeight = geometry.Kernel.Height;
        var kernelWidth = geometry.Kernel.Width;
        ref var gradOutputStart = ref MemoryMarshal.GetReference(gradOutputPlanes);
        ref var weightStart = ref MemoryMarshal.GetReference(weights);
        gradInputPlane.Clear();

        for (var row = 0; row < geometry.InputHeight; row++)
        {
            ref var gradInputRow = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradInputPlane), row * inputWidth);
            for (var m = 0; m < depthMultiplier; m++)
            {
                for (var ky = 0; ky < kernelHeight; ky++)
                {
                    // Output row y reads this row through tap ky when y·sH − padTop + ky·dH = row.
                    var shifted = row + geometry.PadTop - (ky * geometry.Dilation.Height);
                    if (shifted < 0 || shifted % strideHeight != 0 || shifted / strideHeight >= outputHeight)
                    {
                        continue;
                    }

                    ref var gradOutputRow = ref Unsafe.Add(ref gradOutputStart, ((m * outputHeight) + (shifted / strideHeight)) * outputWidth);
                    for (var kx = 0; kx < kernelWidth; kx++)
                    {
                        var weight = Unsafe.Add(ref weightStart, (((m * kernelHeight) + ky) * kernelWidth) + kx);

                        // Output column x reads input column x·sW + offset.
                        var offset = (kx * geometry.Dilation.Width) - geometry.PadLeft;
                        if (strideWidth == 1)
                        {
                            var first = Math.Max(0, offset);
                            var end = Math.Min(inputWidth, outputWidth + offset);
                            if (end > first)
                            {
                                ScaledAdd<TSimd, TVector>(ref Unsafe.Add(ref gradInputRow, first), ref Unsafe.Add(ref gradOutputRow, first - offset), weight, end - first);
                            }
                        }
                        else
                        {
                            for (var x = 0; x < outputWidth; x++)
                            {
                                var column = (x * strideWidth) + offset;
                                if ((uint)column < (uint)inputWidth)
                                {
                                    ref var target = ref Unsafe.Add(ref gradInputRow, column);
                                    target = MathF.FusedMultiplyAdd(Unsafe.Add(ref gradOutputRow, x), weight, target);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void NchwGradWeightsChannel<TSimd, TVector>(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        Span<float> gradWeights,
        Span<float> gradBias,
        Span<float> lanes,
        in ConvGeometry geometry,
        int batch,
        int channels,
        int depthMultiplier,
        int outputChannel)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var inputWidth = geometry.InputWidth;
        var strideWidth = geometry.Stride.Width;
        var kernelHeight = geometry.Kernel.Height;
        var kernelWidth = geometry.Kernel.Width;
        var taps = geometry.Taps;
        var count = TSimd.Count;
        var outputPlane = outputHeight * outputWidth;
        var inputPlane = geometry.InputHeight * inputWidth;
        var inputChannel = outputChannel / depthMultiplier;

        // Lane sums: taps·count for the weights, then count for the bias.
        var laneSums = lanes[..((taps + 1) * count)];
        laneSums.Clear();
        ref var laneStart = ref MemoryMarshal.GetReference(laneSums);
        ref var biasLanes = ref Unsafe.Add(ref laneStart, taps * count);

        for (var n = 0; n < batch; n++)
        {
            ref var gradOutputPlane = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradOutput), ((n * channels * depthMultiplier) + outputChannel) * outputPlane);
            ref var inputPlaneStart = ref Unsafe.Add(ref MemoryMarshal.GetReference(input), ((n * channels) + inputChannel) * inputPlane);
            for (var y = 0; y < outputHeight; y++)
            {
                ref var gradOutputRow = ref Unsafe.Add(ref gradOutputPlane, y * outputWidth);
                if (!gradBias.IsEmpty)
                {
                    SumInto<TSimd, TVector>(ref biasLanes, ref gradOutputRow, outputWidth);
                }

                var rowOrigin = geometry.InputRowOrigin(y);
                for (var ky = 0; ky < kernelHeight; ky++)
                {
                    var inputRow = rowOrigin + (ky * geometry.Dilation.Height);
                    if ((uint)inputRow >= (uint)geometry.InputHeight)
                    {
                        continue;
                    }

                    ref var inputRowStart = ref Unsafe.Add(ref inputPlaneStart, inputRow * inputWidth);
                    for (var kx = 0; kx < kernelWidth; kx++)
                    {
                        var offset = (kx * geometry.Dilation.Width) - geometry.PadLeft;
                        ref var tapLanes = ref Unsafe.Add(ref laneStart, ((ky * kernelWidth) + kx) * count);
                        for (var x = 0; x < outputWidth; x++)
                        {
                            var column = (x * strideWidth) + offset;
                            if ((uint)column < (uint)inputWidth)
                            {
                                tapLanes = MathF.FusedMultiplyAdd(Unsafe.Add(ref gradOutputRow, x), Unsafe.Add(ref inputRowStart, column), tapLanes);
                            }
                        }
                    }
                }
            }
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
}
