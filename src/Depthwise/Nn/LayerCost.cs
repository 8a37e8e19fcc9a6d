using Depthwise.Cost;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// What one layer (or a group of layers) costs on a given input, worked out from shapes alone — nothing runs.
/// </summary>
/// <param name="Name">Hierarchical module name, as in <see cref="Module.NamedModules"/> (empty for the root).</param>
/// <param name="Type">The module's type, e.g. <c>DepthwiseConv2d</c>.</param>
/// <param name="Detail">Short geometry, e.g. <c>3×3/2</c> for a kernel and stride; empty when there is none.</param>
/// <param name="InputShape">Input shape (N, C, H, W) or (N, features).</param>
/// <param name="OutputShape">Output shape.</param>
/// <param name="Cost">Parameters, multiply-adds and bytes, counted as <see cref="OpCost"/> describes.</param>
public sealed record LayerCost(string Name, string Type, string Detail, IReadOnlyList<int> InputShape, IReadOnlyList<int> OutputShape, OpCost Cost)
{
    /// <summary>A leaf layer's cost (the name is filled in by the container that owns it).</summary>
    /// <param name="type">Module type.</param>
    /// <param name="detail">Short geometry.</param>
    /// <param name="inputShape">Input shape.</param>
    /// <param name="outputShape">Output shape.</param>
    /// <param name="cost">The counts.</param>
    /// <returns>The description.</returns>
    public static LayerCost Leaf(string type, string detail, ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape, OpCost cost) =>
        new(string.Empty, type, detail, inputShape.ToArray(), outputShape.ToArray(), cost);

    /// <summary>The total of a sequence of layers: first input, last output, every count summed.</summary>
    /// <param name="type">Type of the group.</param>
    /// <param name="inputShape">The group's input shape (returned as its output too when there are no layers).</param>
    /// <param name="layers">The layers, in execution order.</param>
    /// <returns>The group's description.</returns>
    public static LayerCost Total(string type, ReadOnlySpan<int> inputShape, IReadOnlyList<LayerCost> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var cost = OpCost.Zero;
        foreach (var layer in layers)
        {
            cost += layer.Cost;
        }

        var output = layers.Count == 0 ? inputShape.ToArray() : layers[^1].OutputShape;
        return new LayerCost(string.Empty, type, string.Empty, inputShape.ToArray(), output, cost);
    }

    /// <summary>The output shape as an array, for feeding to the next layer.</summary>
    /// <returns>A copy of <see cref="OutputShape"/>.</returns>
    public int[] OutputShapeArray() => [.. OutputShape];

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} {Type} {Detail} {Tensor.FormatShape([.. InputShape])} → {Tensor.FormatShape([.. OutputShape])}: {Cost.Parameters} params, {Cost.Macs} MACs";
}
