using System.Buffers;
using System.Runtime.Intrinsics;
using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

// The backward pass: gradients with respect to input, weights and bias given the gradient with respect to the output.
public static partial class DepthwiseConv2d
{
    // Output channels per work item of the channels-last weight gradient: a multiple of every register width.
    private const int NhwcChannelBlock = 16;

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
    /// tensors, overwriting them: with depth multiplier 1 nothing is allocated beyond validation once the calling threads'
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

    private static void Compute(Tensor input, Tensor weights, Tensor gradOutput, DepthwiseConv2dGradients gradients, in DepthwiseConvProblem problem)
    {
        var dimensions = new DepthwiseConvDimensions(problem.Geometry, input.Channels, problem.DepthMultiplier);
        if (UsesBlockedBackward(problem))
        {
            BackwardBlocked(input, weights, gradOutput, gradients, problem);
        }
        else if (input.Layout == TensorLayout.Nhwc)
        {
            BackwardNhwc(input, weights, gradOutput, gradients, dimensions, problem.Threads);
        }
        else
        {
            BackwardNchw(input, weights, gradOutput, gradients, dimensions, problem.Threads);
        }
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

    // Depth multiplier 1 with planes that fit the per-thread scratch: the channel-blocked kernels. Other multipliers
    // (each input gradient sums several output channels) and giant images take the plane-by-plane kernels below.
    private static bool UsesBlockedBackward(in DepthwiseConvProblem problem) =>
        problem.DepthMultiplier == 1
        && new DepthwiseBackwardPlanes(problem.Geometry, problem.Lanes).Floats <= DepthwiseBackwardPlanes.MaximumFloats;

    // One work item per (image, channel block); the weight and bias gradients are its partial sums added image by image.
    private static unsafe void BackwardBlocked(Tensor input, Tensor weights, Tensor gradOutput, DepthwiseConv2dGradients gradients, in DepthwiseConvProblem problem)
    {
        var geometry = problem.Geometry;
        var channels = problem.Channels;
        var lanes = problem.Lanes;
        var taps = geometry.Taps;
        var batch = problem.Batch;
        var packedBlocks = DepthwiseConvKernel.PackedBlocks(channels, lanes);
        var blocks = DepthwiseConvKernel.Blocks(channels, lanes);
        var weightsLength = packedBlocks * taps * lanes;
        var biasLength = packedBlocks * lanes;
        var partialLength = (taps + 1) * lanes;
        var partialsLength = (nint)batch * blocks * partialLength;
        var packed = DepthwiseScratch.Packing(weightsLength + biasLength + partialsLength);
        var partials = packed + weightsLength + biasLength;
        DepthwiseConvKernel.PackWeights(weights.Span, default, channels, taps, lanes, new Span<float>(packed, weightsLength), new Span<float>(packed + weightsLength, biasLength));
        var multiplyAdds = 2L * batch * channels * geometry.OutputPixels * taps;
        var threads = multiplyAdds < DepthwiseConvProblem.SingleThreadMultiplyAdds ? 1 : problem.Threads;
        var planar = input.Layout == TensorLayout.Nchw;
        fixed (float* inputStart = input.Span)
        fixed (float* gradOutputStart = gradOutput.Span)
        fixed (float* gradInputStart = gradients.GradInput.Span)
        {
            var job = new DepthwiseBackwardJob(inputStart, gradOutputStart, gradInputStart, packed, partials, planar, batch, geometry, channels, lanes);
            switch (lanes)
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

        // Image by image in order, whatever thread computed each partial sum.
        var gradWeights = gradients.GradWeights.Span;
        var gradBias = gradients.GradBias is null ? default : gradients.GradBias.Span;
        for (var block = 0; block < blocks; block++)
        {
            var firstChannel = !planar && block == blocks - 1 && channels % lanes != 0 ? channels - lanes : block * lanes;
            for (var lane = 0; lane < lanes && firstChannel + lane < channels; lane++)
            {
                var channel = firstChannel + lane;
                for (var tap = 0; tap <= taps; tap++)
                {
                    var sum = 0f;
                    for (var image = 0; image < batch; image++)
                    {
                        sum += partials[(((nint)image * blocks) + block) * partialLength + (tap * lanes) + lane];
                    }

                    if (tap < taps)
                    {
                        gradWeights[(channel * taps) + tap] = sum;
                    }
                    else if (!gradBias.IsEmpty)
                    {
                        gradBias[channel] = sum;
                    }
                }
            }
        }
    }

    private static void RunBackward<TSimd, TVector>(in DepthwiseBackwardJob job, int threads)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var work = new DepthwiseBackwardWork<TSimd, TVector>(job);
        Parallelism.For(job.Items, threads, ref work);
    }

    // gradInput work item = one input plane (n, c); weight work item = one output channel.
    private static void BackwardNchw(Tensor input, Tensor weights, Tensor gradOutput, DepthwiseConv2dGradients gradients, DepthwiseConvDimensions dimensions, int threads)
    {
        var geometry = dimensions.Geometry;
        var channels = dimensions.Channels;
        var multiplier = dimensions.DepthMultiplier;
        var taps = geometry.Taps;
        var inputPlane = geometry.InputHeight * geometry.InputWidth;
        var outputPlanes = multiplier * geometry.OutputHeight * geometry.OutputWidth;
        Parallelism.For(input.Batch * channels, threads, item =>
        {
            var channel = item % channels;
            var n = item / channels;
            DepthwiseConvBackwardKernel.NchwGradInputPlane(
                gradOutput.Span.Slice(((n * channels) + channel) * outputPlanes, outputPlanes),
                weights.Span.Slice(channel * multiplier * taps, multiplier * taps),
                gradients.GradInput.Span.Slice(item * inputPlane, inputPlane),
                geometry,
                multiplier);
        });

        var gradBias = gradients.GradBias;
        var padded = geometry.Stride.Width == 1;
        var scratchLength = padded ? DepthwiseConvBackwardKernel.NchwPaddedScratchLength(geometry) : (taps + 1) * SimdWidth.Widest;
        Parallelism.For(dimensions.OutputChannels, threads, outputChannel =>
        {
            var scratch = ArrayPool<float>.Shared.Rent(scratchLength);
            try
            {
                if (padded)
                {
                    DepthwiseConvBackwardKernel.NchwGradWeightsChannelPadded(
                        gradOutput.Span,
                        input.Span,
                        gradients.GradWeights.Span.Slice(outputChannel * taps, taps),
                        gradBias is null ? default : gradBias.Span.Slice(outputChannel, 1),
                        scratch.AsSpan(0, scratchLength),
                        geometry,
                        input.Batch,
                        channels,
                        multiplier,
                        outputChannel);
                }
                else
                {
                    DepthwiseConvBackwardKernel.NchwGradWeightsChannel(
                        gradOutput.Span,
                        input.Span,
                        gradients.GradWeights.Span.Slice(outputChannel * taps, taps),
                        gradBias is null ? default : gradBias.Span.Slice(outputChannel, 1),
                        scratch,
                        geometry,
                        input.Batch,
                        channels,
                        multiplier,
                        outputChannel);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        });
    }

    // gradInput work item = one input row of one image; weight work item = a block of output channels, reduced in
    // packed (kH·kW, C·M) order so that a register holds neighbouring channels.
    private static void BackwardNhwc(Tensor input, Tensor weights, Tensor gradOutput, DepthwiseConv2dGradients gradients, DepthwiseConvDimensions dimensions, int threads)
    {
        var geometry = dimensions.Geometry;
        var channels = dimensions.Channels;
        var multiplier = dimensions.DepthMultiplier;
        var outputChannels = dimensions.OutputChannels;
        var taps = geometry.Taps;
        var inputImage = geometry.InputHeight * geometry.InputWidth * channels;
        var outputImage = geometry.OutputHeight * geometry.OutputWidth * outputChannels;
        var packed = ArrayPool<float>.Shared.Rent(taps * outputChannels);
        try
        {
            Transpose(weights.Span, packed, outputChannels, taps);
            var rows = geometry.InputHeight;
            Parallelism.For(input.Batch * rows, threads, item =>
            {
                var n = item / rows;
                var tapOffsets = ArrayPool<int>.Shared.Rent(2 * taps);
                try
                {
                    DepthwiseConvBackwardKernel.NhwcGradInputRow(
                        gradOutput.Span.Slice(n * outputImage, outputImage),
                        packed.AsSpan(0, taps * outputChannels),
                        gradients.GradInput.Span.Slice(n * inputImage, inputImage),
                        tapOffsets,
                        geometry,
                        channels,
                        multiplier,
                        item - (n * rows));
                }
                finally
                {
                    ArrayPool<int>.Shared.Return(tapOffsets);
                }
            });

            // The packed weights are no longer needed: the same buffer receives the packed weight gradient.
            var gradBias = gradients.GradBias;
            var blocks = (outputChannels + NhwcChannelBlock - 1) / NhwcChannelBlock;
            Parallelism.For(blocks, threads, block =>
            {
                var tapOffsets = ArrayPool<int>.Shared.Rent(2 * taps);
                try
                {
                    DepthwiseConvBackwardKernel.NhwcGradWeightsBlock(
                        gradOutput.Span,
                        input.Span,
                        packed.AsSpan(0, taps * outputChannels),
                        gradBias is null ? default : gradBias.Span,
                        tapOffsets,
                        geometry,
                        input.Batch,
                        channels,
                        multiplier,
                        block * NhwcChannelBlock,
                        Math.Min((block + 1) * NhwcChannelBlock, outputChannels));
                }
                finally
                {
                    ArrayPool<int>.Shared.Return(tapOffsets);
                }
            });
            Transpose(packed.AsSpan(0, taps * outputChannels), gradients.GradWeights.Span, taps, outputChannels);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
        }
    }

    // source (rows, columns) → destination (columns, rows)
    private static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns)
    {
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                destination[(column * rows) + row] = source[(row * columns) + column];
            }
        }
    }
}
