using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The logistic sigmoid, <c>1 / (1 + e^(−x))</c>.</summary>
/// <remarks>A training-mode forward keeps its output for <see cref="Backward(Tensor)"/>: the slope is y · (1 − y).</remarks>
public sealed class Sigmoid : Module
{
    private Tensor? _output;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape), values in [0, 1]
        var output = Elementwise.Sigmoid(input);
        _output = IsTraining ? output : null;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (any shape) → gradInput (same shape)
        var gradInput = ActivationGradient.SigmoidBackward(RequireCache(_output), gradOutput);
        _output = null;
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(Sigmoid), inputShape);
}
