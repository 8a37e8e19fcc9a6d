using System.Text.Json.Serialization;

namespace Depthwise.Visualization.Plots;

/// <summary>One row of the peers benchmark's <c>--json</c> file (the fields the plots use).</summary>
/// <param name="Name">Layer name.</param>
/// <param name="Op"><c>depthwise</c> or <c>pointwise</c>.</param>
/// <param name="Threads">Threads both engines used.</param>
/// <param name="DepthwiseMicroseconds">Our median time.</param>
/// <param name="OnnxRuntimeMicroseconds">ONNX Runtime's median time.</param>
/// <param name="Ratio">Ours over ONNX Runtime's: below 1 we are faster.</param>
public sealed record PeerLayerResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("depthwise_us")] double DepthwiseMicroseconds,
    [property: JsonPropertyName("onnxruntime_us")] double OnnxRuntimeMicroseconds,
    [property: JsonPropertyName("ratio")] double Ratio)
{
    /// <summary>Reads a peers file: a JSON array of rows.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="InvalidDataException">The file is not a peers JSON array or is empty.</exception>
    public static IReadOnlyList<PeerLayerResult> ReadAll(string path)
    {
        var rows = JsonFiles.Read<List<PeerLayerResult>>(path, "a peers benchmark --json file (an array of rows)");
        if (rows.Count == 0 || rows.Any(row => row is null || row.DepthwiseMicroseconds <= 0 || row.OnnxRuntimeMicroseconds <= 0))
        {
            throw new InvalidDataException($"{path} is not a peers benchmark file: expected at least one row, each with positive depthwise_us and onnxruntime_us.");
        }

        return rows;
    }
}
