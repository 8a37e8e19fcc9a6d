using ScottPlot;

namespace Depthwise.Visualization.Plots;

/// <summary>
/// The peers benchmark as bars: per layer, our time and ONNX Runtime's (log scale) on the left, and the ratio
/// ours / ONNX Runtime on the right, green where we are faster.
/// </summary>
public static class PeersChart
{
    /// <summary>Draws the chart.</summary>
    /// <param name="files">One or more peers files with a label each; their rows are shown one after another.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentException">No rows were given.</exception>
    public static byte[] RenderPng(IReadOnlyList<(string Label, IReadOnlyList<PeerLayerResult> Rows)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var rows = files.SelectMany(file => file.Rows.Select(row => (Name: RowName(files.Count > 1 ? file.Label : null, row), Row: row))).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("files holds no rows; expected at least one peers result.", nameof(files));
        }

        var names = rows.Select(row => row.Name).ToList();
        using var times = ChartStyle.Create("Time per call (median)");
        var minimumLog = Math.Floor(rows.Min(row => Math.Log10(Math.Min(row.Row.DepthwiseMicroseconds, row.Row.OnnxRuntimeMicroseconds))));
        var maximumLog = rows.Max(row => Math.Log10(Math.Max(row.Row.DepthwiseMicroseconds, row.Row.OnnxRuntimeMicroseconds)));
        var ours = new List<Bar>();
        var peer = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i].Row;
            ours.Add(new Bar { Position = -i + 0.2, ValueBase = minimumLog, Value = Math.Log10(row.DepthwiseMicroseconds), FillColor = ChartStyle.Ours, LineWidth = 0, Size = 0.38 });
            peer.Add(new Bar { Position = -i - 0.2, ValueBase = minimumLog, Value = Math.Log10(row.OnnxRuntimeMicroseconds), FillColor = ChartStyle.Peer, LineWidth = 0, Size = 0.38 });
        }

        var oursBars = times.Add.Bars(ours);
        oursBars.Horizontal = true;
        oursBars.LegendText = "Depthwise (ours)";
        var peerBars = times.Add.Bars(peer);
        peerBars.Horizontal = true;
        peerBars.LegendText = "ONNX Runtime";
        ChartStyle.CategoryTicks(times, names);
        times.Axes.Bottom.TickGenerator = ChartStyle.LogTicks(minimumLog, maximumLog, value => ChartStyle.Number(value));
        times.XLabel("µs per call (log scale)");
        times.Axes.SetLimits(minimumLog, Math.Ceiling(maximumLog + 0.05), -rows.Count + 0.5, 0.6);
        times.ShowLegend(Alignment.LowerRight);

        using var ratios = ChartStyle.Create("Ours / ONNX Runtime (below 1: we are faster)");
        var ratioBars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            var ratio = rows[i].Row.Ratio;
            ratioBars.Add(new Bar
            {
                Position = -i,
                Value = ratio,
                FillColor = ratio <= 1 ? ChartStyle.Faster : ChartStyle.Slower,
                LineWidth = 0,
                Size = 0.7,
                Label = $"{ratio:0.00}×",
            });
        }

        var ratioPlot = ratios.Add.Bars(ratioBars);
        ratioPlot.Horizontal = true;
        ratioPlot.ValueLabelStyle.FontSize = 11;
        ratios.Add.VerticalLine(1, 1.5f, Colors.Black, LinePattern.Dashed);
        ChartStyle.CategoryTicks(ratios, [.. names.Select(_ => string.Empty)]);
        ratios.XLabel("time ratio");
        ratios.Axes.SetLimits(0, Math.Max(1.2, rows.Max(row => row.Row.Ratio) * 1.25), -rows.Count + 0.5, 0.6);

        var height = 120 + (rows.Count * 30);
        return ChartStyle.ToPng(1200, height, (times, new PixelRect(0, 760, height, 0)), (ratios, new PixelRect(760, 1200, height, 0)));
    }

    private static string RowName(string? label, PeerLayerResult row) =>
        (label is null ? string.Empty : label + ": ") + $"{row.Name} ({row.Threads}t)";
}
