using System.Text.Json;
using Depthwise.Cli.Benchmarking;
using Depthwise.Training;

namespace Depthwise.Tests.Visualization;

/// <summary>
/// Small result files in the formats the plots read. The bench file is serialized from the CLI's own
/// <see cref="BenchResult"/> record, so a change to the bench format breaks these tests rather than the plots.
/// </summary>
internal static class ResultFiles
{
    public static string Bench(string folder)
    {
        BenchResult[] layers =
        [
            new("mobilenet-v1", "dw 3×3 32 112×112 s1", "depthwise", 1, 32, 32, 112, 112, [3, 3], [1, 1], [1, 1], 1, 1, 310.5, 11.6, 5.2, "L2 bandwidth", 16.8, 0.69, 0.98, 0.68),
            new("mobilenet-v1", "dw 3×3 512 14×14 s1", "depthwise", 1, 512, 512, 14, 14, [3, 3], [1, 1], [1, 1], 1, 1, 120.2, 15.1, 6.9, "L2 bandwidth", 20.3, 0.74, 0.91, 0.67),
            new("mobilenet-v1", "pw 512→512 14×14", "pointwise", 1, 512, 512, 14, 14, [1, 1], [1, 1], [1, 1], 1, 1, 1450.0, 71.0, 3.9, "FMA", 95.0, 0.75, 1.0, 0.75),
        ];
        var document = new
        {
            machine = new { threads = 1, fma_gflops = 95.0, triad_gbs = new Dictionary<string, double> { ["L1"] = 180, ["L2"] = 60, ["L3"] = 30, ["Dram"] = 12 } },
            layers,
        };
        var path = Path.Combine(folder, "bench.json");
        File.WriteAllText(path, JsonSerializer.Serialize(document));
        return path;
    }

    public static string Peers(string folder)
    {
        var path = Path.Combine(folder, "peers.json");
        File.WriteAllText(path, """
            [
              {"name": "dw 3x3 144 56x56", "op": "depthwise", "batch": 1, "channels": 144, "out_channels": 144, "height": 56, "width": 56,
               "kernel": [3, 3], "stride": [1, 1], "dilation": [1, 1], "pads": [1, 1, 1, 1], "multiplier": 1, "threads": 1,
               "depthwise_us": 180.5, "onnxruntime_us": 410.0, "ratio": 0.44, "gflops": 9.0, "max_abs_diff": 1e-6},
              {"name": "pw 144->24 56x56", "op": "pointwise", "batch": 1, "channels": 144, "out_channels": 24, "height": 56, "width": 56,
               "kernel": [1, 1], "stride": [1, 1], "dilation": [1, 1], "pads": [0, 0, 0, 0], "multiplier": 1, "threads": 1,
               "depthwise_us": 260.0, "onnxruntime_us": 230.0, "ratio": 1.13, "gflops": 40.0, "max_abs_diff": 2e-6}
            ]
            """);
        return path;
    }

    public static string[] Training(string folder)
    {
        string[] paths = [Path.Combine(folder, "training-standard.json"), Path.Combine(folder, "training-separable.json")];
        new TrainingMetrics("standard", [new EpochMetrics(1, 0.62, 0.78, 0.55, 0.80, 21.0), new EpochMetrics(2, 0.41, 0.85, 0.44, 0.84, 20.5)]).Write(paths[0]);
        new TrainingMetrics("separable", [new EpochMetrics(1, 0.70, 0.75, 0.61, 0.78, 9.1), new EpochMetrics(2, 0.47, 0.83, 0.49, 0.82, 9.0)]).Write(paths[1]);
        return paths;
    }

    public static string TemporaryFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "depthwise-results-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
