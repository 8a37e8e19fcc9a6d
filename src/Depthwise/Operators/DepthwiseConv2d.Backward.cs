using System.Buffers;
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
        var dimensions = new DepthwiseConvDimensions(problem.Geometry, input.Channels, problem.DepthMultiplier);
        if (input.Layout == TensorLayout.Nhwc)
        {
            BackwardNhwc(input, weights, gradOutput, gradients, dimensions, problem.Threads);
        }
        else
        {
            BackwardNchw(input, weights, gradOutput, gradients, dimensions, problem.Threads);
        }

        return gradients;
    }

    /// <summary>
    /// The scalar reference backward pass: the chain rule one product at a time. Slow; for learners and for testing
    /// <see cref="Backward"/>. Validates exactly like it.
    /// </summary>
    /// <param name="input">The forward's input, (N, C, H, W) or (N, H, W, C).</param>
    /// <param name="weights">The forward's weights, (C·M, 1, kH, kW).</param>
    /// <param name="gradOutput">∂L/∂output, (N, C·M, Ho, Wo) in the input's layout.</param>
    /// <param name="options">The forward's stride, dilation, padding; the activation must be none.</param>
    /// <param name="computeBias">Whether to compute ∂L/∂bias.</param>
    /// <returns>∂L/∂input, ∂L/∂weights and, if requested, ∂L/∂bias.</returns>
    /// <exception cref="ArgumentException">Same conditions as <see cref="Backward"/>.</exception>
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

    private static DepthwiseConv2dGradients AllocateGradients(Tensor input, Tensor weights, in DepthwiseConvProblem problem, bool computeBias) =>
        new(
            Tensor.Image(input.Batch, input.Channels, input.Height, input.Width, input.Layout),
            new Tensor(weights.Shape),
            computeBias ? new Tensor([problem.OutputChannels]) : null);

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
