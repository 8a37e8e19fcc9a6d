using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// A block with an optional identity shortcut: <c>y = body(x) + x</c> when <see cref="UseResidual"/>, else
/// <c>y = body(x)</c> — MobileNetV2/V3's inverted residual (expand 1×1, depthwise k×k, project 1×1), whose shortcut
/// exists only when the stride is 1 and the channel count is unchanged.
/// </summary>
public sealed class InvertedResidual : Module
{
    /// <summary>Wraps a body.</summary>
    /// <param name="body">The layers; with a shortcut, its output must have its input's shape.</param>
    /// <param name="useResidual">Whether to add the input to the body's output.</param>
    /// <param name="bodyName">The body's local name: torchvision calls it <c>conv</c> in MobileNetV2 and <c>block</c> in V3.</param>
    public InvertedResidual(Module body, bool useResidual, string bodyName = "conv")
    {
        Body = AddChild(bodyName, body);
        UseResidual = useResidual;
    }

    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _gradInput = new();

    /// <summary>The wrapped layers.</summary>
    public Module Body { get; }

    /// <summary>Whether the input is added to the body's output.</summary>
    public bool UseResidual { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C', H', W'); with the shortcut C' = C, H' = H, W' = W
        var output = Body.Forward(input);
        if (!UseResidual)
        {
            return output;
        }

        if (!IsTraining || !output.Shape.SequenceEqual(input.Shape) || output.Layout != input.Layout)
        {
            // Elementwise.Add also says why shapes that differ cannot be added.
            return Elementwise.Add(output, input);
        }

        var sum = _output.Like(output);
        Elementwise.AddInto(output, input, sum);
        return sum;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, C', H', W') → gradInput (N, C, H, W): the body's gradient, plus gradOutput itself through the shortcut
        var gradInput = Body.Backward(gradOutput);
        if (!UseResidual)
        {
            return gradInput;
        }

        if (!gradInput.Shape.SequenceEqual(gradOutput.Shape) || gradInput.Layout != gradOutput.Layout)
        {
            return Elementwise.Add(gradInput, gradOutput);
        }

        var sum = _gradInput.Like(gradInput);
        Elementwise.AddInto(gradInput, gradOutput, sum);
        return sum;
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => LayerCost.Total(nameof(InvertedResidual), inputShape, DescribeLayers(inputShape));

    /// <inheritdoc />
    /// <remarks>The shortcut adds an <c>Add</c> layer (no multiply-adds) under this block's name.</remarks>
    protected internal override int[] AppendLayers(ReadOnlySpan<int> inputShape, string name, List<LayerCost> layers)
    {
        var output = Body.AppendLayers(inputShape, JoinName(name, Children[0].Name), layers);
        if (!UseResidual)
        {
            return output;
        }

        if (!inputShape.SequenceEqual(output))
        {
            throw new ArgumentException(
                $"the shortcut of block '{name}' adds input {Tensor.FormatShape(inputShape)} to body output {Tensor.FormatShape(output)}; expected equal shapes.",
                nameof(inputShape));
        }

        layers.Add(Shapes.Elementwise("Add", inputShape, inputs: 2) with { Name = name });
        return output;
    }
}
