using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>The chain rule of the grouped convolution one product at a time, NCHW: the definition <see cref="GroupedConvBackwardKernel"/> is tested against.</summary>
internal static class GroupedConvBackwardReference
{
    // gradOutput (N, Cout, Ho, Wo), input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW) → gradInput (N, Cin, H, W) +=, gradWeights (Cout, Cin/g, kH, kW) +=, gradBias (Cout) += (if not empty)
    public static void Backward(
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        Span<float> gradInput,
        Span<float> gradWeights,
        Span<float> gradBias,
        int batch,
        int inputChannels,
        int outputChannels,
        int groups,
        in ConvGeometry geometry)
    {
        var groupInputs = inputChannels / groups;
        var groupOutputs = outputChannels / groups;
        var (height, width) = (geometry.InputHeight, geometry.InputWidth);
        for (var n = 0; n < batch; n++)
        {
            for (var o = 0; o < outputChannels; o++)
            {
                var group = o / groupOutputs;
                for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
                {
                    for (var outputColumn = 0; outputColumn < geometry.OutputWidth; outputColumn++)
                    {
                        var gradient = gradOutput[(((n * outputChannels) + o) * geometry.OutputHeight + outputRow) * geometry.OutputWidth + outputColumn];
                        if (!gradBias.IsEmpty)
                        {
                            gradBias[o] += gradient;
                        }

                        for (var i = 0; i < groupInputs; i++)
                        {
                            var channel = (group * groupInputs) + i;
                            for (var kernelRow = 0; kernelRow < geometry.Kernel.Height; kernelRow++)
                            {
                                var row = geometry.InputRowOrigin(outputRow) + (kernelRow * geometry.Dilation.Height);
                                for (var kernelColumn = 0; kernelColumn < geometry.Kernel.Width; kernelColumn++)
                                {
                                    var column = geometry.InputColumnOrigin(outputColumn) + (kernelColumn * geometry.Dilation.Width);
                                    if ((uint)row >= (uint)height || (uint)column >= (uint)width)
                                    {
                                        continue;
                                    }

                                    var inputIndex = (((n * inputChannels) + channel) * height + row) * width + column;
                                    var weightIndex = (((o * groupInputs) + i) * geometry.Kernel.Height + kernelRow) * geometry.Kernel.Width + kernelColumn;
                                    gradWeights[weightIndex] += gradient * input[inputIndex];
                                    gradInput[inputIndex] += gradient * weights[weightIndex];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
