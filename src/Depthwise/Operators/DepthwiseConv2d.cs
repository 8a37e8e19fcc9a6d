using System.Buffers;
using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// Depthwise 2-D convolution: every input channel is convolved with its own M filters (depth multiplier M ≥ 1),
/// output channel <c>c·M + m</c> reading input channel <c>c</c>. Bias and activation are fused.
/// </summary>
/// <remarks>
/// Input is (N, C, H, W) or (N, H, W, C) according to its <see cref="Tensor.Layout"/>; the output uses the same layout.
/// Weights are always PyTorch/ONNX (C·M, 1, kH, kW), whatever the data layout. Any kernel size, stride, dilation,
/// padding (including asymmetric explicit pads) and batch is supported; the result does not depend on the thread count.
/// </remarks>
public static partial class DepthwiseConv2d
{
    /// <summary>Convolves into a new tensor.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C).</param>
    /// <param name="weights">(C·M, 1, kH, kW).</param>
    /// <param name="bias">(C·M), or null for none.</param>
    /// <param name="options">Stride, dilation, padding, activation, threads; null for the defaults.</param>
    /// <returns>(N, C·M, Ho, Wo) stored in the input's layout.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong rank or shape, or an option is out of range (the message says which and why).</exception>
    public static Tensor Forward(Tensor input, Tensor weights, Tensor? bias = null, Conv2dOptions? options = null)
    {
        // input (N, C, H, W), weights (C*M, 1, kH, kW), bias (C*M) → output (N, C*M, Ho, Wo), in input's layout
        var problem = Validate(input, weights, bias, options);
        var output = Tensor.Image(input.Batch, problem.OutputChannels, problem.Geometry.OutputHeight, problem.Geometry.OutputWidth, input.Layout);
        Run(input, weights, bias, output, problem);
        return output;
    }

    /// <summary>Convolves into a caller-provided tensor (no allocation of the output).</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C).</param>
    /// <param name="weights">(C·M, 1, kH, kW).</param>
    /// <param name="bias">(C·M), or null for none.</param>
    /// <param name="output">(N, C·M, Ho, Wo) in the input's layout; must not share memory with the other tensors.</param>
    /// <param name="options">Stride, dilation, padding, activation, threads; null for the defaults.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout, or an option is out of range.</exception>
    public static void Forward(Tensor input, Tensor weights, Tensor? bias, Tensor output, Conv2dOptions? options = null)
    {
        // input (N, C, H, W), weights (C*M, 1, kH, kW), bias (C*M) → output (N, C*M, Ho, Wo), in input's layout
        var problem = Validate(input, weights, bias, options);
        ValidateOutput(input, weights, bias, output, problem);
        Run(input, weights, bias, output, problem);
    }

    /// <summary>
    /// The scalar reference: the textbook formula, one multiply-add at a time. Slow; for learners and for testing
    /// the optimized path. Validates exactly like <see cref="Forward(Tensor, Tensor, Tensor?, Conv2dOptions?)"/>.
    /// </summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C).</param>
    /// <param name="weights">(C·M, 1, kH, kW).</param>
    /// <param name="bias">(C·M), or null for none.</param>
    /// <param name="options">Stride, dilation, padding, activation (threads are ignored: it runs on the caller's thread).</param>
    /// <returns>(N, C·M, Ho, Wo) stored in the input's layout.</returns>
    /// <exception cref="ArgumentException">Same conditions as <see cref="Forward(Tensor, Tensor, Tensor?, Conv2dOptions?)"/>.</exception>
    public static Tensor Reference(Tensor input, Tensor weights, Tensor? bias = null, Conv2dOptions? options = null)
    {
        // input (N, C, H, W), weights (C*M, 1, kH, kW), bias (C*M) → output (N, C*M, Ho, Wo), in input's layout
        var problem = Validate(input, weights, bias, options);
        var output = Tensor.Image(input.Batch, problem.OutputChannels, problem.Geometry.OutputHeight, problem.Geometry.OutputWidth, input.Layout);
        DepthwiseConvReference.Forward(
            input.Span,
            weights.Span,
            bias is null ? default : bias.Span,
            output.Span,
            input.Layout,
            input.Batch,
            input.Channels,
            problem.DepthMultiplier,
            problem.Geometry,
            problem.Activation);
        return output;
    }

    /// <summary>The validated geometry (output size and the four pads) this convolution would use.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C).</param>
    /// <param name="weights">(C·M, 1, kH, kW).</param>
    /// <param name="options">Stride, dilation, padding; null for the defaults.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="ArgumentException">The tensors or options are invalid, or the kernel does not fit the padded input.</exception>
    public static ConvGeometry Geometry(Tensor input, Tensor weights, Conv2dOptions? options = null) =>
        Validate(input, weights, bias: null, options).Geometry;

    private static Problem Validate(Tensor input, Tensor weights, Tensor? bias, Conv2dOptions? options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weights);
        options ??= Conv2dOptions.Default;
        input.RequireRank4(nameof(input));

        if (weights.Rank != 4 || weights.Shape[1] != 1)
        {
            throw new ArgumentException(
                $"weights has shape {Tensor.FormatShape(weights.Shape)}; expected a 4-D depthwise filter (C*M, 1, kH, kW) with 1 in dimension 1.", nameof(weights));
        }

        var channels = input.Channels;
        var outputChannels = weights.Shape[0];
        if (outputChannels % channels != 0)
        {
            throw new ArgumentException(
                $"weights has {outputChannels} filters, not a multiple of the input's {channels} channels; expected C*M filters for a whole depth multiplier M >= 1.",
                nameof(weights));
        }

        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outputChannels))
        {
            throw new ArgumentException($"bias has shape {Tensor.FormatShape(bias.Shape)}; expected ({outputChannels}), one value per output channel.", nameof(bias));
        }

        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, $"options.Threads is {options.Threads}; expected 0 (default) or at least 1.");
        }

        var geometry = ConvGeometry.Create(
            input.Height, input.Width, new Size2D(weights.Shape[2], weights.Shape[3]), options.Stride, options.Dilation, options.Padding);

        // Kernels index the padded input with int arithmetic.
        if ((long)geometry.InputHeight + geometry.PadTop + geometry.PadBottom > int.MaxValue
            || (long)geometry.InputWidth + geometry.PadLeft + geometry.PadRight > int.MaxValue)
        {
            throw new ArgumentException(
                $"padding {options.Padding} makes the padded input {(long)geometry.InputHeight + geometry.PadTop + geometry.PadBottom}x{(long)geometry.InputWidth + geometry.PadLeft + geometry.PadRight}; expected each side at most {int.MaxValue}.",
                nameof(options));
        }

        var outputLength = (long)input.Batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth;
        if (outputLength > Array.MaxLength)
        {
            throw new ArgumentException(
                $"the output ({input.Batch}, {outputChannels}, {geometry.OutputHeight}, {geometry.OutputWidth}) would have {outputLength} elements; a tensor holds at most {Array.MaxLength}.",
                nameof(input));
        }

        return new Problem(geometry, outputChannels / channels, outputChannels, options.Activation, Parallelism.Resolve(options.Threads));
    }

    private static void ValidateOutput(Tensor input, Tensor weights, Tensor? bias, Tensor output, in Problem problem)
    {
        ArgumentNullException.ThrowIfNull(output);
        var geometry = problem.Geometry;
        ReadOnlySpan<int> expected = input.Layout == TensorLayout.Nchw
            ? [input.Batch, problem.OutputChannels, geometry.OutputHeight, geometry.OutputWidth]
            : [input.Batch, geometry.OutputHeight, geometry.OutputWidth, problem.OutputChannels];
        if (output.Layout != input.Layout || !output.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"output is {output}; expected shape {Tensor.FormatShape(expected)} in the input's layout {input.Layout}.", nameof(output));
        }

        if (output.Span.Overlaps(input.Span) || output.Span.Overlaps(weights.Span) || (bias is not null && output.Span.Overlaps(bias.Span)))
        {
            throw new ArgumentException("output shares memory with input, weights or bias; expected a separate output tensor.", nameof(output));
        }
    }

    private static void Run(Tensor input, Tensor weights, Tensor? bias, Tensor output, in Problem problem)
    {
        switch (problem.Activation.Kind)
        {
            case ActivationKind.None:
                Run(input, weights, bias, output, problem, default(IdentityOperator));
                break;
            case ActivationKind.Relu:
                Run(input, weights, bias, output, problem, default(ReluOperator));
                break;
            case ActivationKind.HardSwish:
                Run(input, weights, bias, output, problem, default(HardSwishOperator));
                break;
            default:
                // Relu6 is Clip(0, 6).
                Run(input, weights, bias, output, problem, new ClipOperator(problem.Activation.Min, problem.Activation.Max));
                break;
        }
    }

    private static void Run<TActivation>(Tensor input, Tensor weights, Tensor? bias, Tensor output, in Problem problem, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var dimensions = new DepthwiseConvDimensions(problem.Geometry, input.Channels, problem.DepthMultiplier);
        if (input.Layout == TensorLayout.Nhwc)
        {
            RunNhwc(input, weights, bias, output, dimensions, problem.Threads, activation);
        }
        else
        {
            RunNchw(input, weights, bias, output, dimensions, problem.Threads, activation);
        }
    }

    // Work item = one output row of one image (all channels): rows write disjoint outputs.
    private static void RunNhwc<TActivation>(Tensor input, Tensor weights, Tensor? bias, Tensor output, DepthwiseConvDimensions dimensions, int threads, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var geometry = dimensions.Geometry;
        var outputChannels = dimensions.OutputChannels;
        var taps = geometry.Taps;
        var packedWeights = ArrayPool<float>.Shared.Rent(taps * outputChannels);
        var packedBias = ArrayPool<float>.Shared.Rent(outputChannels);
        try
        {
            DepthwiseConvKernel.PackNhwc(
                weights.Span, bias is null ? default : bias.Span, dimensions.Channels, dimensions.DepthMultiplier, taps, packedWeights, packedBias);
            var inputImage = geometry.InputHeight * geometry.InputWidth * dimensions.Channels;
            var outputImage = geometry.OutputHeight * geometry.OutputWidth * outputChannels;
            var rows = geometry.OutputHeight;
            Parallelism.For(input.Batch * rows, threads, item =>
            {
                var n = item / rows;
                DepthwiseConvKernel.NhwcRow(
                    input.Span.Slice(n * inputImage, inputImage),
                    packedWeights.AsSpan(0, taps * outputChannels),
                    packedBias.AsSpan(0, outputChannels),
                    output.Span.Slice(n * outputImage, outputImage),
                    dimensions,
                    item - (n * rows),
                    activation);
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedWeights);
            ArrayPool<float>.Shared.Return(packedBias);
        }
    }

    // Work item = a block of output rows of one output plane. Planes alone give N·C·M items; when that is fewer than
    // a few per thread the planes are cut into row blocks so both cores get work. Blocks are also cut so that their
    // zero-padded band (the banded kernel's scratch) stays within NchwBand.MaximumLength.
    private static void RunNchw<TActivation>(Tensor input, Tensor weights, Tensor? bias, Tensor output, DepthwiseConvDimensions dimensions, int threads, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        const int ItemsPerThread = 4;
        var geometry = dimensions.Geometry;
        var outputHeight = geometry.OutputHeight;
        var planes = input.Batch * dimensions.OutputChannels;
        var wantedBlocks = Math.Min(((long)ItemsPerThread * threads + planes - 1) / planes, outputHeight);
        var rowsPerBlock = (int)((outputHeight + wantedBlocks - 1) / wantedBlocks);

        var band = new NchwBand(dimensions);
        var bandRows = band.RowsWithinMaximum(outputHeight);
        if (bandRows == 0)
        {
            RunNchwClipped(input, weights, bias, output, dimensions, threads, rowsPerBlock, activation);
            return;
        }

        rowsPerBlock = Math.Min(rowsPerBlock, bandRows);
        var blocks = (outputHeight + rowsPerBlock - 1) / rowsPerBlock;
        var columnOffsets = ArrayPool<int>.Shared.Rent(geometry.Kernel.Width);
        try
        {
            for (var kx = 0; kx < geometry.Kernel.Width; kx++)
            {
                columnOffsets[kx] = band.ColumnOffset(kx, geometry.Dilation.Width);
            }

            Parallelism.For(planes * blocks, threads, item =>
            {
                var (plane, firstRow, endRow) = PlaneRows(item, blocks, rowsPerBlock, outputHeight);
                var scratch = ArrayPool<float>.Shared.Rent((int)band.Length(endRow - firstRow));
                try
                {
                    DepthwiseConvKernel.NchwBandedRows(
                        InputPlane(input, dimensions, plane),
                        weights.Span.Slice(PlaneChannel(dimensions, plane) * geometry.Taps, geometry.Taps),
                        bias is null ? 0f : bias.Span[PlaneChannel(dimensions, plane)],
                        output.Span.Slice(plane * geometry.OutputHeight * geometry.OutputWidth, geometry.OutputHeight * geometry.OutputWidth),
                        dimensions,
                        band,
                        columnOffsets.AsSpan(0, geometry.Kernel.Width),
                        firstRow,
                        endRow,
                        scratch,
                        activation);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(scratch);
                }
            });
        }
        finally
        {
            ArrayPool<int>.Shared.Return(columnOffsets);
        }
    }

    private static void RunNchwClipped<TActivation>(
        Tensor input, Tensor weights, Tensor? bias, Tensor output, DepthwiseConvDimensions dimensions, int threads, int rowsPerBlock, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var geometry = dimensions.Geometry;
        var outputHeight = geometry.OutputHeight;
        var blocks = (outputHeight + rowsPerBlock - 1) / rowsPerBlock;
        Parallelism.For(input.Batch * dimensions.OutputChannels * blocks, threads, item =>
        {
            var (plane, firstRow, endRow) = PlaneRows(item, blocks, rowsPerBlock, outputHeight);
            DepthwiseConvKernel.NchwRows(
                InputPlane(input, dimensions, plane),
                weights.Span.Slice(PlaneChannel(dimensions, plane) * geometry.Taps, geometry.Taps),
                bias is null ? 0f : bias.Span[PlaneChannel(dimensions, plane)],
                output.Span.Slice(plane * geometry.OutputHeight * geometry.OutputWidth, geometry.OutputHeight * geometry.OutputWidth),
                dimensions,
                firstRow,
                endRow,
                activation);
        });
    }

    // Work item → output plane n·C·M + j and its rows [first, end).
    private static (int Plane, int FirstRow, int EndRow) PlaneRows(int item, int blocks, int rowsPerBlock, int outputHeight)
    {
        var plane = item / blocks;
        var firstRow = (item - (plane * blocks)) * rowsPerBlock;
        return (plane, firstRow, Math.Min(firstRow + rowsPerBlock, outputHeight));
    }

    // Output channel j of output plane n·C·M + j.
    private static int PlaneChannel(in DepthwiseConvDimensions dimensions, int plane) => plane % dimensions.OutputChannels;

    // Input plane (n, c) read by output plane n·C·M + c·M + m.
    private static ReadOnlySpan<float> InputPlane(Tensor input, in DepthwiseConvDimensions dimensions, int plane)
    {
        var geometry = dimensions.Geometry;
        var inputPlane = geometry.InputHeight * geometry.InputWidth;
        var n = plane / dimensions.OutputChannels;
        var inputChannel = PlaneChannel(dimensions, plane) / dimensions.DepthMultiplier;
        return input.Span.Slice(((n * dimensions.Channels) + inputChannel) * inputPlane, inputPlane);
    }

    private readonly record struct Problem(ConvGeometry Geometry, int DepthMultiplier, int OutputChannels, Activation Activation, int Threads);
}
