using System.Text.Json.Serialization;

namespace Depthwise.Visualization.Plots;

/// <summary>The roofs measured by <c>depthwise bench</c>: FMA peak and triad bandwidth per memory level.</summary>
/// <param name="Threads">Threads the roofs were measured with.</param>
/// <param name="FmaGflops">FMA peak, GFLOP/s.</param>
/// <param name="TriadGigabytes">Triad bandwidth in GB/s by level name (L1, L2, L3, Dram).</param>
public sealed record BenchMachine(
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("fma_gflops")] double FmaGflops,
    [property: JsonPropertyName("triad_gbs")] IReadOnlyDictionary<string, double> TriadGigabytes);
