namespace Depthwise.Benchmarks.Backward;

/// <summary>A 3×3 depthwise layer of MobileNetV2 (224² input): channels, input size and stride; 'same' padding.</summary>
internal sealed record BackwardLayer(int Channels, int Size, int Stride)
{
    /// <summary>The distinct depthwise layers of MobileNetV2 at 224².</summary>
    public static IReadOnlyList<BackwardLayer> MobileNetV2 { get; } =
    [
        new(32, 112, 1),
        new(96, 112, 2),
        new(144, 56, 1),
        new(144, 56, 2),
        new(192, 28, 1),
        new(192, 28, 2),
        new(384, 14, 1),
        new(576, 14, 1),
        new(576, 14, 2),
        new(960, 7, 1),
    ];

    public string Name => $"3x3 {Channels}x{Size}^2 s{Stride}";

    public int OutputSize => (Size + Stride - 1) / Stride;

    /// <summary>Floating-point operations of the input and weight gradients: 2 · 2·N·C·Ho·Wo·9.</summary>
    public double Flops(int batch) => 2.0 * 2.0 * batch * Channels * OutputSize * OutputSize * 9;
}
