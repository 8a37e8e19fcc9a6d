using Depthwise.Geometry;

namespace Depthwise.Cli.Benchmarking;

/// <summary>One real layer shape: a depthwise layer (same padding) or a pointwise 1×1 layer.</summary>
internal sealed record BenchLayer(string Suite, string Op, int Batch, int Channels, int OutChannels, int Height, int Width, Size2D Kernel, Size2D Stride)
{
    public bool IsDepthwise => Op == "depthwise";

    public string Name => IsDepthwise
        ? $"dw {Kernel.Height}×{Kernel.Width} {Channels} {Height}×{Width} s{Stride}" + (Batch > 1 ? $" n{Batch}" : string.Empty)
        : $"pw {Channels}→{OutChannels} {Height}×{Width}" + (Batch > 1 ? $" n{Batch}" : string.Empty);

    public ConvGeometry Geometry => ConvGeometry.Create(Height, Width, Kernel, Stride, 1, IsDepthwise ? Padding.SameUpper : Padding.Valid);
}
