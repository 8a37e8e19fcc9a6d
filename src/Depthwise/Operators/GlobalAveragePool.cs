using Depthwise.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Operators;

/// <summary>Averages each channel of each image over its whole H×W plane: the pooling before MobileNet's classifier and inside squeeze-and-excitation.</summary>
public static class GlobalAveragePool
{
    /// <summary>Pools into a new (N, C, 1, 1) tensor.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C) according to its layout.</param>
    /// <returns>(N, C, 1, 1) tagged with the input's layout (both layouts store it identically).</returns>
    /// <exception cref="ArgumentException">The input is not 4-D.</exception>
    public static Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C, 1, 1)
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        var output = Tensor.Image(input.Batch, input.Channels, 1, 1, input.Layout);
        ForwardInto(input, output);
        return output;
    }

    /// <summary><see cref="Forward"/> into a caller-owned (N, C, 1, 1) tensor (overwritten); same bits.</summary>
    internal static void ForwardInto(Tensor input, Tensor output)
    {
        // input (N, C, H, W) → output (N, C, 1, 1)
        var batch = input.Batch;
        var channels = input.Channels;
        var pixels = input.Height * input.Width;
        var values = input.Span;
        var sums = output.Span;
        if (input.Layout == TensorLayout.Nchw)
        {
            for (var plane = 0; plane < batch * channels; plane++)
            {
                sums[plane] = TensorPrimitives.Sum(values.Slice(plane * pixels, pixels));
            }
        }
        else
        {
            // NHWC: channel values of a pixel are contiguous, so accumulate pixel rows into the channel vector.
            sums.Clear();
            for (var n = 0; n < batch; n++)
            {
                var destination = sums.Slice(n * channels, channels);
                for (var pixel = 0; pixel < pixels; pixel++)
                {
                    TensorPrimitives.Add(destination, values.Slice(((n * pixels) + pixel) * channels, channels), destination);
                }
            }
        }

        TensorPrimitives.Multiply(sums, 1f / pixels, sums);
    }

    /// <summary>Backward of <see cref="Forward"/>: every input of a plane receives 1/(H·W) of its channel's gradient.</summary>
    /// <param name="gradOutput">∂L/∂output, (N, C, 1, 1) (either layout tag: both store it identically).</param>
    /// <param name="height">The forward input's H (≥ 1).</param>
    /// <param name="width">The forward input's W (≥ 1).</param>
    /// <returns>∂L/∂input, (N, C, H, W) in <paramref name="gradOutput"/>'s layout.</returns>
    /// <exception cref="ArgumentException">The gradient is not (N, C, 1, 1) or a size is below 1.</exception>
    public static Tensor Backward(Tensor gradOutput, int height, int width)
    {
        // gradOutput (N, C, 1, 1) → gradInput (N, C, H, W)
        ArgumentNullException.ThrowIfNull(gradOutput);
        gradOutput.RequireRank4(nameof(gradOutput));
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (gradOutput.Height != 1 || gradOutput.Width != 1)
        {
            throw new ArgumentException($"gradOutput is {gradOutput}; expected (N, C, 1, 1), the shape the pooling produces.", nameof(gradOutput));
        }

        var batch = gradOutput.Batch;
        var channels = gradOutput.Channels;
        var pixels = (long)height * width;
        if (batch * channels * pixels > Array.MaxLength)
        {
            throw new ArgumentException($"the input gradient ({batch}, {channels}, {height}, {width}) would exceed {Array.MaxLength} elements.", nameof(height));
        }

        var gradInput = Tensor.Image(batch, channels, height, width, gradOutput.Layout);
        BackwardInto(gradOutput, gradInput);
        return gradInput;
    }

    /// <summary><see cref="Backward"/> into a caller-owned (N, C, H, W) tensor in the gradient's layout (overwritten); same bits.</summary>
    internal static void BackwardInto(Tensor gradOutput, Tensor gradInput)
    {
        // gradOutput (N, C, 1, 1) → gradInput (N, C, H, W)
        var batch = gradOutput.Batch;
        var channels = gradOutput.Channels;
        var pixels = (long)gradInput.Height * gradInput.Width;
        var scale = 1f / pixels;
        var gradients = gradOutput.Span;
        var destination = gradInput.Span;
        if (gradOutput.Layout == TensorLayout.Nchw)
        {
            for (var plane = 0; plane < batch * channels; plane++)
            {
                destination.Slice(plane * (int)pixels, (int)pixels).Fill(gradients[plane] * scale);
            }
        }
        else
        {
            for (var n = 0; n < batch; n++)
            {
                var first = destination.Slice(n * (int)pixels * channels, channels);
                TensorPrimitives.Multiply(gradients.Slice(n * channels, channels), scale, first);
                for (var pixel = 1; pixel < pixels; pixel++)
                {
                    first.CopyTo(destination.Slice(((n * (int)pixels) + pixel) * channels, channels));
                }
            }
        }
    }
}
