using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// ONNX Runtime's own per-node kernel times for a whole model (its built-in profiler, the same session settings as
/// <see cref="OnnxRuntimeModel"/>), so our per-step profile can be set beside the peer's, block by block.
/// </summary>
internal static class OnnxRuntimeProfile
{
    /// <summary>
    /// Each node's fastest kernel time in µs over <paramref name="runs"/> profiled runs after <paramref name="warmup"/>,
    /// keyed by the node's name in ONNX Runtime's optimized graph (fused nodes keep the name of their first node).
    /// </summary>
    public static Dictionary<string, double> FastestNodeMicroseconds(byte[] model, string inputName, float[] input, long[] inputShape, int threads, TimeSpan warmup, int runs)
    {
        var folder = Directory.CreateTempSubdirectory("depthwise-ort-profile");
        try
        {
            // The prefix first: setting EnableProfiling hands ONNX Runtime the prefix set at that moment.
            using var options = OnnxRuntimeModel.CreateOptions(threads);
            options.ProfileOutputPathPrefix = Path.Combine(folder.FullName, "ort");
            options.EnableProfiling = true;
            using var profiled = new InferenceSession(model, options);
            using var value = OrtValue.CreateTensorValueFromMemory(input, inputShape);
            using var runOptions = new RunOptions();

            // The profiler records from the session's first run: the warm-up runs are counted and their events skipped.
            var warmupRuns = 0;
            var clock = Stopwatch.StartNew();
            for (; clock.Elapsed < warmup || warmupRuns == 0; warmupRuns++)
            {
                using var results = profiled.Run(runOptions, [inputName], [value], profiled.OutputNames);
            }

            for (var i = 0; i < runs; i++)
            {
                using var results = profiled.Run(runOptions, [inputName], [value], profiled.OutputNames);
            }

            var file = Path.GetFullPath(profiled.EndProfiling());
            try
            {
                return Fastest(File.ReadAllText(file), skipFirst: warmupRuns);
            }
            finally
            {
                File.Delete(file);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Trace events: { "cat": "Node", "name": "<node>_kernel_time", "dur": µs, … }, one per node per run, in run order.
    private static Dictionary<string, double> Fastest(string traceJson, int skipFirst)
    {
        const string Suffix = "_kernel_time";
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fastest = new Dictionary<string, double>(StringComparer.Ordinal);
        using var trace = JsonDocument.Parse(traceJson);
        foreach (var traceEvent in trace.RootElement.EnumerateArray())
        {
            if (!traceEvent.TryGetProperty("cat", out var category) || category.GetString() != "Node"
                || traceEvent.GetProperty("name").GetString() is not { } name || !name.EndsWith(Suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var node = name[..^Suffix.Length];
            var count = seen[node] = seen.GetValueOrDefault(node) + 1;
            if (count <= skipFirst)
            {
                continue;
            }

            var microseconds = traceEvent.GetProperty("dur").GetDouble();
            fastest[node] = Math.Min(fastest.GetValueOrDefault(node, double.MaxValue), microseconds);
        }

        return fastest;
    }
}
