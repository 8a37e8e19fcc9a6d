using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The ReLU6 activation, min(max(x, 0), 6), the activation of MobileNet V1/V2 (ONNX Clip(0, 6)).</summary>
/// <remarks>A backward pass will need the input (or the output) to know where the slope is zero.</remarks>
public sealed class Relu6 : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape)
        return Elementwise.Apply(input, Activation.Relu6);
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(Relu6), inputShape);
}
