using Depthwise.Cli.Comparison;
using Spectre.Console;

namespace Depthwise.Cli.Output;

/// <summary>The table <c>demo</c> and <c>compare</c> print for one layer compared four ways.</summary>
internal static class ComparisonTable
{
    public static Table Create(string title, IReadOnlyList<ComparisonRow> rows)
    {
        var table = new Table().Title(title).LeftAligned()
            .AddColumns("convolution", "kernels", "output", "params", "MACs", "FLOPs", "FLOP/byte", "mean ms", "std", "min", "max", "p95", "p99", "GFLOP/s", "speed-up");
        foreach (var row in rows)
        {
            var latency = row.Latency;
            table.AddRow(
                row.Kind.ToString().ToLowerInvariant(),
                row.Kernels,
                Formatting.ImageShape(row.OutputShape),
                Formatting.Count(row.Cost.Parameters),
                Formatting.Count(row.Cost.Macs),
                Formatting.Count(row.Cost.Flops),
                Formatting.Fixed(row.Cost.ArithmeticIntensity, 1),
                latency is null ? "-" : Formatting.Milliseconds(latency.Mean),
                latency is null ? "-" : Formatting.Milliseconds(latency.StandardDeviation),
                latency is null ? "-" : Formatting.Milliseconds(latency.Min),
                latency is null ? "-" : Formatting.Milliseconds(latency.Max),
                latency is null ? "-" : Formatting.Milliseconds(latency.P95),
                latency is null ? "-" : Formatting.Milliseconds(latency.P99),
                latency is null ? "-" : Formatting.Fixed(latency.GigaflopsPerSecond(row.Cost.Flops), 1),
                row.SpeedupOverTraditional is { } speedup ? Formatting.Ratio(speedup) : "-");
        }

        return table;
    }
}
