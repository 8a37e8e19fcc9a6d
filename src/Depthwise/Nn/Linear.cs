using Depthwise.Cost;
using Depthwise.Tensors;
using LinearOperator = Depthwise.Operators.Linear;

namespace Depthwise.Nn;

/// <summary>
/// A fully connected layer, <c>y = x·Wᵀ + b</c>: weights <c>(out, in)</c> named <c>weight</c>, optional bias <c>(out)</c>
/// named <c>bias</c>, as PyTorch's <c>Linear</c>.
/// </summary>
/// <remarks>
/// Weights start at zero: initialize them with <see cref="Initialization"/> or load trained values. A training-mode
/// forward keeps a reference to its input (do not modify it before <see cref="Backward(Tensor)"/>).
/// </remarks>
public sealed class Linear : Module
{
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _gradInput = new();
    private Tensor? _input;
    private Tensor? _gradWeights;
    private Tensor? _gradBias;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputFeatures">in (≥ 1).</param>
    /// <param name="outputFeatures">out (≥ 1).</param>
    /// <param name="bias">Whether the layer adds a learnable bias.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public Linear(int inputFeatures, int outputFeatures, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputFeatures, 1);
        InputFeatures = inputFeatures;
        OutputFeatures = outputFeatures;
        Weight = AddParameter("weight", new Tensor([outputFeatures, inputFeatures]));
        Bias = bias ? AddParameter("bias", new Tensor([outputFeatures])) : null;
    }

    /// <summary>in.</summary>
    public int InputFeatures { get; }

    /// <summary>out.</summary>
    public int OutputFeatures { get; }

    /// <summary>Weights (out, in).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias (out), or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, in), weight (out, in), bias (out) → output (N, out)
        _input = null;
        if (!IsTraining)
        {
            return LinearOperator.Forward(input, Weight.Value, Bias?.Value);
        }

        // The public forward validates; a training step then reuses the buffers (the shapes are the ones just checked).
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Shape[1] != InputFeatures)
        {
            LinearOperator.Forward(input, Weight.Value, Bias?.Value);
        }

        var output = _output.Get([input.Shape[0], OutputFeatures]);
        LinearOperator.ForwardInto(input, Weight.Value, Bias?.Value, output, Operators.Activation.None);
        _input = input;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, out) → gradInput (N, in); weight (out, in) and bias (out) gradients accumulated
        var input = RequireCache(_input);
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (gradOutput.Rank != 2 || gradOutput.Shape[0] != input.Shape[0] || gradOutput.Shape[1] != OutputFeatures)
        {
            // The public backward says what is wrong.
            LinearOperator.Backward(input, Weight.Value, gradOutput, Bias is not null);
        }

        _gradWeights ??= new Tensor(Weight.Value.Shape);
        _gradBias ??= Bias is null ? null : new Tensor(Bias.Value.Shape);
        var gradInput = _gradInput.Like(input);
        LinearOperator.BackwardInto(input, Weight.Value, gradOutput, gradInput, _gradWeights, _gradBias);
        _input = null;
        Weight.AccumulateGradient(_gradWeights);
        Bias?.AccumulateGradient(_gradBias!);
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        var (batch, _) = Shapes.RequireFeatures(inputShape, InputFeatures, nameof(Linear));
        var cost = CostModel.Pointwise(batch, InputFeatures, OutputFeatures, 1, 1, Bias is not null);
        return LayerCost.Leaf(nameof(Linear), string.Empty, inputShape, [batch, OutputFeatures], cost);
    }
}
