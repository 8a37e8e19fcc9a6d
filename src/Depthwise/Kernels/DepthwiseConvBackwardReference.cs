using Depthwise.Geometry;
using Depthwise.Tensors;

namespace Depthwise.Kernels;

/// <summary>
/// Gradients of depthwise 2-D convolution (no activation) written straight from the chain rule, for clarity, not
/// speed: every output gradient is scattered to the inputs and weights that produced that output. The optimized
/// backward kernels gather instead, so the two formulations check each other.
/// </summary>
internal static class DepthwiseConvBackwardReference
{
    // gradOutput (N, C*M, Ho, Wo), input (N, C, H, W), weights (C*M, 1, kH, kW) → gradInput (N, C, H, W), gradWeights (C*M, 1, kH, kW), gradBias (C*M) or empty
    //
    //   for output[n, j, y, x] = bias[j] + Σ_ky Σ_kx input[n, j/M, y·sH − padTop + ky·dH, x·sW − padLeft + kx·dW] · weights[j, 0, ky, kx]:
    //   gradInput[n, j/M, row, column] += gradOutput[n, j, y, x] · weights[j, 0, ky, kx]
    //   gradWeights[j, 0, ky, kx]      += gradOutput[n, j, y, x] · input[n, j/M, row, column]
    //   gradBias[j]                    += gradOutput[n, j, y, x]
    //
    // Taps that land in the padding have no input and receive nothing. Images are in the given layout.
    public static void Backward(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        Span<float> gradInput,
        Span<float> gradWeights,
        Span<float> gradBias,
        TensorLayout layout,
        int batch,
        int channels,
        int depthMultiplier,
        in ConvGeometry geometry)
    {
        var outputChannels = channels * depthMultiplier;
        var kernelHeight = geometry.Kernel.Height;
        var kernelWidth = geometry.Kernel.Width;
        gradInput.Clear();
        gradWeights.Clear();
        gradBias.Clear();

        for (var n = 0; n < batch; n++)
        {
            for (var outputChannel = 0; outputChannel < outputChannels; outputChannel++)
            {
                var inputChannel = outputChannel / depthMultiplier;
                for (var y = 0; y < geometry.OutputHeight; y++)
                {
                    for (var x = 0; x < geometry.OutputWidth; x++)
                    {
                        var gradient = gradOutput[Index(layout, n, outputChannel, y, x, outputChannels, geometry.OutputHeight, geometry.OutputWidth)];
                        if (!gradBias.IsEmpty)
                        {
                            gradBias[outputChannel] += gradient;
                        }

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

                                var inputIndex = Index(layout, n, inputChannel, inputRow, inputColumn, channels, geometry.InputHeight, geometry.InputWidth);
                                var weightIndex = (((outputChannel * kernelHeight) + ky) * kernelWidth) + kx;
                                gradInput[inputIndex] += gradient * weights[weightIndex];
                                gradWeights[weightIndex] += gradient * input[inputIndex];
                            }
                        }
                    }
                }
            }
        }
    }

    // Offset of logical element (n, c, y, x) in a (N, C, H, W) tensor stored in the given layout.
    private static int Index(TensorLayout layout, int n, int c, int y, int x, int channels, int height, int width) =>
        layout == TensorLayout.Nchw
            ? (((((n * channels) + c) * height) + y) * width) + x
            : (((((n * height) + y) * width) + x) * channels) + c;
}
