using Depthwise.Kernels;
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
        ForwardInto(input, weights, bias, output, activation ?? Activation.None);
        return output;
    }

    /// <summary><see cref="Forward"/> into a caller-owned (N, out) tensor (a training module's buffer), after validation.</summary>
    internal static void ForwardInto(Tensor input, Tensor weights, Tensor? bias, Tensor output, Activation function)
    {
        // input (N, in), weights (out, in), bias (out) → output (N, out), overwritten
        var batch = input.Shape[0];
        var inputFeatures = input.Shape[1];
        var outputFeatures = weights.Shape[0];
        var threads = (long)batch * outputFeatures * inputFeatures >= ParallelThreshold ? Parallelism.DefaultThreadCount : 1;
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
    }
    /// <summary>
    /// Gradients of a loss L with respect to the input, weights and bias of <see cref="Forward"/> (without activation),
    /// given ∂L/∂output: ∂x = ∂y · W, ∂W = ∂yᵀ · x, ∂b = Σₙ ∂y. Two GEMMs whose results do not depend on the thread count.
    /// </summary>
    /// <param name="input">The forward's input, (N, in).</param>
    /// <param name="weights">The forward's weights, (out, in).</param>
    /// <param name="gradOutput">∂L/∂output, (N, out).</param>
    /// <param name="computeBias">Whether to compute ∂L/∂bias.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Parallelism.DefaultThreadCount"/>.</param>
    /// <returns>∂L/∂input (N, in), ∂L/∂weights (out, in) and, if requested, ∂L/∂bias (out).</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank or shape.</exception>
    public static Conv2dGradients Backward(Tensor input, Tensor weights, Tensor gradOutput, bool computeBias = true, int threads = 0)
    {
        // gradOutput (N, out), input (N, in), weights (out, in) → gradInput (N, in), gradWeights (out, in), gradBias (out)
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (input.Rank != 2)
        {
            throw new ArgumentException($"input has shape {Tensor.FormatShape(input.Shape)}; expected (N, in features).", nameof(input));
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
        if (gradOutput.Rank != 2 || gradOutput.Shape[0] != batch || gradOutput.Shape[1] != outputFeatures)
        {
            throw new ArgumentException(
                $"gradOutput has shape {Tensor.FormatShape(gradOutput.Shape)}; expected the forward output's shape ({batch}, {outputFeatures}).", nameof(gradOutput));
        }

        var gradInput = new Tensor([batch, inputFeatures]);
        var gradWeights = new Tensor([outputFeatures, inputFeatures]);
        var gradBias = computeBias ? new Tensor([outputFeatures]) : null;
        BackwardInto(input, weights, gradOutput, gradInput, gradWeights, gradBias, threads);
        return new Conv2dGradients(gradInput, gradWeights, gradBias);
    }

    /// <summary><see cref="Backward"/> into caller-owned tensors (overwritten), after validation.</summary>
    internal static void BackwardInto(Tensor input, Tensor weights, Tensor gradOutput, Tensor gradInput, Tensor gradWeights, Tensor? gradBias, int threads = 0)
    {
        // gradOutput (N, out), input (N, in), weights (out, in) → gradInput (N, in), gradWeights (out, in), gradBias (out)
        var batch = input.Shape[0];
        var inputFeatures = input.Shape[1];
        var outputFeatures = weights.Shape[0];
        var resolved = Parallelism.Resolve(threads);

        // ∂x (N, in) = ∂y (N, out) · W (out, in)
        GemmKernel.Multiply(
            batch, inputFeatures, outputFeatures, gradOutput.Span, outputFeatures, 1, weights.Span, inputFeatures, 1,
            gradInput.Span, inputFeatures, [], GemmBias.None, Activation.None, resolved);

        // ∂W (out, in) = ∂yᵀ (out, N) · x (N, in)
        GemmKernel.Multiply(
            outputFeatures, inputFeatures, batch, gradOutput.Span, 1, outputFeatures, input.Span, inputFeatures, 1,
            gradWeights.Span, inputFeatures, [], GemmBias.None, Activation.None, resolved);

        if (gradBias is not null)
        {
            gradBias.Span.Clear();
            for (var n = 0; n < batch; n++)
            {
                TensorPrimitives.Add(gradBias.Span, gradOutput.Span.Slice(n * outputFeatures, outputFeatures), gradBias.Span);
            }
        }
    }
}
