using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Conv2dOperator = Depthwise.Operators.Conv2d;

namespace Depthwise.Nn;

/// <summary>
/// A (grouped) 2-D convolution layer: traditional for <c>groups = 1</c>, depthwise for <c>groups = Cin</c>. Weights
/// <c>(Cout, Cin/groups, kH, kW)</c> named <c>weight</c>, optional bias <c>(Cout)</c> named <c>bias</c>, as in PyTorch.
/// </summary>
/// <remarks>
/// Weights start at zero: initialize them with <see cref="Initialization"/> or load trained values. A training-mode
/// forward keeps a reference to its input (do not modify it before <see cref="Backward(Tensor)"/>) and, with a fused
/// activation, the pre-activation output.
/// </remarks>
public sealed class Conv2d : Module
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
    /// <param name="inputChannels">Cin (≥ 1, a multiple of <paramref name="groups"/>).</param>
    /// <param name="outputChannels">Cout (≥ 1, a multiple of <paramref name="groups"/>).</param>
    /// <param name="kernel">kH × kW (each ≥ 1).</param>
    /// <param name="groups">Groups g (≥ 1).</param>
    /// <param name="bias">Whether the layer adds a learnable bias.</param>
    /// <param name="options">Stride, dilation, padding (explicit pads may be asymmetric), fused activation, threads; null for the defaults.</param>
    /// <exception cref="ArgumentException">A count is below 1 or the channels are not multiples of the groups.</exception>
    public Conv2d(int inputChannels, int outputChannels, Size2D kernel, int groups = 1, bool bias = true, Conv2dOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel.Height, 1, nameof(kernel));
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel.Width, 1, nameof(kernel));
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (inputChannels % groups != 0 || outputChannels % groups != 0)
        {
            throw new ArgumentException(
                $"groups {groups} must divide both inputChannels {inputChannels} and outputChannels {outputChannels}.", nameof(groups));
        }

        InputChannels = inputChannels;
        OutputChannels = outputChannels;
        Kernel = kernel;
        Groups = groups;
        Options = options ?? Conv2dOptions.Default;
        _linearOptions = Options with { Activation = Activation.None };
        Weight = AddParameter("weight", new Tensor([outputChannels, inputChannels / groups, kernel.Height, kernel.Width]));
        Bias = bias ? AddParameter("bias", new Tensor([outputChannels])) : null;
    }

    /// <summary>Cin.</summary>
    public int InputChannels { get; }

    /// <summary>Cout.</summary>
    public int OutputChannels { get; }

    /// <summary>kH × kW.</summary>
    public Size2D Kernel { get; }

    /// <summary>Groups g.</summary>
    public int Groups { get; }

    /// <summary>Stride, dilation, padding, fused activation, threads.</summary>
    public Conv2dOptions Options { get; }

    /// <summary>Weights (Cout, Cin/g, kH, kW).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias (Cout), or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, Cin, H, W), weight (Cout, Cin/g, kH, kW), bias (Cout) → output (N, Cout, Ho, Wo), in input's layout
        (_input, _preActivation) = (null, null);
        if (!IsTraining)
        {
            return Conv2dOperator.Forward(input, Weight.Value, Bias?.Value, Groups, Options);
        }

        var geometry = Conv2dOperator.Geometry(input, Weight.Value, Groups, Options);
        var output = _output.Image(input.Batch, OutputChannels, geometry.OutputHeight, geometry.OutputWidth, input.Layout);
        if (Options.Activation.Kind == ActivationKind.None)
        {
            Conv2dOperator.Forward(input, Weight.Value, Bias?.Value, output, Groups, Options);
            _input = input;
            return output;
        }

        // The activation's slope needs its input, so training runs it after the convolution instead of fused.
        var preActivation = _preActivationBuffer.Like(output);
        Conv2dOperator.Forward(input, Weight.Value, Bias?.Value, preActivation, Groups, _linearOptions);
        Elementwise.ApplyInto(preActivation, output, Options.Activation, Options.Threads);
        (_input, _preActivation) = (input, preActivation);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput) => Backward(gradOutput, computeInputGradient: true)!;

    /// <inheritdoc />
    public override Tensor? Backward(Tensor gradOutput, bool computeInputGradient)
    {
        // gradOutput (N, Cout, Ho, Wo) → gradInput (N, Cin, H, W) or null; weight (Cout, Cin/g, kH, kW) and bias (Cout) gradients accumulated
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
        var gradInput = computeInputGradient ? _gradInput.Like(input) : null;
        Conv2dOperator.BackwardInto(input, Weight.Value, gradient, gradInput, _gradWeights, _gradBias, Groups, _linearOptions);
        (_input, _preActivation) = (null, null);
        Weight.AccumulateGradient(_gradWeights);
        Bias?.AccumulateGradient(_gradBias!);
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        var (batch, _, height, width) = Shapes.RequireImage(inputShape, InputChannels, nameof(Conv2d));
        var geometry = ConvGeometry.Create(height, width, Kernel, Options.Stride, Options.Dilation, Options.Padding);
        var cost = CostModel.Convolution(batch, InputChannels, OutputChannels, Groups, geometry, Bias is not null);
        return LayerCost.Leaf(
            nameof(Conv2d), Shapes.ConvolutionDetail(geometry, Groups, Options.Activation), inputShape,
            [batch, OutputChannels, geometry.OutputHeight, geometry.OutputWidth], cost);
    }
}
