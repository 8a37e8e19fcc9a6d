using System.Text.Json.Serialization;

namespace Depthwise.Benchmarks.Peers;

/// <summary>One row of the fused section of the peers benchmark.</summary>
internal sealed record SeparablePeerResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("layout")] string Layout,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("channels")] int Channels,
    [property: JsonPropertyName("out_channels")] int OutChannels,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("stride")] int Stride,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("fused_us")] double FusedMicroseconds,
    [property: JsonPropertyName("sequence_us")] double SequenceMicroseconds,
    [property: JsonPropertyName("fused_over_sequence")] double FusedOverSequence,
    [property: JsonPropertyName("onnxruntime_us")] double? OnnxRuntimeMicroseconds,
    [property: JsonPropertyName("fused_over_onnxruntime")] double? FusedOverOnnxRuntime,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("max_abs_diff_onnxruntime")] double? MaxAbsoluteDifference);
