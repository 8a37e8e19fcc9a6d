using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Operators;

// The backward pass: gradients with respect to input, weights and bias given the gradient with respect to the output.
public static partial class Conv2d
{
    // The batch is cut into at most this many runs of images, independent of the thread count; each run sums its own
    // weight gradient and the runs are added in order, so the result is the same for any number of threads.
    private const int BackwardImageRuns = 8;

    /// <summary>
    /// Gradients of a loss L with respect to the input, weights and bias of <see cref="Forward(Tensor, Tensor, Tensor?, int, Conv2dOptions?)"/>,
    /// given ∂L/∂output. Depthwise cases (g = Cin &gt; 1, one input channel per group) run <see cref="DepthwiseConv2d.Backward"/>;
    /// the rest (a single input channel included) run im2col + GEMM per image (channels-last tensors are converted to NCHW and back). The result does not
    /// depend on the thread count.
    /// </summary>
    /// <param name="input">The forward's input, (N, Cin, H, W) or (N, H, W, Cin).</param>
    /// <param name="weights">The forward's weights, (Cout, Cin/g, kH, kW).</param>
    /// <param name="gradOutput">∂L/∂output, (N, Cout, Ho, Wo) in the input's layout.</param>
    /// <param name="groups">The forward's groups g.</param>
    /// <param name="options">The forward's stride, dilation, padding and threads; the activation must be none (apply its derivative to <paramref name="gradOutput"/> first, <see cref="ActivationGradient"/>).</param>
    /// <param name="computeBias">Whether to compute ∂L/∂bias (the sum of <paramref name="gradOutput"/> per channel).</param>
    /// <returns>∂L/∂input (input's layout), ∂L/∂weights and, if requested, ∂L/∂bias.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout, an option is invalid, or one image's column matrix would not fit an array.</exception>
    /// <remarks>
    /// Scratch, kept per thread and reused (grow-only): two column matrices of one whole image and group,
    /// 2 · (Cin/g · kH · kW) · Ho · Wo floats, plus one group's weight gradient, per run of images in flight.
    /// </remarks>
    public static Conv2dGradients Backward(Tensor input, Tensor weights, Tensor gradOutput, int groups = 1, Conv2dOptions? options = null, bool computeBias = true)
    {
        // gradOutput (N, Cout, Ho, Wo), input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW) → gradInput (N, Cin, H, W), gradWeights (Cout, Cin/g, kH, kW), gradBias (Cout)
        var problem = ValidateBackward(input, weights, gradOutput, groups, options);
        // A single input channel (the first layer of a grayscale network) is formally depthwise with M = Cout, but its
        // backward is a pair of well-shaped GEMMs: measured 8 ms against 35 ms for 1 → 32, 3×3, 64 × 28², one thread.
        if (problem.Groups == problem.InputChannels && weights.Shape[1] == 1 && problem.InputChannels > 1)
        {
            var depthwise = DepthwiseConv2d.Backward(input, weights, gradOutput, options, computeBias);
            return new Conv2dGradients(depthwise.GradInput, depthwise.GradWeights, depthwise.GradBias);
        }

        var nchwInput = input.Layout == TensorLayout.Nchw ? input : input.ToLayout(TensorLayout.Nchw);
        var nchwGradOutput = gradOutput.Layout == TensorLayout.Nchw ? gradOutput : gradOutput.ToLayout(TensorLayout.Nchw);
        var gradInput = Tensor.Image(problem.Batch, problem.InputChannels, input.Height, input.Width);
        var gradWeights = new Tensor(weights.Shape);
        BackwardNchw(problem, nchwInput, weights, nchwGradOutput, gradInput, gradWeights);
        var gradBias = computeBias ? BiasGradient(nchwGradOutput, problem.Threads) : null;
        return new Conv2dGradients(input.Layout == TensorLayout.Nchw ? gradInput : gradInput.ToLayout(input.Layout), gradWeights, gradBias);
    }

    /// <summary>
    /// <see cref="Backward"/> into caller-owned tensors (overwritten): a training module's buffers, reused every step.
    /// A null <paramref name="gradInput"/> skips ∂L/∂input where that saves work (a network's first layer, whose input is data).
    /// </summary>
    internal static void BackwardInto(
        Tensor input, Tensor weights, Tensor gradOutput, Tensor? gradInput, Tensor gradWeights, Tensor? gradBias, int groups = 1, Conv2dOptions? options = null)
    {
        // gradOutput (N, Cout, Ho, Wo), input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW) → gradInput (N, Cin, H, W), gradWeights (Cout, Cin/g, kH, kW), gradBias (Cout)
        var problem = ValidateBackward(input, weights, gradOutput, groups, options);
        if (problem.Groups == problem.InputChannels && weights.Shape[1] == 1 && problem.InputChannels > 1)
        {
            var depthwiseGradInput = gradInput ?? new Tensor(input.Shape, input.Layout);
            DepthwiseConv2d.BackwardInto(input, weights, gradOutput, new DepthwiseConv2dGradients(depthwiseGradInput, gradWeights, gradBias), options);
            return;
        }

        if (input.Layout != TensorLayout.Nchw)
        {
            var gradients = Backward(input, weights, gradOutput, groups, options, gradBias is not null);
            if (gradInput is not null)
            {
                gradients.GradInput.Span.CopyTo(gradInput.Span);
            }

            gradients.GradWeights.Span.CopyTo(gradWeights.Span);
            gradients.GradBias?.Span.CopyTo(gradBias!.Span);
            return;
        }

        BackwardNchw(problem, input, weights, gradOutput, gradInput, gradWeights);
        if (gradBias is not null)
        {
            BiasGradientInto(gradOutput, problem.Threads, gradBias);
        }
    }

    /// <summary>
    /// The scalar reference backward pass: the chain rule one product at a time. Slow; for learners and for testing
    /// <see cref="Backward"/>. Validates exactly like it.
    /// </summary>
    /// <param name="input">The forward's input, (N, Cin, H, W) or (N, H, W, Cin).</param>
    /// <param name="weights">The forward's weights, (Cout, Cin/g, kH, kW).</param>
    /// <param name="gradOutput">∂L/∂output, (N, Cout, Ho, Wo) in the input's layout.</param>
    /// <param name="groups">The forward's groups g.</param>
    /// <param name="options">The forward's stride, dilation, padding; the activation must be none.</param>
    /// <param name="computeBias">Whether to compute ∂L/∂bias.</param>
    /// <returns>∂L/∂input, ∂L/∂weights and, if requested, ∂L/∂bias.</returns>
    /// <exception cref="ArgumentException">Same conditions as <see cref="Backward"/>.</exception>
    public static Conv2dGradients BackwardReference(Tensor input, Tensor weights, Tensor gradOutput, int groups = 1, Conv2dOptions? options = null, bool computeBias = true)
    {
        // gradOutput (N, Cout, Ho, Wo), input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW) → gradInput (N, Cin, H, W), gradWeights (Cout, Cin/g, kH, kW), gradBias (Cout)
        var problem = ValidateBackward(input, weights, gradOutput, groups, options);
        var nchwInput = input.ToLayout(TensorLayout.Nchw);
        var nchwGradOutput = gradOutput.ToLayout(TensorLayout.Nchw);
        var gradInput = Tensor.Image(problem.Batch, problem.InputChannels, input.Height, input.Width);
        var gradWeights = new Tensor(weights.Shape);
        var gradBias = computeBias ? new Tensor([problem.OutputChannels]) : null;
        GroupedConvBackwardReference.Backward(
            nchwGradOutput.Span, nchwInput.Span, weights.Span, gradInput.Span, gradWeights.Span, gradBias is null ? default : gradBias.Span,
            problem.Batch, problem.InputChannels, problem.OutputChannels, problem.Groups, problem.Geometry);
        return new Conv2dGradients(gradInput.ToLayout(input.Layout), gradWeights, gradBias);
    }

    private static Conv2dProblem ValidateBackward(Tensor input, Tensor weights, Tensor gradOutput, int groups, Conv2dOptions? options)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var problem = Validate(input, weights, null, groups, options);
        if (problem.Activation.Kind != ActivationKind.None)
        {
            throw new ArgumentException(
                $"options.Activation is {problem.Activation}; expected none: multiply gradOutput by the activation's derivative first (ActivationGradient.Backward), then pass the options without it.",
                nameof(options));
        }

        RequireGradOutput(problem, input, gradOutput);
        var scratch = GroupedConvBackwardKernel.ScratchLength(problem.InputChannels, problem.OutputChannels, problem.Groups, problem.Geometry);
        if (scratch > Array.MaxLength)
        {
            throw new ArgumentException(
                $"one image's column matrices need {scratch} floats; expected at most {Array.MaxLength}: split the image or reduce Cin/g·kH·kW.", nameof(input));
        }

        return problem;
    }

    // The gradient must have the forward output's shape, in the input's layout.
    internal static void RequireGradOutput(in Conv2dProblem problem, Tensor input, Tensor gradOutput)
    {
        var geometry = problem.Geometry;
        ReadOnlySpan<int> expected = input.Layout == TensorLayout.Nchw
            ? [problem.Batch, problem.OutputChannels, geometry.OutputHeight, geometry.OutputWidth]
            : [problem.Batch, geometry.OutputHeight, geometry.OutputWidth, problem.OutputChannels];
        if (gradOutput.Layout != input.Layout || !gradOutput.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"gradOutput is {gradOutput}; expected the forward output's shape {Tensor.FormatShape(expected)} in the input's layout {input.Layout}.", nameof(gradOutput));
        }
    }

    // NCHW tensors: each run of images owns its slice of gradInput and its own weight-gradient sum. A one-group 1×1
    // convolution computes ∂in with PointwiseConvBackwardKernel (a pointwise convolution of ∂out_n with Wᵀ, in its best
    // orientation), image by image right after ∂W's GEMM, while ∂out_n is still in cache.
    internal static void BackwardNchw(in Conv2dProblem problem, Tensor input, Tensor weights, Tensor gradOutput, Tensor? gradInput, Tensor gradWeights)
    {
        var geometry = problem.Geometry;
        var batch = problem.Batch;
        var inputImage = problem.InputChannels * geometry.InputHeight * geometry.InputWidth;
        var outputImage = problem.OutputChannels * (int)geometry.OutputPixels;
        var weightLength = weights.Length;
        var scratchLength = checked((int)GroupedConvBackwardKernel.ScratchLength(problem.InputChannels, problem.OutputChannels, problem.Groups, geometry));
        var runs = Math.Min(batch, BackwardImageRuns);
        var threads = problem.Threads;
        var pointwise = problem.Groups == 1 && GroupedConvKernel.IsPointwise(geometry);

        // One run: the GEMMs may use every thread themselves (their results do not depend on it).
        var gemmThreads = runs == 1 ? threads : 1;
        var partials = runs == 1 ? [] : ConvBackwardScratch.RunSums(checked((runs - 1) * weightLength));
        var transposed = false;
        var pointwiseWeights = pointwise && gradInput is not null
            ? PointwiseConvBackwardKernel.PrepareWeights(weights.Span, problem.InputChannels, problem.OutputChannels, (int)geometry.OutputPixels, out transposed)
            : default;
        var (inputs, outputs, weightValues, grads, weightGrads, partialSums) = (input, gradOutput, weights, gradInput, gradWeights, partials);
        var problemCopy = problem;
        Parallelism.For(runs, threads, run =>
        {
            var sum = run == 0 ? weightGrads.Span : partialSums.AsSpan((run - 1) * weightLength, weightLength);
            sum.Clear();
            var scratch = ConvBackwardScratch.Image(scratchLength);
            for (var n = run * batch / runs; n < (run + 1) * batch / runs; n++)
            {
                GroupedConvBackwardKernel.AccumulateImage(
                    outputs.Span.Slice(n * outputImage, outputImage),
                    inputs.Span.Slice(n * inputImage, inputImage),
                    weightValues.Span,
                    grads is null || pointwise ? default : grads.Span.Slice(n * inputImage, inputImage),
                    sum,
                    scratch,
                    problemCopy.InputChannels,
                    problemCopy.OutputChannels,
                    problemCopy.Groups,
                    problemCopy.Geometry,
                    gemmThreads);
                if (pointwise && grads is not null)
                {
                    PointwiseConvBackwardKernel.ImageInputGradient(
                        outputs.Span, pointwiseWeights, grads.Span, n, problemCopy.InputChannels, problemCopy.OutputChannels,
                        (int)problemCopy.Geometry.OutputPixels, transposed, gemmThreads);
                }
            }
        });

        for (var run = 1; run < runs; run++)
        {
            TensorPrimitives.Add(gradWeights.Span, partials.AsSpan((run - 1) * weightLength, weightLength), gradWeights.Span);
        }
    }

    // gradOutput (N, C, Ho, Wo) NCHW → gradBias (C): each channel summed by one thread, images in order.
    internal static Tensor BiasGradient(Tensor gradOutput, int threads)
    {
        var gradBias = new Tensor([gradOutput.Channels]);
        BiasGradientInto(gradOutput, threads, gradBias);
        return gradBias;
    }

    // gradOutput (N, C, Ho, Wo) NCHW → gradBias (C), overwritten.
    internal static void BiasGradientInto(Tensor gradOutput, int threads, Tensor gradBias)
    {
        var batch = gradOutput.Batch;
        var channels = gradOutput.Channels;
        var pixels = gradOutput.Height * gradOutput.Width;
        Parallelism.For(channels, (long)gradOutput.Length >= 1 << 16 ? threads : 1, channel =>
        {
            var sum = 0f;
            for (var n = 0; n < batch; n++)
            {
                sum += TensorPrimitives.Sum(gradOutput.Span.Slice(((n * channels) + channel) * pixels, pixels));
            }

            gradBias.Span[channel] = sum;
        });
    }
}
