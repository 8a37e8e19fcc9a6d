using System.Text.Json.Serialization;

namespace Depthwise.Cli.Benchmarking;

/// <summary>The depthwise kernel timed in its own blocked layout, without conversions.</summary>
internal sealed record BlockedKernelResult(
    [property: JsonPropertyName("median_us")] double MedianMicroseconds,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("gbs")] double Gigabytes,
    [property: JsonPropertyName("roof")] string Roof,
    [property: JsonPropertyName("roof_gflops")] double RoofGflops,
    [property: JsonPropertyName("fraction_of_roof")] double FractionOfRoof,
    [property: JsonPropertyName("fraction_of_roof_in_image")] double FractionOfRoofInImage);
