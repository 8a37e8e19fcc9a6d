using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Kernels;

/// <summary>
/// The textbook grouped 2-D convolution, one output element at a time: the definition every optimized convolution path
/// is tested against. Groups g split the channels: output channel o belongs to group o / (Cout/g) and reads only the
/// Cin/g input channels of that group (g = 1 is the traditional convolution, g = Cin = Cout is depthwise).
/// </summary>
internal static class GroupedConvReference
{
    // input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW), bias (Cout) or empty → output (N, Cout, Ho, Wo); input and output in `layout`
    public static long Forward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int batch,
        int inputChannels,
        int outputChannels,
        int groups,
        in ConvGeometry geometry,
        Activation activation,
        TensorLayout layout)
    {
        var inputChannelsPerGroup = inputChannels / groups;
        var outputChannelsPerGroup = outputChannels / groups;
        var kernelHeight = geometry.Kernel.Height;
        var kernelWidth = geometry.Kernel.Width;
        long multiplyAdds = 0;
        for (var image = 0; image < batch; image++)
        {
            for (var outputChannel = 0; outputChannel < outputChannels; outputChannel++)
            {
                var firstInputChannel = outputChannel / outputChannelsPerGroup * inputChannelsPerGroup;
                for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
                {
                    for (var outputColumn = 0; outputColumn < geometry.OutputWidth; outputColumn++)
                    {
                        var sum = 0f;
                        for (var channel = 0; channel < inputChannelsPerGroup; channel++)
                        {
                            for (var kernelRow = 0; kernelRow < kernelHeight; kernelRow++)
                            {
                                var inputRow = geometry.InputRowOrigin(outputRow) + (kernelRow * geometry.Dilation.Height);
                                if (inputRow < 0 || inputRow >= geometry.InputHeight)
                                {
                                    continue;
                                }

                                for (var kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++)
                                {
                                    var inputColumn = geometry.InputColumnOrigin(outputColumn) + (kernelColumn * geometry.Dilation.Width);
                                    if (inputColumn < 0 || inputColumn >= geometry.InputWidth)
                                    {
                                        continue;
                                    }

                                    var inputIndex = Index(layout, image, firstInputChannel + channel, inputRow, inputColumn, inputChannels, geometry.InputHeight, geometry.InputWidth);
                                    var weightIndex = (((outputChannel * inputChannelsPerGroup) + channel) * kernelHeight + kernelRow) * kernelWidth + kernelColumn;
                                    sum += input[inputIndex] * weights[weightIndex];
                                    multiplyAdds++;
                                }
                            }
                        }

                        if (!bias.IsEmpty)
                        {
                            sum += bias[outputChannel];
                        }

                        output[Index(layout, image, outputChannel, outputRow, outputColumn, outputChannels, geometry.OutputHeight, geometry.OutputWidth)] = activation.Apply(sum);
                    }
                }
            }
        }

        return multiplyAdds;
    }

    private static int Index(TensorLayout layout, int image, int channel, int row, int column, int channels, int height, int width) =>
        layout == TensorLayout.Nchw
            ? (((image * channels) + channel) * height + row) * width + column
            : (((image * height) + row) * width + column) * channels + channel;
}
