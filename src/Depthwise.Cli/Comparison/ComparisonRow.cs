using Depthwise.Cost;
using Depthwise.Diagnostics;

namespace Depthwise.Cli.Comparison;

/// <summary>One measured convolution: what it is, what it costs by the model, how long it took.</summary>
internal sealed record ComparisonRow(
    ConvolutionKind Kind,
    string Kernels,
    int[] OutputShape,
    OpCost Cost,
    LatencyStatistics? Latency,
    double? SpeedupOverTraditional)
{
    /// <summary>Multiply-adds for one output pixel of one output map (27 for traditional 3×3×3, 9 for depthwise 3×3).</summary>
    public long MacsPerOutputElement => Cost.Macs / OutputShape.Aggregate(1L, (product, dimension) => product * dimension);
}
