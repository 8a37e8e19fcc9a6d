using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// The pointwise (1×1) convolution that mixes channels in a depthwise-separable block: a matrix product per pixel,
/// run as one GEMM over the image. Weights may be (Cout, Cin, 1, 1) or simply (Cout, Cin).
/// </summary>
/// <remarks>
/// For weights that stay the same across calls (inference), <see cref="Prepare"/> copies and packs them once; the
/// static <c>Forward</c> methods repack them on every call where the layout needs a packed copy.
/// </remarks>
public static class PointwiseConv2d
{
    /// <summary>Convolves into a new tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="weights">(Cout, Cin, 1, 1) or (Cout, Cin).</param>
    /// <param name="bias">Optional (Cout).</param>
    /// <param name="activation">Fused activation; null means none.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Threading.Parallelism.DefaultThreadCount"/>.</param>
    /// <returns>(N, Cout, H, W) in the input's layout.</returns>
    /// <exception cref="ArgumentException">A tensor or setting is invalid; the message says which and what was expected.</exception>
    public static Tensor Forward(Tensor input, Tensor weights, Tensor? bias = null, Activation? activation = null, int threads = 0)
    {
        // input (N, Cin, H, W), weights (Cout, Cin, 1, 1), bias (Cout) → output (N, Cout, H, W)
        var problem = Validate(input, weights, bias, activation, threads);
        var output = problem.CreateOutput();
        problem.Run(input, weights, bias, output);
        return output;
    }

    /// <summary>Convolves into a caller-supplied tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="weights">(Cout, Cin, 1, 1) or (Cout, Cin).</param>
    /// <param name="bias">Optional (Cout).</param>
    /// <param name="output">(N, Cout, H, W) in the input's layout; overwritten.</param>
    /// <param name="activation">Fused activation; null means none.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Threading.Parallelism.DefaultThreadCount"/>.</param>
    /// <exception cref="ArgumentException">A tensor or setting is invalid; the message says which and what was expected.</exception>
    public static void Forward(Tensor input, Tensor weights, Tensor? bias, Tensor output, Activation? activation = null, int threads = 0)
    {
        // input (N, Cin, H, W), weights (Cout, Cin, 1, 1), bias (Cout) → output (N, Cout, H, W)
        var problem = Validate(input, weights, bias, activation, threads);
        problem.CheckOutput(output, input, weights);
        problem.Run(input, weights, bias, output);
    }

    /// <summary>Prepares a convolution with constant weights: validated, copied and (when a call first needs it) packed once.</summary>
    /// <param name="weights">(Cout, Cin, 1, 1) or (Cout, Cin); copied.</param>
    /// <param name="bias">Optional (Cout); copied.</param>
    /// <param name="activation">Fused activation; null means none.</param>
    /// <param name="threads">Worker threads per call; 0 means <see cref="Threading.Parallelism.DefaultThreadCount"/> at call time.</param>
    /// <returns>The plan; see <see cref="PointwiseConv2dPlan"/> for its thread-safety and allocation behaviour.</returns>
    /// <exception cref="ArgumentException">A tensor or setting is invalid; the message says which and what was expected.</exception>
    public static PointwiseConv2dPlan Prepare(Tensor weights, Tensor? bias = null, Activation? activation = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(weights);
        CheckWeights(weights);
        var outputChannels = weights.Shape[0];
        var inputChannels = weights.Shape[1];
        if (bias is not null && (bias.Rank != 1 || bias.Length != outputChannels))
        {
            throw new ArgumentException($"bias has shape {Tensor.FormatShape(bias.Shape)}; expected ({outputChannels}), one value per output channel.", nameof(bias));
        }

        if (threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"threads is {threads}; expected 0 (default) or at least 1.");
        }

        if (!PrepackedWeights.Fits(inputChannels, outputChannels, 1))
        {
            throw new ArgumentException($"weights {Tensor.FormatShape(weights.Shape)} are too large to pack; expected at most {Array.MaxLength} floats once padded.", nameof(weights));
        }

        return new PointwiseConv2dPlan(weights, bias, activation ?? Activation.None, threads);
    }

    /// <summary>The same convolution by the textbook formula (the definition the fast path is tested against).</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="weights">(Cout, Cin, 1, 1) or (Cout, Cin).</param>
    /// <param name="bias">Optional (Cout).</param>
    /// <param name="activation">Fused activation; null means none.</param>
    /// <param name="threads">Accepted for symmetry with <see cref="Forward(Tensor, Tensor, Tensor?, Activation?, int)"/>; the reference runs on one thread.</param>
    /// <returns>(N, Cout, H, W) in the input's layout.</returns>
    /// <exception cref="ArgumentException">A tensor or setting is invalid.</exception>
    public static Tensor Reference(Tensor input, Tensor weights, Tensor? bias = null, Activation? activation = null, int threads = 0)
    {
        // input (N, Cin, H, W), weights (Cout, Cin, 1, 1), bias (Cout) → output (N, Cout, H, W)
        return Validate(input, weights, bias, activation, threads).RunReference(input, weights, bias);
    }

    /// <summary>
    /// Gradients of a loss L with respect to the input, weights and bias of <see cref="Forward(Tensor, Tensor, Tensor?, Activation?, int)"/>
    /// (without activation), given ∂L/∂output: per image ∂x = Wᵀ · ∂y and ∂W += ∂y · xᵀ (NCHW), or over all pixels at once
    /// ∂x = ∂y · W and ∂W = ∂yᵀ · x (NHWC) — GEMMs whose results do not depend on the thread count.
    /// </summary>
    /// <param name="input">The forward's input, (N, Cin, H, W) or (N, H, W, Cin).</param>
    /// <param name="weights">The forward's weights, (Cout, Cin, 1, 1) or (Cout, Cin).</param>
    /// <param name="gradOutput">∂L/∂output, (N, Cout, H, W) in the input's layout.</param>
    /// <param name="computeBias">Whether to compute ∂L/∂bias.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Threading.Parallelism.DefaultThreadCount"/>.</param>
    /// <returns>∂L/∂input (input's layout), ∂L/∂weights (the weights' shape) and, if requested, ∂L/∂bias (Cout).</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout.</exception>
    public static Conv2dGradients Backward(Tensor input, Tensor weights, Tensor gradOutput, bool computeBias = true, int threads = 0)
    {
        // gradOutput (N, Cout, H, W), input (N, Cin, H, W), weights (Cout, Cin, 1, 1) → gradInput (N, Cin, H, W), gradWeights (Cout, Cin, 1, 1), gradBias (Cout)
        ArgumentNullException.ThrowIfNull(gradOutput);
        var problem = Validate(input, weights, null, null, threads);
        Conv2d.RequireGradOutput(problem, input, gradOutput);
        var gradWeights = new Tensor(weights.Shape);
        if (input.Layout == TensorLayout.Nchw)
        {
            var gradInput = Tensor.Image(problem.Batch, problem.InputChannels, input.Height, input.Width);
            Conv2d.BackwardNchw(problem, input, weights, gradOutput, gradInput, gradWeights);
            return new Conv2dGradients(gradInput, gradWeights, computeBias ? Conv2d.BiasGradient(gradOutput, problem.Threads) : null);
        }

        // Channels-last: the tensors are (pixels, channels) matrices as they lie.
        var rows = checked(problem.Batch * input.Height * input.Width);
        var inputChannels = problem.InputChannels;
        var outputChannels = problem.OutputChannels;
        var nhwcGradInput = new Tensor(input.Shape, TensorLayout.Nhwc);
        GemmKernel.Multiply(
            rows, inputChannels, outputChannels, gradOutput.Span, outputChannels, 1, weights.Span, inputChannels, 1,
            nhwcGradInput.Span, inputChannels, [], GemmBias.None, Activation.None, problem.Threads);
        GemmKernel.Multiply(
            outputChannels, inputChannels, rows, gradOutput.Span, 1, outputChannels, input.Span, inputChannels, 1,
            gradWeights.Span, inputChannels, [], GemmBias.None, Activation.None, problem.Threads);
        Tensor? gradBias = null;
        if (computeBias)
        {
            gradBias = new Tensor([outputChannels]);
            for (var row = 0; row < rows; row++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gradBias.Span, gradOutput.Span.Slice(row * outputChannels, outputChannels), gradBias.Span);
            }
        }

        return new Conv2dGradients(nhwcGradInput, gradWeights, gradBias);
    }

    /// <summary>
    /// <see cref="Backward"/> into caller-owned tensors (overwritten): a training module's buffers, reused every step. A
    /// null <paramref name="gradInput"/> skips ∂L/∂input (NCHW; a network's first layer).
    /// </summary>
    internal static void BackwardInto(Tensor input, Tensor weights, Tensor gradOutput, Tensor? gradInput, Tensor gradWeights, Tensor? gradBias, int threads = 0)
    {
        // gradOutput (N, Cout, H, W), input (N, Cin, H, W), weights (Cout, Cin, 1, 1) → gradInput (N, Cin, H, W), gradWeights (Cout, Cin, 1, 1), gradBias (Cout)
        ArgumentNullException.ThrowIfNull(gradOutput);
        var problem = Validate(input, weights, null, null, threads);
        Conv2d.RequireGradOutput(problem, input, gradOutput);
        if (input.Layout != TensorLayout.Nchw)
        {
            var gradients = Backward(input, weights, gradOutput, gradBias is not null, threads);
            if (gradInput is not null)
            {
                gradients.GradInput.Span.CopyTo(gradInput.Span);
            }

            gradients.GradWeights.Span.CopyTo(gradWeights.Span);
            gradients.GradBias?.Span.CopyTo(gradBias!.Span);
            return;
        }

        Conv2d.BackwardNchw(problem, input, weights, gradOutput, gradInput, gradWeights);
        if (gradBias is not null)
        {
            Conv2d.BiasGradientInto(gradOutput, problem.Threads, gradBias);
        }
    }

    private static Conv2dProblem Validate(Tensor input, Tensor weights, Tensor? bias, Activation? activation, int threads)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weights);
        input.RequireRank4(nameof(input));
        CheckWeights(weights);
        var shape = weights.Shape;
        return Conv2dProblem.Create(
            input, shape, shape[0], shape[1], new Size2D(1, 1), bias, groups: 1,
            stride: 1, dilation: 1, Padding.Valid, activation ?? Activation.None, threads, nameof(threads));
    }

    private static void CheckWeights(Tensor weights)
    {
        var shape = weights.Shape;
        if (weights.Rank != 2 && weights.Rank != 4)
        {
            throw new ArgumentException(
                $"weights has shape {Tensor.FormatShape(shape)}; expected (Cout, Cin, 1, 1) or (Cout, Cin).", nameof(weights));
        }

        if (weights.Rank == 4 && (shape[2] != 1 || shape[3] != 1))
        {
            throw new ArgumentException(
                $"weights has shape {Tensor.FormatShape(shape)}, a {shape[2]}x{shape[3]} kernel; a pointwise convolution expects 1x1 (use Conv2d for larger kernels).",
                nameof(weights));
        }
    }
}
