using Depthwise.Cost;
using Depthwise.Geometry;

namespace Depthwise.Visualization.Report;

/// <summary>
/// One of MobileNetV1's 13 depthwise-separable layers (Howard et al., 2017, table 1; width 1.0, 224×224 input),
/// with what it costs as a separable block and as the standard 3×3 convolution it replaces.
/// </summary>
/// <param name="Index">1 to 13.</param>
/// <param name="InputSize">Input height and width.</param>
/// <param name="Channels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Stride">Stride of the depthwise (and standard) 3×3 convolution.</param>
public sealed record MobileNetV1Layer(int Index, int InputSize, int Channels, int OutChannels, int Stride)
{
    /// <summary>The 13 layers, in order.</summary>
    public static IReadOnlyList<MobileNetV1Layer> All { get; } =
    [
        new(1, 112, 32, 64, 1),
        new(2, 112, 64, 128, 2),
        new(3, 56, 128, 128, 1),
        new(4, 56, 128, 256, 2),
        new(5, 28, 256, 256, 1),
        new(6, 28, 256, 512, 2),
        new(7, 14, 512, 512, 1),
        new(8, 14, 512, 512, 1),
        new(9, 14, 512, 512, 1),
        new(10, 14, 512, 512, 1),
        new(11, 14, 512, 512, 1),
        new(12, 14, 512, 1024, 2),
        new(13, 7, 1024, 1024, 1),
    ];

    /// <summary>The 3×3 geometry with same padding.</summary>
    public ConvGeometry Geometry => ConvGeometry.Create(InputSize, InputSize, 3, Stride, 1, Padding.SameUpper);

    /// <summary>The standard 3×3 convolution from <see cref="Channels"/> to <see cref="OutChannels"/>.</summary>
    public OpCost Standard => CostModel.Convolution(1, Channels, OutChannels, 1, Geometry, bias: false);

    /// <summary>The separable block: 3×3 depthwise then 1×1 pointwise.</summary>
    public OpCost Separable => CostModel.Separable(1, Channels, OutChannels, 1, Geometry, bias: false);

    /// <summary>A short name: <c>dw/s2 64@112 → 128</c>.</summary>
    public string Name => $"{Index}: {InputSize}×{InputSize}×{Channels} → {OutChannels}" + (Stride > 1 ? $" /{Stride}" : string.Empty);
}
