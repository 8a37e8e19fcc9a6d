using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The hard sigmoid, <c>min(max(x/6 + 1/2, 0), 1)</c>: MobileNetV3's squeeze-and-excitation gate (ONNX HardSigmoid, α = 1/6, β = 1/2).</summary>
/// <remarks>A training-mode forward keeps a reference to its input for <see cref="Backward(Tensor)"/>.</remarks>
public sealed class HardSigmoid : Module
{
    private Tensor? _input;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape), values in [0, 1]
        var output = Elementwise.HardSigmoid(input);
        _input = IsTraining ? input : null;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (any shape) → gradInput (same shape)
        var gradInput = ActivationGradient.HardSigmoidBackward(RequireCache(_input), gradOutput);
        _input = null;
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(HardSigmoid), inputShape);
}
