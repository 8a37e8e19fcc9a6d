using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The ReLU activation, max(x, 0).</summary>
/// <remarks>A backward pass will need the input (or the output) to know where the slope is zero.</remarks>
public sealed class Relu : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape)
        return Elementwise.Apply(input, Activation.Relu);
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(Relu), inputShape);
}
