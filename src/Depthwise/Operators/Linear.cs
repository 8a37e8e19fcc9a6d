using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Operators;

/// <summary>
/// A fully connected layer, <c>y = x·Wᵀ + b</c>, with PyTorch's weight layout (out features, in features) — ONNX Gemm
/// with transB = 1. Each output is one vectorized dot product; rows of the weight matrix are split across threads.
/// </summary>
public static class Linear
{
    // Below this many multiply-adds the work is smaller than the cost of waking a second thread.
    private const long ParallelThreshold = 1 << 16;

    /// <summary>Applies the layer into a new (N, out) tensor.</summary>
    /// <param name="input">(N, in).</param>
    /// <param name="weights">(out, in).</param>
    /// <param name="bias">(out), or null for none.</param>
    /// <param name="activation">Applied to the output; null means none.</param>
    /// <returns>(N, out).</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank or shape.</exception>
    public static Tensor Forward(Tensor input, Tensor weights, Tensor? bias = null, Activation? activation = null)
    {
        // input (N, in), weights (out, in), bias (out) → output (N, out)
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weights);
        if (input.Rank != 2)
        {
            throw new ArgumentException($"input has shape {Tensor.FormatShape(input.Shape)}; expected (N, in features) — flatten images first.", nameof(input));
        }

        var batch = input.Shape[0];
        var inputFeatures = input.Shape[1];
        if (weights.Rank != 2 || weights.Shape[1] != inputFeatures)
        {
            throw new ArgumentException(
                $"weights has shape {Tensor.FormatShape(weights.Shape)}; expected (out features, {inputFeatures}) to match input {Tensor.FormatShape(input.Shape)}.",
                nameof(weights));
        }

        var outputFeatures = weights.Shape[0];
        if (bias is not null && (bias.Rank != 1 || bias.Length != outputFeatures))
        {
            throw new ArgumentException($"bias has shape {Tensor.FormatShape(bias.Shape)}; expected ({outputFeatures}), one value per output feature.", nameof(bias));
        }

        var output = new Tensor([batch, outputFeatures]);
        var threads = (long)batch * outputFeatures * inputFeatures >= ParallelThreshold ? Parallelism.DefaultThreadCount : 1;
        var function = activation ?? Activation.None;
        Parallelism.For(outputFeatures, threads, o =>
        {
            var row = weights.Span.Slice(o * inputFeatures, inputFeatures);
            var offset = bias is null ? 0f : bias.Span[o];
            for (var n = 0; n < batch; n++)
            {
                var value = TensorPrimitives.Dot(input.Span.Slice(n * inputFeatures, inputFeatures), row) + offset;
                output.Span[(n * outputFeatures) + o] = function.Apply(value);
            }
        });
        return output;
    }
}
