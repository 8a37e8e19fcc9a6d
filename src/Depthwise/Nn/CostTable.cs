using Depthwise.Cost;

namespace Depthwise.Nn;

/// <summary>
/// A network's cost, layer by layer, worked out from shapes by walking its modules (<see cref="Module.DescribeLayers"/>):
/// nothing runs and no tensor is allocated.
/// </summary>
/// <remarks>
/// <para>
/// Conventions (those of the MobileNet papers): multiply-adds are those of convolutions and linear layers — the
/// classifier and the squeeze-and-excitation 1×1 layers included, every kernel tap counted including taps on
/// padding. Batch normalization folds into the convolution before it at inference and is not counted; activations,
/// residual additions, the squeeze-and-excitation channel scale and pooling are not multiply-adds and are not counted.
/// </para>
/// <para>
/// <see cref="OpCost.Parameters"/> of <see cref="Total"/> is PyTorch's count of learnable values, batch normalization's
/// γ and β included; <see cref="ParametersExcludingBatchNorm"/> leaves them out, which is how the papers count.
/// </para>
/// </remarks>
public sealed class CostTable
{
    private CostTable(IReadOnlyList<int> inputShape, IReadOnlyList<LayerCost> layers)
    {
        InputShape = inputShape;
        Layers = layers;
        var total = OpCost.Zero;
        long batchNorm = 0;
        foreach (var layer in layers)
        {
            total += layer.Cost;
            if (layer.Type == nameof(BatchNorm2d))
            {
                batchNorm += layer.Cost.Parameters;
            }
        }

        Total = total;
        BatchNormParameters = batchNorm;
        OutputShape = layers.Count == 0 ? inputShape : layers[^1].OutputShape;
        Rows = Merge(layers);
    }

    /// <summary>The counting rules in one sentence each, for table footers and reports.</summary>
    public const string Convention =
        "MACs are the multiply-adds of convolutions and linear layers (classifier and squeeze-excitation included), every kernel tap counted, padding included; " +
        "batch norm is folded into the convolution before it and not counted; activations, shortcut additions, squeeze-excitation scaling and pooling are not counted. " +
        "Parameters compared with the papers exclude batch norm γ/β; PyTorch's count (the first figure) includes them.";

    /// <summary>The network's input shape.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The network's output shape.</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>Every leaf layer in execution order: convolutions, normalizations, activations, pools, additions.</summary>
    public IReadOnlyList<LayerCost> Layers { get; }

    /// <summary>
    /// The table a person reads: one row per layer that does multiply-adds (convolution, linear), carrying the layers
    /// without multiply-adds that follow it (batch norm, activation, shortcut addition…), whose parameters and bytes it
    /// adds. Its <see cref="LayerCost.Type"/> lists them: <c>DepthwiseConv2d + BatchNorm2d + Relu6</c>.
    /// </summary>
    public IReadOnlyList<LayerCost> Rows { get; }

    /// <summary>Every count summed over the network.</summary>
    public OpCost Total { get; }

    /// <summary>Batch normalization's learnable γ and β (2 per channel per normalization layer).</summary>
    public long BatchNormParameters { get; }

    /// <summary>Convolution and linear weights and biases: <see cref="Total"/>'s parameters without batch normalization, the papers' count.</summary>
    public long ParametersExcludingBatchNorm => Total.Parameters - BatchNormParameters;

    /// <summary>Builds the table of a model on an input shape.</summary>
    /// <param name="model">The network.</param>
    /// <param name="inputShape">Logical input shape, e.g. (1, 3, 224, 224).</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException">The shape does not fit the model.</exception>
    public static CostTable Build(Module model, ReadOnlySpan<int> inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new CostTable(inputShape.ToArray(), model.DescribeLayers(inputShape));
    }

    private static List<LayerCost> Merge(IReadOnlyList<LayerCost> layers)
    {
        var rows = new List<LayerCost>();
        foreach (var layer in layers)
        {
            if (layer.Cost.Macs > 0 || rows.Count == 0)
            {
                rows.Add(layer);
                continue;
            }

            var row = rows[^1];
            rows[^1] = row with { Type = row.Type + " + " + layer.Type, OutputShape = layer.OutputShape, Cost = row.Cost + layer.Cost };
        }

        return rows;
    }
}
