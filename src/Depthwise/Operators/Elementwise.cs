using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Operators;

/// <summary>
/// Elementwise operators between and after convolutions: standalone activations (when they cannot be fused into
/// the convolution because a batch normalization sits between), the gates of squeeze-and-excitation, the residual
/// addition and the per-channel scale. Each returns a new tensor with the input's shape and layout.
/// </summary>
public static class Elementwise
{
    // Elements per work item of the chunked loops: a chunk stays in L2 between its copy and its activation.
    private const int ChunkLength = 1 << 15;

    /// <summary>Applies a (fusable) activation to every element: the same functions and roundings the convolutions fuse.</summary>
    /// <param name="input">Any shape.</param>
    /// <param name="activation">The function.</param>
    /// <returns>The activated copy.</returns>
    public static Tensor Apply(Tensor input, Activation activation)
    {
        // input (any shape) → output (same shape)
        ArgumentNullException.ThrowIfNull(input);
        var output = input.Clone();
        ActivationKernel.Apply(output.Span, activation);
        return output;
    }

    /// <summary>
    /// <see cref="Apply"/> into a caller-owned tensor of the input's length (overwritten), chunk by chunk so each chunk
    /// is activated while still in cache, the chunks spread over <paramref name="threads"/>: the same bits as <see cref="Apply"/>.
    /// </summary>
    internal static void ApplyInto(Tensor input, Tensor output, Activation activation, int threads = 0)
    {
        // input (any shape) → output (same shape)
        var length = input.Length;
        Parallelism.For((length + ChunkLength - 1) / ChunkLength, length >= 2 * ChunkLength ? Parallelism.Resolve(threads) : 1, chunk =>
        {
            var start = chunk * ChunkLength;
            var count = Math.Min(ChunkLength, length - start);
            var destination = output.Span.Slice(start, count);
            input.Span.Slice(start, count).CopyTo(destination);
            ActivationKernel.Apply(destination, activation);
        });
    }

    /// <summary><see cref="Add"/> into a caller-owned tensor of the same length (overwritten).</summary>
    internal static void AddInto(Tensor left, Tensor right, Tensor output)
    {
        // left (any shape), right (same shape) → output (same shape)
        TensorPrimitives.Add(left.Span, right.Span, output.Span);
    }

    /// <summary>
    /// The hard sigmoid of MobileNetV3, <c>min(max(x/6 + 1/2, 0), 1)</c> — ONNX HardSigmoid with α = 1/6, β = 1/2, and
    /// PyTorch's <c>relu6(x + 3) / 6</c> up to rounding.
    /// </summary>
    /// <param name="input">Any shape.</param>
    /// <returns>The gated copy, each value in [0, 1].</returns>
    public static Tensor HardSigmoid(Tensor input)
    {
        // input (any shape) → output (same shape)
        ArgumentNullException.ThrowIfNull(input);
        var output = new Tensor(input.Shape, input.Layout);
        TensorPrimitives.Multiply(input.Span, Activation.OneSixth, output.Span);
        TensorPrimitives.Add(output.Span, 0.5f, output.Span);
        ActivationKernel.Apply(output.Span, Activation.Clip(0f, 1f));
        return output;
    }

    /// <summary>The logistic function <c>1 / (1 + e^(−x))</c>.</summary>
    /// <param name="input">Any shape.</param>
    /// <returns>The copy, each value in [0, 1].</returns>
    public static Tensor Sigmoid(Tensor input)
    {
        // input (any shape) → output (same shape)
        ArgumentNullException.ThrowIfNull(input);
        var output = new Tensor(input.Shape, input.Layout);
        TensorPrimitives.Sigmoid(input.Span, output.Span);
        return output;
    }

    /// <summary>Adds two tensors of the same shape and layout: the residual connection.</summary>
    /// <param name="left">Any shape.</param>
    /// <param name="right">The same shape and layout as <paramref name="left"/>.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="ArgumentException">The shapes or layouts differ.</exception>
    public static Tensor Add(Tensor left, Tensor right)
    {
        // left (any shape), right (same shape) → output (same shape)
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!left.Shape.SequenceEqual(right.Shape) || (left.Rank == 4 && left.Layout != right.Layout))
        {
            throw new ArgumentException($"right is {right}; expected the same shape and layout as left, {left}.", nameof(right));
        }

        var output = new Tensor(left.Shape, left.Layout);
        TensorPrimitives.Add(left.Span, right.Span, output.Span);
        return output;
    }

    /// <summary>
    /// Multiplies every element of channel c of image n by <c>scales[n, c]</c>: the squeeze-and-excitation scale.
    /// </summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C) according to its layout.</param>
    /// <param name="scales">N·C values: (N, C), (N, C, 1, 1) or (N, 1, 1, C) — the same numbers in every case.</param>
    /// <returns>The scaled tensor, in the input's layout.</returns>
    /// <exception cref="ArgumentException">The input is not 4-D or the scales do not hold N·C values shaped as above.</exception>
    public static Tensor ScaleChannels(Tensor input, Tensor scales)
    {
        // input (N, C, H, W), scales (N, C) → output (N, C, H, W)
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(scales);
        input.RequireRank4(nameof(input));
        var batch = input.Batch;
        var channels = input.Channels;
        var shape = scales.Shape;
        var valid = (scales.Rank == 2 && shape[0] == batch && shape[1] == channels)
            || (scales.Rank == 4 && scales.Batch == batch && scales.Channels == channels && scales.Height == 1 && scales.Width == 1);
        if (!valid)
        {
            throw new ArgumentException(
                $"scales is {scales}; expected ({batch}, {channels}) or ({batch}, {channels}, 1, 1), one value per image and channel of input {input}.",
                nameof(scales));
        }

        var output = new Tensor(input.Shape, input.Layout);
        ChannelAffine.Apply(input, output, scales.Span.ToArray(), shift: null, perSample: true);
        return output;
    }

    /// <summary>
    /// Backward of <see cref="ScaleChannels"/>: ∂input = ∂output scaled by the same per-channel values, and
    /// ∂scales[n, c] = Σ over the plane of ∂output · input.
    /// </summary>
    /// <param name="input">The forward's input, (N, C, H, W) or (N, H, W, C).</param>
    /// <param name="scales">The forward's scales, N·C values shaped as <see cref="ScaleChannels"/> accepts.</param>
    /// <param name="gradOutput">∂L/∂output, the input's shape and layout.</param>
    /// <returns>∂L/∂input (input's layout) and ∂L/∂scales (the scales' shape and layout).</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong shape or layout.</exception>
    public static (Tensor GradInput, Tensor GradScales) ScaleChannelsBackward(Tensor input, Tensor scales, Tensor gradOutput)
    {
        // input (N, C, H, W), scales (N, C), gradOutput (N, C, H, W) → gradInput (N, C, H, W), gradScales (N, C)
        ArgumentNullException.ThrowIfNull(gradOutput);
        ArgumentNullException.ThrowIfNull(input);
        if (!gradOutput.Shape.SequenceEqual(input.Shape) || gradOutput.Layout != input.Layout)
        {
            throw new ArgumentException($"gradOutput is {gradOutput}; expected the input's shape and layout, {input}.", nameof(gradOutput));
        }

        var gradInput = ScaleChannels(gradOutput, scales);
        var gradScales = new Tensor(scales.Shape, scales.Layout);
        var batch = input.Batch;
        var channels = input.Channels;
        var pixels = input.Height * input.Width;
        var destination = gradScales.Span;
        if (input.Layout == TensorLayout.Nchw)
        {
            for (var plane = 0; plane < batch * channels; plane++)
            {
                destination[plane] = TensorPrimitives.Dot(gradOutput.Span.Slice(plane * pixels, pixels), input.Span.Slice(plane * pixels, pixels));
            }
        }
        else
        {
            var products = new float[channels];
            for (var n = 0; n < batch; n++)
            {
                var sums = destination.Slice(n * channels, channels);
                for (var pixel = 0; pixel < pixels; pixel++)
                {
                    var offset = ((n * pixels) + pixel) * channels;
                    TensorPrimitives.Multiply(gradOutput.Span.Slice(offset, channels), input.Span.Slice(offset, channels), products);
                    TensorPrimitives.Add(sums, products, sums);
                }
            }
        }

        return (gradInput, gradScales);
    }
}
