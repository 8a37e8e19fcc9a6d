using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>The hard swish activation, x · relu6(x + 3) / 6, MobileNetV3's cheap swish.</summary>
/// <remarks>A training-mode forward keeps a reference to its input for <see cref="Backward"/>.</remarks>
public sealed class HardSwish : Module
{
    private Tensor? _input;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape)
        var output = Elementwise.Apply(input, Activation.HardSwish);
        _input = IsTraining ? input : null;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (any shape) → gradInput (same shape)
        var gradInput = ActivationGradient.Backward(RequireCache(_input), gradOutput, Activation.HardSwish);
        _input = null;
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(nameof(HardSwish), inputShape);
}
