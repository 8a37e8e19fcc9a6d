using Depthwise.Geometry;

namespace Depthwise.Benchmarks.Peers;

/// <summary>One depthwise-separable block timed fused against the two operators in sequence: 3×3 depthwise (C channels,
/// SAME_UPPER pads, ReLU6) then a pointwise projection to Cout, both with bias.</summary>
internal sealed record SeparableCase(string Name, int Batch, int Channels, int OutChannels, int Size, int Stride)
{
    public const int Kernel = 3;

    public ConvGeometry Geometry => ConvGeometry.Create(Size, Size, Kernel, Stride, 1, Padding.SameUpper);

    /// <summary>MobileNetV2's depthwise layers followed by their projections (the expansion before them is not part of the block).</summary>
    public static IReadOnlyList<SeparableCase> Default { get; } =
    [
        new("sep 144 56² s1 → 24", 1, 144, 24, 56, 1),
        new("sep 192 28² s1 → 32", 1, 192, 32, 28, 1),
        new("sep 384 14² s1 → 64", 1, 384, 64, 14, 1),
        new("sep 576 14² s1 → 96", 1, 576, 96, 14, 1),
        new("sep 960 7² s1 → 160", 1, 960, 160, 7, 1),
        new("sep 144 56² s2 → 32", 1, 144, 32, 56, 2),
        new("sep 32 112² s1 → 16", 1, 32, 16, 112, 1),
        new("sep 96 112² s2 → 24", 1, 96, 24, 112, 2),
    ];
}
