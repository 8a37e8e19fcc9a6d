using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Operators;

/// <summary>
/// The loop shared by batch normalization and the squeeze-and-excitation scale: every element of a channel is
/// multiplied by that channel's scale and gets that channel's shift, in either layout.
/// </summary>
internal static class ChannelAffine
{
    // Below this many elements the work is smaller than the cost of waking a second thread.
    private const int ParallelThreshold = 1 << 15;

    /// <summary>output = input · scale[k] + shift[k], with k = c (per channel) or n·C + c (per sample and channel).</summary>
    /// <param name="input">(N, C, H, W) in either layout, validated by the caller.</param>
    /// <param name="output">Same shape and layout as <paramref name="input"/>; may be the input itself.</param>
    /// <param name="scale">C or N·C values.</param>
    /// <param name="shift">C or N·C values, or null for none.</param>
    /// <param name="perSample">True when <paramref name="scale"/> and <paramref name="shift"/> hold N·C values.</param>
    public static void Apply(Tensor input, Tensor output, float[] scale, float[]? shift, bool perSample)
    {
        // input (N, C, H, W), scale (C) or (N, C) → output (N, C, H, W)
        var batch = input.Batch;
        var channels = input.Channels;
        var pixels = input.Height * input.Width;
        var threads = input.Length >= ParallelThreshold ? Parallelism.DefaultThreadCount : 1;
        if (input.Layout == TensorLayout.Nchw)
        {
            Parallelism.For(batch * channels, threads, plane =>
            {
                var index = perSample ? plane : plane % channels;
                var source = input.Span.Slice(plane * pixels, pixels);
                var destination = output.Span.Slice(plane * pixels, pixels);
                if (shift is null)
                {
                    TensorPrimitives.Multiply(source, scale[index], destination);
                }
                else
                {
                    // TensorPrimitives has no (span, scalar, scalar) multiply-add: two passes over a plane still in L1/L2.
                    TensorPrimitives.Multiply(source, scale[index], destination);
                    TensorPrimitives.Add(destination, shift[index], destination);
                }
            });
            return;
        }

        var height = input.Height;
        var width = input.Width;
        Parallelism.For(batch * height, threads, row =>
        {
            var offset = perSample ? row / height * channels : 0;
            var rowScale = scale.AsSpan(offset, channels);
            var rowShift = shift is null ? default : shift.AsSpan(offset, channels);
            for (var x = 0; x < width; x++)
            {
                var start = ((row * width) + x) * channels;
                var source = input.Span.Slice(start, channels);
                var destination = output.Span.Slice(start, channels);
                if (shift is null)
                {
                    TensorPrimitives.Multiply(source, rowScale, destination);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(source, rowScale, rowShift, destination);
                }
            }
        });
    }
}
