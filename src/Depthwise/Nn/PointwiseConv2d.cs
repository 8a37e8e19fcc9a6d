using Depthwise.Cost;
using Depthwise.Operators;
using Depthwise.Tensors;
using PointwiseOperator = Depthwise.Operators.PointwiseConv2d;

namespace Depthwise.Nn;

/// <summary>
/// A pointwise (1×1) convolution layer that mixes channels, run as one GEMM over the image. Weights
/// <c>(Cout, Cin, 1, 1)</c> named <c>weight</c> — PyTorch's <c>Conv2d(Cin, Cout, 1)</c> — and an optional bias <c>(Cout)</c>.
/// </summary>
/// <remarks>
/// Weights start at zero: initialize them with <see cref="Initialization"/> or load trained values. A training-mode
/// forward keeps a reference to its input (do not modify it before <see cref="Backward(Tensor)"/>) and, with a fused
/// activation, the pre-activation output.
/// </remarks>
public sealed class PointwiseConv2d : Module
{
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _preActivationBuffer = new();
    private readonly TensorBuffer _gradActivation = new();
    private readonly TensorBuffer _gradInput = new();
    private Tensor? _input;
    private Tensor? _preActivation;
    private Tensor? _gradWeights;
    private Tensor? _gradBias;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputChannels">Cin (≥ 1).</param>
    /// <param name="outputChannels">Cout (≥ 1).</param>
    /// <param name="bias">Whether the layer adds a learnable bias.</param>
    /// <param name="activation">Activation fused into the output; default none.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Threading.Parallelism.DefaultThreadCount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public PointwiseConv2d(int inputChannels, int outputChannels, bool bias = true, Activation activation = default, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        InputChannels = inputChannels;
        OutputChannels = outputChannels;
        Activation = activation;
        Threads = threads;
        Weight = AddParameter("weight", new Tensor([outputChannels, inputChannels, 1, 1]));
        Bias = bias ? AddParameter("bias", new Tensor([outputChannels])) : null;
    }

    /// <summary>Cin.</summary>
    public int InputChannels { get; }

    /// <summary>Cout.</summary>
    public int OutputChannels { get; }

    /// <summary>Activation fused into the output.</summary>
    public Activation Activation { get; }

    /// <summary>Worker threads (0 = default).</summary>
    public int Threads { get; }

    /// <summary>Weights (Cout, Cin, 1, 1).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias (Cout), or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, Cin, H, W), weight (Cout, Cin, 1, 1), bias (Cout) → output (N, Cout, H, W), in input's layout
        (_input, _preActivation) = (null, null);
        if (!IsTraining)
        {
            return PointwiseOperator.Forward(input, Weight.Value, Bias?.Value, Activation, Threads);
        }

        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        var output = _output.Image(input.Batch, OutputChannels, input.Height, input.Width, input.Layout);
        if (Activation.Kind == ActivationKind.None)
        {
            PointwiseOperator.Forward(input, Weight.Value, Bias?.Value, output, Activation, Threads);
            _input = input;
            return output;
        }

        // The activation's slope needs its input, so training runs it after the convolution instead of fused.
        var preActivation = _preActivationBuffer.Like(output);
        PointwiseOperator.Forward(input, Weight.Value, Bias?.Value, preActivation, Activation.None, Threads);
        Elementwise.ApplyInto(preActivation, output, Activation, Threads);
        (_input, _preActivation) = (input, preActivation);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput) => Backward(gradOutput, computeInputGradient: true)!;

    /// <inheritdoc />
    public override Tensor? Backward(Tensor gradOutput, bool computeInputGradient)
    {
        // gradOutput (N, Cout, H, W) → gradInput (N, Cin, H, W) or null; weight (Cout, Cin, 1, 1) and bias (Cout) gradients accumulated
        var input = RequireCache(_input);
        ArgumentNullException.ThrowIfNull(gradOutput);
        var gradient = gradOutput;
        if (_preActivation is not null)
        {
            gradient = _gradActivation.Like(_preActivation);
            ActivationGradient.BackwardInto(_preActivation, gradOutput, gradient, Activation, Threads);
        }

        _gradWeights ??= new Tensor(Weight.Value.Shape);
        _gradBias ??= Bias is null ? null : new Tensor(Bias.Value.Shape);
        var gradInput = computeInputGradient ? _gradInput.Like(input) : null;
        PointwiseOperator.BackwardInto(input, Weight.Value, gradient, gradInput, _gradWeights, _gradBias, Threads);
        (_input, _preActivation) = (null, null);
        Weight.AccumulateGradient(_gradWeights);
        Bias?.AccumulateGradient(_gradBias!);
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        var (batch, _, height, width) = Shapes.RequireImage(inputShape, InputChannels, nameof(PointwiseConv2d));
        var cost = CostModel.Pointwise(batch, InputChannels, OutputChannels, height, width, Bias is not null);
        var detail = Activation.Kind == ActivationKind.None ? string.Empty : Activation.ToString();
        return LayerCost.Leaf(nameof(PointwiseConv2d), detail, inputShape, [batch, OutputChannels, height, width], cost);
    }
}
