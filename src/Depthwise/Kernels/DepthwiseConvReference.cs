using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Kernels;

/// <summary>
/// Depthwise 2-D convolution written straight from the formula, for clarity, not speed. Every optimized kernel is
/// tested against it, and the cost model counts multiply-adds with it.
/// </summary>
/// <remarks>
/// Abbreviations: N batch, C input channels, M depth multiplier, H×W input, Ho×Wo output, kH×kW kernel.
/// </remarks>
internal static class DepthwiseConvReference
{
    // input (N, C, H, W) or (N, H, W, C), weights (C*M, 1, kH, kW), bias (C*M) or empty → output (N, C*M, Ho, Wo) or (N, Ho, Wo, C*M)
    //
    //   output[n, c·M+m, y, x] = activation(bias[c·M+m] + Σ_ky Σ_kx input[n, c, y·sH − padTop + ky·dH, x·sW − padLeft + kx·dW] · weights[c·M+m, 0, ky, kx])
    //
    // Taps that land in the padding contribute zero and are skipped. Returns the multiply-adds executed (padding taps excluded).
    public static long Forward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        TensorLayout layout,
        int batch,
        int channels,
        int depthMultiplier,
        in ConvGeometry geometry,
        Activation activation)
    {
        var outputChannels = channels * depthMultiplier;
        var kernelHeight = geometry.Kernel.Height;
        var kernelWidth = geometry.Kernel.Width;
        long multiplyAdds = 0;

        for (var n = 0; n < batch; n++)
        {
            for (var outputChannel = 0; outputChannel < outputChannels; outputChannel++)
            {
                // Output channel c·M + m reads input channel c.
                var inputChannel = outputChannel / depthMultiplier;
                for (var y = 0; y < geometry.OutputHeight; y++)
                {
                    for (var x = 0; x < geometry.OutputWidth; x++)
                    {
                        var sum = 0f;
                        for (var ky = 0; ky < kernelHeight; ky++)
                        {
                            var inputRow = (y * geometry.Stride.Height) - geometry.PadTop + (ky * geometry.Dilation.Height);
                            if (inputRow < 0 || inputRow >= geometry.InputHeight)
                            {
                                continue;
                            }

                            for (var kx = 0; kx < kernelWidth; kx++)
                            {
                                var inputColumn = (x * geometry.Stride.Width) - geometry.PadLeft + (kx * geometry.Dilation.Width);
                                if (inputColumn < 0 || inputColumn >= geometry.InputWidth)
                                {
                                    continue;
                                }

                                var inputValue = input[Index(layout, n, inputChannel, inputRow, inputColumn, channels, geometry.InputHeight, geometry.InputWidth)];
                                var weight = weights[(((outputChannel * kernelHeight) + ky) * kernelWidth) + kx];
                                sum += inputValue * weight;
                                multiplyAdds++;
                            }
                        }

                        var biasValue = bias.IsEmpty ? 0f : bias[outputChannel];
                        output[Index(layout, n, outputChannel, y, x, outputChannels, geometry.OutputHeight, geometry.OutputWidth)] = activation.Apply(biasValue + sum);
                    }
                }
            }
        }

        return multiplyAdds;
    }

    // Offset of logical element (n, c, y, x) in a (N, C, H, W) tensor stored in the given layout.
    private static int Index(TensorLayout layout, int n, int c, int y, int x, int channels, int height, int width) =>
        layout == TensorLayout.Nchw
            ? (((((n * channels) + c) * height) + y) * width) + x
            : (((((n * height) + y) * width) + x) * channels) + c;
}
