using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The hard swish activation, x · relu6(x + 3) / 6, MobileNetV3's cheap swish.</summary>
/// <remarks>A backward pass will need the input (or the output) to know where the slope is zero.</remarks>
public sealed class HardSwish : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape)
        return Elementwise.Apply(input, Activation.HardSwish);
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(HardSwish), inputShape);
}
