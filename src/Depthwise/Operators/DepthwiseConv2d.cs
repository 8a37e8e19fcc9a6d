using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;

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
        var output = problem.CreateOutput();
        Run(weights, bias, input, output, problem);
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
        Run(weights, bias, input, output, problem);
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
        var output = problem.CreateOutput();
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

    /// <summary>
    /// Packs constant weights once into the kernel's blocked layout and returns a plan that convolves any input with
    /// them, reusing the packed weights and per-thread scratch on every call (what ONNX Runtime does for constant
    /// weights). The input's channel count, and so the depth multiplier, is only fixed when the plan is used.
    /// </summary>
    /// <param name="weights">(C·M, 1, kH, kW); copied, so later changes to the tensor do not affect the plan.</param>
    /// <param name="bias">(C·M), or null for none; copied.</param>
    /// <param name="options">Stride, dilation, padding, activation, threads; null for the defaults.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">The weights or bias have the wrong shape, or an option is out of range.</exception>
    public static DepthwiseConv2dPlan Prepare(Tensor weights, Tensor? bias = null, Conv2dOptions? options = null) => new(weights, bias, options ?? Conv2dOptions.Default);

    /// <summary>Checks a depthwise filter tensor (C·M, 1, kH, kW) and its optional bias (C·M).</summary>
    internal static void ValidateWeights(Tensor weights, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Rank != 4 || weights.Shape[1] != 1)
        {
            throw new ArgumentException(
                $"weights has shape {Tensor.FormatShape(weights.Shape)}; expected a 4-D depthwise filter (C*M, 1, kH, kW) with 1 in dimension 1.", nameof(weights));
        }

        var outputChannels = weights.Shape[0];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outputChannels))
        {
            throw new ArgumentException($"bias has shape {Tensor.FormatShape(bias.Shape)}; expected ({outputChannels}), one value per output channel.", nameof(bias));
        }
    }

    private static DepthwiseConvProblem Validate(Tensor input, Tensor weights, Tensor? bias, Conv2dOptions? options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weights);
        input.RequireRank4(nameof(input));
        ValidateWeights(weights, bias);
        return DepthwiseConvProblem.Create(input, weights.Shape[0], new Size2D(weights.Shape[2], weights.Shape[3]), options ?? Conv2dOptions.Default, nameof(weights));
    }

    private static void ValidateOutput(Tensor input, Tensor weights, Tensor? bias, Tensor output, in DepthwiseConvProblem problem)
    {
        problem.CheckOutput(input, output);
        if (output.Span.Overlaps(weights.Span) || (bias is not null && output.Span.Overlaps(bias.Span)))
        {
            throw new ArgumentException("output shares memory with input, weights or bias; expected a separate output tensor.", nameof(output));
        }
    }

    // Packs per call into this thread's packing scratch, then runs exactly what a prepared plan runs.
    private static unsafe void Run(Tensor weights, Tensor? bias, Tensor input, Tensor output, in DepthwiseConvProblem problem)
    {
        var lanes = problem.Lanes;
        var packedBlocks = DepthwiseConvKernel.PackedBlocks(problem.OutputChannels, lanes);
        var weightsLength = packedBlocks * problem.Geometry.Taps * lanes;
        var biasLength = packedBlocks * lanes;
        var packed = DepthwiseScratch.Packing((nint)weightsLength + biasLength);
        DepthwiseConvKernel.PackWeights(
            weights.Span, bias is null ? default : bias.Span, problem.OutputChannels, problem.Geometry.Taps, lanes, new Span<float>(packed, weightsLength), new Span<float>(packed + weightsLength, biasLength));
        problem.Run(input, output, packed, packed + weightsLength);
    }
}
