using Depthwise.Benchmarks.Columns;

namespace Depthwise.Benchmarks.Operators;

/// <summary>A pointwise layer: (N, Cin, H, W) → (N, Cout, H, W).</summary>
/// <param name="Batch">N.</param>
/// <param name="InputChannels">Cin.</param>
/// <param name="OutputChannels">Cout.</param>
/// <param name="Size">H = W.</param>
public sealed record PointwiseShape(int Batch, int InputChannels, int OutputChannels, int Size) : IFlopCounted
{
    /// <inheritdoc />
    public double Flops => 2.0 * Batch * InputChannels * OutputChannels * Size * Size;

    /// <inheritdoc />
    public override string ToString() => $"{Batch}x{InputChannels}x{Size}x{Size}->{OutputChannels}";
}
