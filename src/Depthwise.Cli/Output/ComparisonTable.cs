using Depthwise.Cli.Comparison;
using Spectre.Console;

namespace Depthwise.Cli.Output;

/// <summary>The tables <c>demo</c> and <c>compare</c> print for one layer compared four ways, each narrow enough for 80 columns.</summary>
internal static class ComparisonTable
{
    /// <summary>What each convolution is and what the cost model says it costs.</summary>
    public static Table Cost(string title, IReadOnlyList<ComparisonRow> rows)
    {
        var table = new Table().Title(title).AddColumns(new TableColumn("convolution").NoWrap(), new TableColumn("kernels"), new TableColumn("output").NoWrap(),
            new TableColumn("params").RightAligned(), new TableColumn("MACs").RightAligned(), new TableColumn("FLOPs").RightAligned(), new TableColumn("FLOP/B").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(
                Name(row),
                row.Kernels,
                Formatting.ImageShape(row.OutputShape),
                Formatting.Count(row.Cost.Parameters),
                Formatting.Count(row.Cost.Macs),
                Formatting.Count(row.Cost.Flops),
                Formatting.Fixed(row.Cost.ArithmeticIntensity, 1));
        }

        return table;
    }

    /// <summary>Measured latency statistics in milliseconds, throughput, and speed-up over the traditional convolution.</summary>
    public static Table Latency(string title, IReadOnlyList<ComparisonRow> rows)
    {
        var table = new Table().Title(title).AddColumns(new TableColumn("convolution").NoWrap());
        foreach (var heading in new[] { "mean", "std", "min", "max", "p95", "p99", "GFLOP/s", "vs trad" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned().NoWrap());
        }

        foreach (var row in rows)
        {
            if (row.Latency is not { } latency)
            {
                continue;
            }

            table.AddRow(
                Name(row),
                Formatting.Milliseconds(latency.Mean),
                Formatting.Milliseconds(latency.StandardDeviation),
                Formatting.Milliseconds(latency.Min),
                Formatting.Milliseconds(latency.Max),
                Formatting.Milliseconds(latency.P95),
                Formatting.Milliseconds(latency.P99),
                Formatting.Fixed(latency.GigaflopsPerSecond(row.Cost.Flops), 1),
                row.SpeedupOverTraditional is { } speedup ? Formatting.Ratio(speedup) : "-");
        }

        return table;
    }

    private static string Name(ComparisonRow row) => row.Kind.ToString().ToLowerInvariant();
}
