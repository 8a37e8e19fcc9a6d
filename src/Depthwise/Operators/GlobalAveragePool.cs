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
        var batch = input.Batch;
        var channels = input.Channels;
        var pixels = input.Height * input.Width;
        var output = Tensor.Image(batch, channels, 1, 1, input.Layout);
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
        return output;
    }
}
