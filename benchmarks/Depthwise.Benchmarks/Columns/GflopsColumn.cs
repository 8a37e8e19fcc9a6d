using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Depthwise.Benchmarks.Columns;

/// <summary>
/// GFLOP/s from the mean time and the flop count of the case's <see cref="IFlopCounted"/> parameter, so tables show
/// throughput next to time (and can be compared with the machine's FMA roof).
/// </summary>
public sealed class GflopsColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(GflopsColumn);

    /// <inheritdoc />
    public string ColumnName => "GFLOP/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Floating-point operations per second (multiply-add = 2), from the mean time";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var flops = benchmarkCase.Parameters.Items.Select(item => item.Value).OfType<IFlopCounted>().FirstOrDefault()?.Flops;
        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return flops is null || meanNanoseconds is null or <= 0
            ? "-"
            : (flops.Value / meanNanoseconds.Value).ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
