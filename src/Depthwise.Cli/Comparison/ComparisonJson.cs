using System.Text.Json;

namespace Depthwise.Cli.Comparison;

/// <summary>The JSON shape of one <c>compare</c> row: flat, snake_case, milliseconds.</summary>
internal sealed record ComparisonJson(
    string Input,
    int Kernel,
    int[] Stride,
    string Padding,
    int Multiplier,
    int OutChannels,
    string Convolution,
    string Kernels,
    int[] OutputShape,
    long Parameters,
    long Macs,
    long Flops,
    long BytesRead,
    long BytesWritten,
    double ArithmeticIntensity,
    double? MeanMs,
    double? StdMs,
    double? MinMs,
    double? MaxMs,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    double? Gflops,
    double? SpeedupOverTraditional)
{
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static ComparisonJson From(ComparisonSetup setup, ComparisonRow row) => new(
        setup.InputText.Replace('×', 'x'),
        setup.Kernel,
        [setup.Stride.Height, setup.Stride.Width],
        setup.Padding.ToString(),
        setup.Multiplier,
        setup.OutputChannels,
        row.Kind.ToString().ToLowerInvariant(),
        row.Kernels,
        row.OutputShape,
        row.Cost.Parameters,
        row.Cost.Macs,
        row.Cost.Flops,
        row.Cost.BytesRead,
        row.Cost.BytesWritten,
        row.Cost.ArithmeticIntensity,
        row.Latency?.Mean,
        row.Latency?.StandardDeviation,
        row.Latency?.Min,
        row.Latency?.Max,
        row.Latency?.Median,
        row.Latency?.P95,
        row.Latency?.P99,
        row.Latency?.GigaflopsPerSecond(row.Cost.Flops),
        row.SpeedupOverTraditional);
}
