using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The ReLU6 activation, min(max(x, 0), 6), the activation of MobileNet V1/V2 (ONNX Clip(0, 6)).</summary>
/// <remarks>A training-mode forward keeps a reference to its input for <see cref="Backward(Tensor)"/>.</remarks>
public sealed class Relu6 : Module
{
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _gradInput = new();
    private Tensor? _input;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape)
        _input = null;
        if (!IsTraining)
        {
            return Elementwise.Apply(input, Activation.Relu6);
        }

        ArgumentNullException.ThrowIfNull(input);
        var output = _output.Like(input);
        Elementwise.ApplyInto(input, output, Activation.Relu6);
        _input = input;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (any shape) → gradInput (same shape)
        var input = RequireCache(_input);
        ArgumentNullException.ThrowIfNull(gradOutput);
        var gradInput = _gradInput.Like(input);
        ActivationGradient.BackwardInto(input, gradOutput, gradInput, Activation.Relu6);
        _input = null;
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(Relu6), inputShape);
}
