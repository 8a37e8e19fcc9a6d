using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// Runs its children one after the other. Children are named <c>0</c>, <c>1</c>, … (PyTorch's <c>nn.Sequential</c>) or
/// given names, so a whole network can be one Sequential with <c>features</c>, <c>avgpool</c>, <c>classifier</c>.
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

    /// <summary>A sequence with named children.</summary>
    /// <param name="modules">Pairs of local name (unique, no dots) and layer, in order.</param>
    /// <exception cref="ArgumentException">A name is repeated, empty or contains a dot.</exception>
    public Sequential(params (string Name, Module Module)[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var (name, module) in modules)
        {
            AddChild(name, module);
        }
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
