using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using DepthwiseOperator = Depthwise.Operators.DepthwiseConv2d;

namespace Depthwise.Nn;

/// <summary>
/// A depthwise convolution layer: every input channel filtered by its own M kernels (depth multiplier M), output
/// channel <c>c·M + m</c> reading input channel <c>c</c>. Weights <c>(C·M, 1, kH, kW)</c> named <c>weight</c> — PyTorch's
/// <c>Conv2d(C, C·M, k, groups=C)</c> — and an optional bias <c>(C·M)</c>.
/// </summary>
/// <remarks>
/// Weights start at zero: initialize them with <see cref="Initialization"/> or load trained values. A training-mode
/// forward keeps a reference to its input (do not modify it before <see cref="Backward(Tensor)"/>) and, with a fused
/// activation, the pre-activation output.
/// </remarks>
public sealed class DepthwiseConv2d : Module
{
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _preActivationBuffer = new();
    private readonly TensorBuffer _gradActivation = new();
    private readonly TensorBuffer _gradInput = new();
    private Tensor? _input;
    private Tensor? _preActivation;
    private Tensor? _gradWeights;
    private Tensor? _gradBias;

    // The options without the activation, which training applies separately.
    private readonly Conv2dOptions _linearOptions;

    /// <summary>Creates the layer.</summary>
    /// <param name="channels">Input channels C (≥ 1).</param>
    /// <param name="kernel">kH × kW (each ≥ 1).</param>
    /// <param name="depthMultiplier">M (≥ 1): output channels per input channel.</param>
    /// <param name="bias">Whether the layer adds a learnable bias.</param>
    /// <param name="options">Stride, dilation, padding, fused activation, threads; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public DepthwiseConv2d(int channels, Size2D kernel, int depthMultiplier = 1, bool bias = true, Conv2dOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel.Height, 1, nameof(kernel));
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel.Width, 1, nameof(kernel));
        ArgumentOutOfRangeException.ThrowIfLessThan(depthMultiplier, 1);
        Channels = channels;
        DepthMultiplier = depthMultiplier;
        Kernel = kernel;
        Options = options ?? Conv2dOptions.Default;
        _linearOptions = Options with { Activation = Activation.None };
        var outputChannels = checked(channels * depthMultiplier);
        Weight = AddParameter("weight", new Tensor([outputChannels, 1, kernel.Height, kernel.Width]));
        Bias = bias ? AddParameter("bias", new Tensor([outputChannels])) : null;
    }

    /// <summary>Input channels C.</summary>
    public int Channels { get; }

    /// <summary>Depth multiplier M.</summary>
    public int DepthMultiplier { get; }

    /// <summary>Output channels C·M.</summary>
    public int OutputChannels => Channels * DepthMultiplier;

    /// <summary>kH × kW.</summary>
    public Size2D Kernel { get; }

    /// <summary>Stride, dilation, padding, fused activation, threads.</summary>
    public Conv2dOptions Options { get; }

    /// <summary>Weights (C·M, 1, kH, kW).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias (C·M), or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W), weight (C*M, 1, kH, kW), bias (C*M) → output (N, C*M, Ho, Wo), in input's layout
        (_input, _preActivation) = (null, null);
        if (!IsTraining)
        {
            return DepthwiseOperator.Forward(input, Weight.Value, Bias?.Value, Options);
        }

        var geometry = DepthwiseOperator.Geometry(input, Weight.Value, Options);
        var output = _output.Image(input.Batch, OutputChannels, geometry.OutputHeight, geometry.OutputWidth, input.Layout);
        if (Options.Activation.Kind == ActivationKind.None)
        {
            DepthwiseOperator.Forward(input, Weight.Value, Bias?.Value, output, Options);
            _input = input;
            return output;
        }

        // The activation's slope needs its input, so training runs it after the convolution instead of fused.
        var preActivation = _preActivationBuffer.Like(output);
        DepthwiseOperator.Forward(input, Weight.Value, Bias?.Value, preActivation, _linearOptions);
        Elementwise.ApplyInto(preActivation, output, Options.Activation, Options.Threads);
        (_input, _preActivation) = (input, preActivation);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, C*M, Ho, Wo) → gradInput (N, C, H, W); weight (C*M, 1, kH, kW) and bias (C*M) gradients accumulated
        var input = RequireCache(_input);
        ArgumentNullException.ThrowIfNull(gradOutput);
        var gradient = gradOutput;
        if (_preActivation is not null)
        {
            gradient = _gradActivation.Like(_preActivation);
            ActivationGradient.BackwardInto(_preActivation, gradOutput, gradient, Options.Activation, Options.Threads);
        }

        _gradWeights ??= new Tensor(Weight.Value.Shape);
        _gradBias ??= Bias is null ? null : new Tensor(Bias.Value.Shape);
        var gradients = new DepthwiseConv2dGradients(_gradInput.Like(input), _gradWeights, _gradBias);
        DepthwiseOperator.BackwardInto(input, Weight.Value, gradient, gradients, _linearOptions);
        (_input, _preActivation) = (null, null);
        Weight.AccumulateGradient(_gradWeights);
        Bias?.AccumulateGradient(_gradBias!);
        return gradients.GradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        var (batch, _, height, width) = Shapes.RequireImage(inputShape, Channels, nameof(DepthwiseConv2d));
        var geometry = ConvGeometry.Create(height, width, Kernel, Options.Stride, Options.Dilation, Options.Padding);
        var cost = CostModel.Depthwise(batch, Channels, DepthMultiplier, geometry, Bias is not null);
        var detail = Shapes.ConvolutionDetail(geometry, groups: 1, Options.Activation);
        return LayerCost.Leaf(
            nameof(DepthwiseConv2d), DepthMultiplier == 1 ? detail : detail + $" ×{DepthMultiplier}", inputShape,
            [batch, OutputChannels, geometry.OutputHeight, geometry.OutputWidth], cost);
    }
}
