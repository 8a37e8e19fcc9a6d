using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// An elementwise activation as a module: forward applies it, backward multiplies by its derivative at the saved input.
/// <see cref="Relu"/>, <see cref="Relu6"/> and <see cref="HardSwish"/> are this with their activation.
/// </summary>
/// <remarks>A training-mode forward keeps a reference to its input for <see cref="Backward(Tensor)"/>, and writes its
/// output and gradient into buffers the module reuses while the shape stays the same.</remarks>
public abstract class ActivationModule : Module
{
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _gradInput = new();
    private Tensor? _input;

    /// <summary>Creates the module for one activation.</summary>
    /// <param name="activation">The activation it applies.</param>
    private protected ActivationModule(Activation activation) => Activation = activation;

    /// <summary>The activation this module applies.</summary>
    public Activation Activation { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (any shape) → output (same shape)
        _input = null;
        if (!IsTraining)
        {
            return Elementwise.Apply(input, Activation);
        }

        ArgumentNullException.ThrowIfNull(input);
        var output = _output.Like(input);
        Elementwise.ApplyInto(input, output, Activation);
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
        ActivationGradient.BackwardInto(input, gradOutput, gradInput, Activation);
        _input = null;
        return gradInput;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Shapes.Elementwise(GetType().Name, inputShape);
}
