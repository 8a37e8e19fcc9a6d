using System.Text.Json.Serialization;

namespace Depthwise.Benchmarks.Peers;

/// <summary>One row of the peers benchmark, in the JSON shape the issue specifies.</summary>
internal sealed record PeerResult(
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
    [property: JsonPropertyName("pads")] int[] Pads,
    [property: JsonPropertyName("multiplier")] int Multiplier,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("depthwise_us")] double DepthwiseMicroseconds,
    [property: JsonPropertyName("onnxruntime_us")] double OnnxRuntimeMicroseconds,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("max_abs_diff")] double MaxAbsoluteDifference);
