using System.Text.Json.Serialization;

namespace Depthwise.Visualization.Plots;

/// <summary>A <c>depthwise bench --json</c> file: <c>{"machine": {...}, "layers": [...]}</c>.</summary>
/// <param name="Machine">The measured roofs.</param>
/// <param name="Layers">The measured layers.</param>
public sealed record BenchFile(
    [property: JsonPropertyName("machine")] BenchMachine Machine,
    [property: JsonPropertyName("layers")] IReadOnlyList<BenchLayerResult> Layers)
{
    /// <summary>Reads a bench file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The results.</returns>
    /// <exception cref="InvalidDataException">The file is not a bench JSON file or has no layers.</exception>
    public static BenchFile Read(string path)
    {
        var file = JsonFiles.Read<BenchFile>(path, "a 'depthwise bench --json' file ({\"machine\": {...}, \"layers\": [...]})");
        if (file.Machine is null || file.Layers is null || file.Layers.Count == 0 || file.Machine.TriadGigabytes is null)
        {
            throw new InvalidDataException($"{path} is not a 'depthwise bench --json' file: expected \"machine\" with fma_gflops and triad_gbs, and at least one layer.");
        }

        return file;
    }
}
