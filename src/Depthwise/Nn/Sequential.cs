using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// Runs its children one after the other. Children are named <c>0</c>, <c>1</c>, … (PyTorch's <c>nn.Sequential</c>) or
/// given names with <see cref="Append(string, Module)"/>.
/// </summary>
public sealed class Sequential : Module
{
    /// <summary>A sequence with children named by position: <c>0</c>, <c>1</c>, ….</summary>
    /// <param name="modules">The layers, in order.</param>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        for (var i = 0; i < modules.Length; i++)
        {
            AddChild(i.ToString(System.Globalization.CultureInfo.InvariantCulture), modules[i]);
        }
    }

    /// <summary>Appends a child named by its position (<c>0</c>, <c>1</c>, …), like PyTorch's <c>append</c>.</summary>
    /// <param name="module">The layer.</param>
    /// <returns>This sequence, for chaining.</returns>
    public Sequential Append(Module module) => Append(Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

    /// <summary>Appends a named child, like PyTorch's <c>add_module</c>: a network can be one Sequential of <c>features</c>, <c>avgpool</c>, <c>classifier</c>.</summary>
    /// <param name="name">Local name, unique, without dots.</param>
    /// <param name="module">The layer.</param>
    /// <returns>This sequence, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is repeated, empty or contains a dot.</exception>
    public Sequential Append(string name, Module module)
    {
        AddChild(name, module);
        return this;
    }

    /// <summary>Number of children.</summary>
    public int Count => Children.Count;

    /// <summary>The child at a position.</summary>
    /// <param name="index">Position, from 0.</param>
    /// <returns>The module.</returns>
    public Module this[int index] => Children[index].Module;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (shape of the first child's input) → output (shape of the last child's output)
        var x = input;
        foreach (var (_, child) in Children)
        {
            x = child.Forward(x);
        }

        return x;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (shape of the last child's output) → gradInput (shape of the first child's input): children in reverse
        var gradient = gradOutput;
        for (var i = Children.Count - 1; i >= 0; i--)
        {
            gradient = Children[i].Module.Backward(gradient);
        }

        return gradient;
    }

    /// <inheritdoc />
    public override Tensor? Backward(Tensor gradOutput, bool computeInputGradient)
    {
        // gradOutput (shape of the last child's output) → gradInput (shape of the first child's input), or null: the first child may skip it
        var gradient = gradOutput;
        for (var i = Children.Count - 1; i > 0; i--)
        {
            gradient = Children[i].Module.Backward(gradient);
        }

        return Children.Count == 0 ? gradient : Children[0].Module.Backward(gradient, computeInputGradient);
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => LayerCost.Total(nameof(Sequential), inputShape, DescribeLayers(inputShape));

    /// <inheritdoc />
    protected internal override int[] AppendLayers(ReadOnlySpan<int> inputShape, string name, List<LayerCost> layers)
    {
        var shape = inputShape.ToArray();
        foreach (var (childName, child) in Children)
        {
            shape = child.AppendLayers(shape, JoinName(name, childName), layers);
        }

        return shape;
    }
}
