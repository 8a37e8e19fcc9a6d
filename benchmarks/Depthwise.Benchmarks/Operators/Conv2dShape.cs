using Depthwise.Benchmarks.Columns;

namespace Depthwise.Benchmarks.Operators;

/// <summary>A square convolution with 'same' padding: (N, Cin, H, W) → (N, Cout, H/stride, W/stride).</summary>
/// <param name="Batch">N.</param>
/// <param name="InputChannels">Cin.</param>
/// <param name="OutputChannels">Cout.</param>
/// <param name="Size">H = W.</param>
/// <param name="Kernel">kH = kW.</param>
/// <param name="Stride">Stride on both axes.</param>
/// <param name="Groups">Groups.</param>
public sealed record Conv2dShape(int Batch, int InputChannels, int OutputChannels, int Size, int Kernel, int Stride, int Groups) : IFlopCounted
{
    /// <summary>Output rows and columns ('same' padding: ceil(size / stride)).</summary>
    public int OutputSize => (Size + Stride - 1) / Stride;

    /// <inheritdoc />
    public double Flops => 2.0 * Batch * OutputChannels * OutputSize * OutputSize * (InputChannels / Groups) * Kernel * Kernel;

    /// <summary>Short enough for BenchmarkDotNet's 20-character parameter column: <c>k3s1 32&gt;64 @112</c>.</summary>
    /// <returns>The label.</returns>
    public override string ToString() =>
        $"k{Kernel}s{Stride}" + (Groups == 1 ? string.Empty : $"g{Groups}") + $" {InputChannels}>{OutputChannels} @{Size}" + (Batch == 1 ? string.Empty : $" n{Batch}");
}
