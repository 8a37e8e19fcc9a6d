using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The hard sigmoid, <c>min(max(x/6 + 1/2, 0), 1)</c>: MobileNetV3's squeeze-and-excitation gate (ONNX HardSigmoid, α = 1/6, β = 1/2).</summary>
/// <remarks>A backward pass will need the input, to know where the slope is 1/6 and where it is zero.</remarks>
public sealed class HardSigmoid : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape), values in [0, 1]
        return Elementwise.HardSigmoid(input);
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(HardSigmoid), inputShape);
}
