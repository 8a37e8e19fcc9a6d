using Depthwise.Geometry;
using Depthwise.Operators;

namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// One real layer shape: a depthwise layer (same padding; <see cref="OutChannels"/> a multiple of <see cref="Channels"/>,
/// the depth multiplier) or a pointwise 1×1 layer.
/// </summary>
internal sealed record BenchLayer(string Suite, string Op, int Batch, int Channels, int OutChannels, int Height, int Width, Size2D Kernel, Size2D Stride)
{
    /// <summary>Spacing of the kernel's taps (depthwise layers); 1 unless set.</summary>
    public Size2D Dilation { get; init; } = 1;

    /// <summary>
    /// Whether the layer is timed with its data beyond the last-level cache: the timed calls rotate through
    /// <see cref="MachineRoof.CopiesBeyondLastLevel"/> copies of input and output, so no call finds an earlier call's
    /// data in the L3. A working set merely larger than the L3 is not enough: one that nearly fits it (and the L3 is
    /// shared with other tenants) is partly served from it, by an amount that depends on what the others run.
    /// </summary>
    public bool BeyondLastLevelCache { get; init; }

    public bool IsDepthwise => Op == "depthwise";

    /// <summary>Depth multiplier M of a depthwise layer: output channels per input channel.</summary>
    public int Multiplier => IsDepthwise ? OutChannels / Channels : 1;

    public string Name => IsDepthwise
        ? $"dw {Kernel.Height}×{Kernel.Width} {(Multiplier > 1 ? $"{Channels}→{OutChannels}" : Channels)} {Height}×{Width} s{Stride}"
            + (Dilation != 1 ? $" d{Dilation}" : string.Empty) + (Batch > 1 ? $" n{Batch}" : string.Empty)
        : $"pw {Channels}→{OutChannels} {Height}×{Width}" + (Batch > 1 ? $" n{Batch}" : string.Empty);

    /// <summary>The layer's stride, dilation and same padding, as the operators take them.</summary>
    public Conv2dOptions ConvOptions(int threads) => new() { Stride = Stride, Dilation = Dilation, Padding = Padding.SameUpper, Threads = threads };

    public ConvGeometry Geometry => ConvGeometry.Create(Height, Width, Kernel, Stride, Dilation, IsDepthwise ? Padding.SameUpper : Padding.Valid);
}
