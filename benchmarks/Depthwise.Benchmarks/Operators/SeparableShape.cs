using Depthwise.Benchmarks.Columns;

namespace Depthwise.Benchmarks.Operators;

/// <summary>A separable block: 3×3 depthwise on (N, C, H, W) with SAME pads, then a pointwise projection to Cout.</summary>
/// <param name="Batch">N.</param>
/// <param name="Channels">C.</param>
/// <param name="OutputChannels">Cout.</param>
/// <param name="Size">H = W.</param>
/// <param name="Stride">Depthwise stride.</param>
public sealed record SeparableShape(int Batch, int Channels, int OutputChannels, int Size, int Stride) : IFlopCounted
{
    /// <summary>Output rows and columns: ⌈size / stride⌉.</summary>
    public int OutputSize => (Size + Stride - 1) / Stride;

    /// <inheritdoc />
    public double Flops => 2.0 * Batch * Channels * OutputSize * OutputSize * (9 + OutputChannels);

    /// <inheritdoc />
    public override string ToString() => $"{Batch}x{Channels}x{Size}x{Size}s{Stride}->{OutputChannels}";
}
