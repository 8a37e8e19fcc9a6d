using System.Text.Json.Serialization;

namespace Depthwise.Cli.Benchmarking;

/// <summary>One measured layer, as printed and as written to <c>--json</c>; depthwise layers also carry the kernel timed in its own layout.</summary>
internal sealed record BenchResult(
    [property: JsonPropertyName("suite")] string Suite,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("channels")] int Channels,
    [property: JsonPropertyName("out_channels")] int OutChannels,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("kernel")] int[] Kernel,
    [property: JsonPropertyName("stride")] int[] Stride,
    [property: JsonPropertyName("dilation")] int[] Dilation,
    [property: JsonPropertyName("multiplier")] int Multiplier,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("median_us")] double MedianMicroseconds,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("gbs")] double Gigabytes,
    [property: JsonPropertyName("roof")] string Roof,
    [property: JsonPropertyName("roof_gflops")] double RoofGflops,
    [property: JsonPropertyName("fraction_of_roof")] double FractionOfRoof,
    [property: JsonPropertyName("in_image_taps")] double InImageTaps,
    [property: JsonPropertyName("fraction_of_roof_in_image")] double FractionOfRoofInImage,
    [property: JsonPropertyName("blocked_kernel")] BlockedKernelResult? BlockedKernel = null);
