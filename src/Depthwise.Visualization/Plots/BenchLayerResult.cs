using System.Text.Json.Serialization;

namespace Depthwise.Visualization.Plots;

/// <summary>One layer of a <c>depthwise bench --json</c> file (the fields the plots use; the file has more).</summary>
/// <param name="Suite">Layer set, e.g. <c>mobilenet-v2</c>.</param>
/// <param name="Name">Layer name, e.g. <c>dw 3×3 144 56×56 s1</c>.</param>
/// <param name="Op"><c>depthwise</c> or <c>pointwise</c>.</param>
/// <param name="Threads">Worker threads.</param>
/// <param name="MedianMicroseconds">Median time per call.</param>
/// <param name="Gflops">Achieved GFLOP/s.</param>
/// <param name="Gigabytes">Achieved GB/s (cost-model bytes over time).</param>
/// <param name="Roof">Name of the roof that binds the layer, e.g. <c>L2 bandwidth</c> or <c>FMA</c>.</param>
/// <param name="RoofGflops">That roof in GFLOP/s.</param>
/// <param name="FractionOfRoof">Achieved over roof.</param>
public sealed record BenchLayerResult(
    [property: JsonPropertyName("suite")] string Suite,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("median_us")] double MedianMicroseconds,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("gbs")] double Gigabytes,
    [property: JsonPropertyName("roof")] string Roof,
    [property: JsonPropertyName("roof_gflops")] double RoofGflops,
    [property: JsonPropertyName("fraction_of_roof")] double FractionOfRoof)
{
    /// <summary>FLOPs per byte: achieved GFLOP/s over achieved GB/s, which is the cost model's FLOPs over its bytes.</summary>
    public double ArithmeticIntensity => Gigabytes > 0 ? Gflops / Gigabytes : 0;
}
