using BenchmarkDotNet.Configs;
using Depthwise.Benchmarks.Columns;

namespace Depthwise.Benchmarks.Operators;

/// <summary>The default job plus a GFLOP/s column.</summary>
public sealed class ConvBenchmarkConfig : ManualConfig
{
    /// <summary>Adds <see cref="GflopsColumn"/> to the defaults.</summary>
    public ConvBenchmarkConfig() => AddColumn(new GflopsColumn());
}
