using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The ReLU6 activation, min(max(x, 0), 6), the activation of MobileNet V1/V2 (ONNX Clip(0, 6)).</summary>
/// <remarks>A training-mode forward keeps a reference to its input for <see cref="Backward"/>.</remarks>
public sealed class Relu6 : Module
{
    private Tensor? _input;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape)
        var output = Elementwise.Apply(input, Activation.Relu6);
        _input = IsTraining ? input : null;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (any shape) → gradInput (same shape)
        var gradInput = ActivationGradient.Backward(RequireCache(_input), gradOutput, Activation.Relu6);
        _input = null;
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(Relu6), inputShape);
}
