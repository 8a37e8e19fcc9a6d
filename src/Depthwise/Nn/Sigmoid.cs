using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The logistic sigmoid, <c>1 / (1 + e^(−x))</c>.</summary>
/// <remarks>A backward pass will need the output: the slope is y · (1 − y).</remarks>
public sealed class Sigmoid : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape), values in [0, 1]
        return Elementwise.Sigmoid(input);
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(Sigmoid), inputShape);
}
