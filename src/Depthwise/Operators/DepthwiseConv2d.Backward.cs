using System.Runtime.Intrinsics;
using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

// The backward pass: gradients with respect to input, weights and bias given the gradient with respect to the output.
public static partial class DepthwiseConv2d
{
    /// <summary>
    /// Gradients of a loss L with respect to the input, weights and bias of <see cref="Forward(Tensor, Tensor, Tensor?, Conv2dOptions?)"/>,
    /// given ∂L/∂output. The result does not depend on the thread count.
    /// </summary>
    /// <param name="input">The forward's input, (N, C, H, W) or (N, H, W, C).</param>
    /// <param name="weights">The forward's weights, (C·M, 1, kH, kW).</param>
    /// <param name="gradOutput">∂L/∂output, (N, C·M, Ho, Wo) in the input's layout.</param>
    /// <param name="options">The forward's stride, dilation, padding and threads; the activation must be none (apply its derivative to <paramref name="gradOutput"/> first).</param>
    /// <param name="computeBias">Whether to compute ∂L/∂bias (the sum of <paramref name="gradOutput"/> per channel).</param>
    /// <returns>∂L/∂input, ∂L/∂weights and, if requested, ∂L/∂bias.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout, or an option is out of range.</exception>
    public static DepthwiseConv2dGradients Backward(Tensor input, Tensor weights, Tensor gradOutput, Conv2dOptions? options = null, bool computeBias = true)
    {
        // gradOutput (N, C*M, Ho, Wo), input (N, C, H, W), weights (C*M, 1, kH, kW) → gradInput (N, C, H, W), gradWeights (C*M, 1, kH, kW), gradBias (C*M)
        var problem = ValidateBackward(input, weights, gradOutput, options);
        var gradients = AllocateGradients(input, weights, problem, computeBias);
        Compute(input, weights, gradOutput, gradients, problem);
        return gradients;
    }

    /// <summary>
    /// Computes the gradients of <see cref="Backward(Tensor, Tensor, Tensor, Conv2dOptions?, bool)"/> into caller-provided
    /// tensors, overwriting them: nothing is allocated beyond validation once the calling threads'
    /// scratch has grown, which a training loop calling the same layer every step wants (a fresh 14 MB gradient per call
    /// costs as much in page faults as the computation). The bits are the same as the allocating form's.
    /// </summary>
    /// <param name="input">The forward's input, (N, C, H, W) or (N, H, W, C).</param>
    /// <param name="weights">The forward's weights, (C·M, 1, kH, kW).</param>
    /// <param name="gradOutput">∂L/∂output, (N, C·M, Ho, Wo) in the input's layout.</param>
    /// <param name="gradients">
    /// Destinations: GradInput shaped and laid out like <paramref name="input"/>, GradWeights shaped like
    /// <paramref name="weights"/>, GradBias (C·M) or null to skip the bias gradient; none may share memory with the inputs or each other.
    /// </param>
    /// <param name="options">The forward's stride, dilation, padding and threads; the activation must be none.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout, shares memory it must not, or an option is out of range.</exception>
    public static void BackwardInto(Tensor input, Tensor weights, Tensor gradOutput, DepthwiseConv2dGradients gradients, Conv2dOptions? options = null)
    {
        // gradOutput (N, C*M, Ho, Wo), input (N, C, H, W), weights (C*M, 1, kH, kW) → gradInput (N, C, H, W), gradWeights (C*M, 1, kH, kW), gradBias (C*M)
        var problem = ValidateBackward(input, weights, gradOutput, options);
        ValidateGradients(input, weights, gradOutput, gradients, problem);
        Compute(input, weights, gradOutput, gradients, problem);
    }

    /// <summary>
    /// The scalar reference backward pass: the chain rule one product at a time. Slow; for learners and for testing
    /// <see cref="Backward(Tensor, Tensor, Tensor, Conv2dOptions?, bool)"/>. Validates exactly like it.
    /// </summary>
    /// <param name="input">The forward's input, (N, C, H, W) or (N, H, W, C).</param>
    /// <param name="weights">The forward's weights, (C·M, 1, kH, kW).</param>
    /// <param name="gradOutput">∂L/∂output, (N, C·M, Ho, Wo) in the input's layout.</param>
    /// <param name="options">The forward's stride, dilation, padding; the activation must be none.</param>
    /// <param name="computeBias">Whether to compute ∂L/∂bias.</param>
    /// <returns>∂L/∂input, ∂L/∂weights and, if requested, ∂L/∂bias.</returns>
    /// <exception cref="ArgumentException">Same conditions as <see cref="Backward(Tensor, Tensor, Tensor, Conv2dOptions?, bool)"/>.</exception>
    public static DepthwiseConv2dGradients BackwardReference(Tensor input, Tensor weights, Tensor gradOutput, Conv2dOptions? options = null, bool computeBias = true)
    {
        // gradOutput (N, C*M, Ho, Wo), input (N, C, H, W), weights (C*M, 1, kH, kW) → gradInput (N, C, H, W), gradWeights (C*M, 1, kH, kW), gradBias (C*M)
        var problem = ValidateBackward(input, weights, gradOutput, options);
        var gradients = AllocateGradients(input, weights, problem, computeBias);
        DepthwiseConvBackwardReference.Backward(
            gradOutput.Span,
            input.Span,
            weights.Span,
            gradients.GradInput.Span,
            gradients.GradWeights.Span,
            gradients.GradBias is null ? default : gradients.GradBias.Span,
            input.Layout,
            input.Batch,
            input.Channels,
            problem.DepthMultiplier,
            problem.Geometry);
        return gradients;
    }

    private static DepthwiseConvProblem ValidateBackward(Tensor input, Tensor weights, Tensor gradOutput, Conv2dOptions? options)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var problem = Validate(input, weights, bias: null, options);
        if (problem.Activation.Kind != ActivationKind.None)
        {
            throw new ArgumentException(
                $"options.Activation is {problem.Activation}; expected none: multiply gradOutput by the activation's derivative first, then pass the options without it.",
                nameof(options));
        }

        var geometry = problem.Geometry;
        ReadOnlySpan<int> expected = input.Layout == TensorLayout.Nchw
            ? [input.Batch, problem.OutputChannels, geometry.OutputHeight, geometry.OutputWidth]
            : [input.Batch, geometry.OutputHeight, geometry.OutputWidth, problem.OutputChannels];
        if (gradOutput.Layout != input.Layout || !gradOutput.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"gradOutput is {gradOutput}; expected the forward output's shape {Tensor.FormatShape(expected)} in the input's layout {input.Layout}.", nameof(gradOutput));
        }

        return problem;
    }

    private static void ValidateGradients(Tensor input, Tensor weights, Tensor gradOutput, DepthwiseConv2dGradients gradients, in DepthwiseConvProblem problem)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        var (gradInput, gradWeights, gradBias) = gradients;
        if (gradInput is null || gradInput.Layout != input.Layout || !gradInput.Shape.SequenceEqual(input.Shape))
        {
            throw new ArgumentException(
                $"gradients.GradInput is {gradInput?.ToString() ?? "null"}; expected the input's shape {Tensor.FormatShape(input.Shape)} in its layout {input.Layout}.", nameof(gradients));
        }

        if (gradWeights is null || !gradWeights.Shape.SequenceEqual(weights.Shape))
        {
            throw new ArgumentException(
                $"gradients.GradWeights is {gradWeights?.ToString() ?? "null"}; expected the weights' shape {Tensor.FormatShape(weights.Shape)}.", nameof(gradients));
        }

        if (gradBias is not null && (gradBias.Rank != 1 || gradBias.Shape[0] != problem.OutputChannels))
        {
            throw new ArgumentException($"gradients.GradBias is {gradBias}; expected ({problem.OutputChannels}) or null.", nameof(gradients));
        }

        Span<Tensor?> outputs = [gradInput, gradWeights, gradBias];
        for (var i = 0; i < outputs.Length; i++)
        {
            var output = outputs[i];
            if (output is null)
            {
                continue;
            }

            var shared = output.Span.Overlaps(input.Span) || output.Span.Overlaps(weights.Span) || output.Span.Overlaps(gradOutput.Span);
            for (var j = i + 1; j < outputs.Length; j++)
            {
                shared |= outputs[j] is { } other && output.Span.Overlaps(other.Span);
            }

            if (shared)
            {
                throw new ArgumentException("gradients shares memory with input, weights, gradOutput or another gradient; expected separate tensors.", nameof(gradients));
            }
        }
    }

    private static DepthwiseConv2dGradients AllocateGradients(Tensor input, Tensor weights, in DepthwiseConvProblem problem, bool computeBias) =>
        new(
            Tensor.Image(input.Batch, input.Channels, input.Height, input.Width, input.Layout),
            new Tensor(weights.Shape),
            computeBias ? new Tensor([problem.OutputChannels]) : null);

    // One work item per (image, band of rows, block of input channels; or image and channel for the planar body); the weight and bias gradients are its partial sums added image by image.
    private static unsafe void Compute(Tensor input, Tensor weights, Tensor gradOutput, DepthwiseConv2dGradients gradients, in DepthwiseConvProblem problem)
    {
        var geometry = problem.Geometry;
        var channels = problem.Channels;
        var multiplier = problem.DepthMultiplier;
        var planar = input.Layout == TensorLayout.Nchw;
        var body = DepthwiseBackwardJob.BodyFor(geometry, planar, multiplier);

        // The blocked bodies put a block of channels in a register; the planar one has blocks of one channel and
        // registers of columns.
        var lanes = DepthwiseBackwardJob.IsPlanar(body) ? 1 : SimdWidth.For(channels);
        var registerWidth = DepthwiseBackwardJob.IsPlanar(body) ? SimdWidth.For(geometry.InputWidth) : lanes;
        var taps = geometry.Taps;
        var batch = problem.Batch;
        var blocks = DepthwiseConvKernel.Blocks(channels, lanes);
        var weightsLength = (nint)DepthwiseConvKernel.PackedBlocks(channels, lanes) * multiplier * taps * lanes;
        var bands = DepthwiseBackwardJob.IsPlanar(body)
            ? 1
            : new DepthwiseBackwardPlanes(geometry, lanes, multiplier, DepthwiseBackwardJob.ChannelsLastRowFloats(geometry, planar, channels)).Bands;
        var partialLength = multiplier * (taps + 1) * lanes;
        var partialsLength = (nint)batch * bands * blocks * partialLength;
        var packed = DepthwiseScratch.Packing(weightsLength + partialsLength);
        var partials = packed + weightsLength;
        DepthwiseBackwardBlockedKernel.PackWeights(weights.Span, channels, multiplier, taps, lanes, new Span<float>(packed, (int)weightsLength));
        var multiplyAdds = 2L * batch * problem.OutputChannels * geometry.OutputPixels * taps;
        var threads = multiplyAdds < DepthwiseConvProblem.SingleThreadMultiplyAdds ? 1 : problem.Threads;
        fixed (float* inputStart = input.Span)
        fixed (float* gradOutputStart = gradOutput.Span)
        fixed (float* gradInputStart = gradients.GradInput.Span)
        {
            var job = new DepthwiseBackwardJob(inputStart, gradOutputStart, gradInputStart, packed, partials, planar, batch, geometry, channels, multiplier, lanes, body);
            switch (registerWidth)
            {
                case 16:
                    RunBackward<SimdFloat512, Vector512<float>>(job, threads);
                    break;
                case 8:
                    RunBackward<SimdFloat256, Vector256<float>>(job, threads);
                    break;
                case 4:
                    RunBackward<SimdFloat128, Vector128<float>>(job, threads);
                    break;
                default:
                    RunBackward<SimdFloatScalar, float>(job, threads);
                    break;
            }
        }

        // Image by image and band by band in order, whatever thread computed each partial sum. Lane l, multiple m of a block is output
        // channel (first + l)·M + m.
        var gradWeights = gradients.GradWeights.Span;
        var gradBias = gradients.GradBias is null ? default : gradients.GradBias.Span;
        var biasOffset = multiplier * taps * lanes;
        for (var block = 0; block < blocks; block++)
        {
            var firstChannel = !planar && block == blocks - 1 && channels % lanes != 0 ? channels - lanes : block * lanes;
            for (var lane = 0; lane < lanes && firstChannel + lane < channels; lane++)
            {
                for (var multiple = 0; multiple < multiplier; multiple++)
                {
                    var outputChannel = ((firstChannel + lane) * multiplier) + multiple;
                    for (var tap = 0; tap <= taps; tap++)
                    {
                        var offset = tap < taps ? (((multiple * taps) + tap) * lanes) + lane : biasOffset + (multiple * lanes) + lane;
                        var sum = 0f;
                        for (var imageBand = 0; imageBand < batch * bands; imageBand++)
                        {
                            sum += partials[(((nint)imageBand * blocks) + block) * partialLength + offset];
                        }

                        if (tap < taps)
                        {
                            gradWeights[(outputChannel * taps) + tap] = sum;
                        }
                        else if (!gradBias.IsEmpty)
                        {
                            gradBias[outputChannel] = sum;
                        }
                    }
                }
            }
        }
    }

    private static void RunBackward<TSimd, TVector>(in DepthwiseBackwardJob job, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        if (DepthwiseBackwardJob.IsPlanar(job.Body))
        {
            var planarWork = new DepthwiseBackwardPlanarWork<TSimd, TVector>(job);
            Parallelism.For(job.Items, threads, ref planarWork);
        }
        else
        {
            var work = new DepthwiseBackwardWork<TSimd, TVector>(job);
            Parallelism.For(job.Items, threads, ref work);
        }
    }
}
