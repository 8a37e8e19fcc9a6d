using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The hard swish activation, x · relu6(x + 3) / 6, MobileNetV3's cheap swish.</summary>
/// <remarks>A training-mode forward keeps a reference to its input for <see cref="Backward(Tensor)"/>.</remarks>
public sealed class HardSwish : Module
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
            return Elementwise.Apply(input, Activation.HardSwish);
        }

        ArgumentNullException.ThrowIfNull(input);
        var output = _output.Like(input);
        Elementwise.ApplyInto(input, output, Activation.HardSwish);
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
        ActivationGradient.BackwardInto(input, gradOutput, gradInput, Activation.HardSwish);
        _input = null;
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(HardSwish), inputShape);
}
