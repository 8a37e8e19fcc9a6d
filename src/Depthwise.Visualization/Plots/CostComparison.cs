using Depthwise.Cost;
using Depthwise.Geometry;

namespace Depthwise.Visualization.Plots;

/// <summary>
/// Parameters and multiply-adds of one layer done four ways — traditional k×k convolution, depthwise alone,
/// pointwise alone, depthwise-separable — counted by <see cref="CostModel"/>.
/// </summary>
/// <param name="Height">Input height.</param>
/// <param name="Width">Input width.</param>
/// <param name="Channels">Input channels C.</param>
/// <param name="Kernel">Kernel side k.</param>
/// <param name="Stride">Stride.</param>
/// <param name="Padding">Padding rule.</param>
/// <param name="OutChannels">Output channels N of the traditional and separable layers.</param>
/// <param name="Multiplier">Depth multiplier M.</param>
public sealed record CostComparison(int Height, int Width, int Channels, int Kernel, int Stride, Padding Padding, int OutChannels, int Multiplier)
{
    /// <summary>The geometry of the k×k layers (traditional and depthwise).</summary>
    /// <exception cref="ArgumentException">The layer's numbers are out of range or the kernel does not fit.</exception>
    public ConvGeometry Geometry => ConvGeometry.Create(Height, Width, Kernel, Stride, 1, Padding);

    /// <summary>Traditional: one k×k×C kernel per output channel.</summary>
    public OpCost Traditional => CostModel.Convolution(1, Channels, OutChannels, 1, Geometry, bias: false);

    /// <summary>Depthwise alone: C·M maps, no channel mixing.</summary>
    public OpCost Depthwise => CostModel.Depthwise(1, Channels, Multiplier, Geometry, bias: false);

    /// <summary>Pointwise alone: 1×1 from C·M to N channels on the depthwise output.</summary>
    public OpCost Pointwise => CostModel.Pointwise(1, Channels * Multiplier, OutChannels, Geometry.OutputHeight, Geometry.OutputWidth, bias: false);

    /// <summary>Depthwise then pointwise: the separable replacement for the traditional layer.</summary>
    public OpCost Separable => CostModel.Separable(1, Channels, OutChannels, Multiplier, Geometry, bias: false);

    /// <summary>A short description: <c>112×112×32 → 64, 3×3, stride 1, same-upper</c>.</summary>
    public string Description => $"{Height}×{Width}×{Channels} → {OutChannels}, {Kernel}×{Kernel}, stride {Stride}, {Padding} padding" + (Multiplier > 1 ? $", multiplier {Multiplier}" : string.Empty);
}
