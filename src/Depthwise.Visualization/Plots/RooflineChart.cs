using ScottPlot;

namespace Depthwise.Visualization.Plots;

/// <summary>
/// The roofline model of <c>depthwise bench</c> results: each kernel as a point (arithmetic intensity, GFLOP/s) under
/// the FMA roof and one bandwidth roof per memory level, on log–log axes.
/// </summary>
/// <remarks>
/// A kernel at intensity I (FLOPs per byte) can run at most min(FMA peak, bandwidth × I): the slanted roofs are
/// bandwidth × I for each level's measured triad bandwidth, and the flat roof is the measured FMA peak.
/// </remarks>
public static class RooflineChart
{
    private const int Width = 1000;
    private const int Height = 640;

    // The data area inside the axes, roughly: the figure less ScottPlot's title, labels and ticks.
    private const double DataWidth = Width - 95;
    private const double DataHeight = Height - 100;

    /// <summary>Draws the chart.</summary>
    /// <param name="files">One or more bench files; the roofs are those of the first.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentException">No files were given.</exception>
    public static byte[] RenderPng(IReadOnlyList<(string Label, BenchFile File)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("files is empty; expected at least one bench file.", nameof(files));
        }

        var machine = files[0].File.Machine;
        var layers = files.SelectMany(file => file.File.Layers).Where(layer => layer.Gflops > 0 && layer.ArithmeticIntensity > 0).ToList();
        if (layers.Count == 0)
        {
            throw new ArgumentException("the bench files hold no layer with positive GFLOP/s and GB/s.", nameof(files));
        }

        using var plot = ChartStyle.Create($"Roofline: each kernel under the machine's roofs ({ChartStyle.Threads(machine.Threads)})");
        var bandwidths = machine.TriadGigabytes.Where(pair => pair.Value > 0).OrderByDescending(pair => pair.Value).ToList();
        var ridges = bandwidths.Select(pair => machine.FmaGflops / pair.Value).ToList();
        var minimumX = Math.Floor(Math.Log10(layers.Min(layer => layer.ArithmeticIntensity) / 2));
        var maximumX = Math.Ceiling(Math.Log10(Math.Max(layers.Max(layer => layer.ArithmeticIntensity), ridges.DefaultIfEmpty(1).Max()) * 2));
        var minimumY = Math.Floor(Math.Log10(layers.Min(layer => layer.Gflops) / 2));
        var maximumY = Math.Log10(Math.Max(machine.FmaGflops, layers.Max(layer => layer.Gflops))) + 0.4;

        // Slanted roofs have slope 1 in decades; on screen that is this angle, given the axes' spans and the plot's shape.
        var screenAngle = Math.Atan((DataHeight / (maximumY - minimumY)) / (DataWidth / (maximumX - minimumX))) * 180 / Math.PI;

        // The flat FMA roof, then one slanted roof per level, each ending where it meets the flat one.
        var fma = plot.Add.Line(minimumX, Math.Log10(machine.FmaGflops), maximumX, Math.Log10(machine.FmaGflops));
        fma.LineWidth = 2.5f;
        fma.Color = Colors.Black;
        var fmaLabel = plot.Add.Text($"FMA peak {machine.FmaGflops:0} GFLOP/s", maximumX - 0.05, Math.Log10(machine.FmaGflops) + 0.04);
        fmaLabel.LabelFontSize = 12;
        fmaLabel.LabelAlignment = Alignment.LowerRight;
        for (var i = 0; i < bandwidths.Count; i++)
        {
            var (level, gigabytes) = (bandwidths[i].Key, bandwidths[i].Value);
            var startX = Math.Max(minimumX, minimumY - Math.Log10(gigabytes));
            var endX = Math.Log10(ridges[i]);
            var roof = plot.Add.Line(startX, startX + Math.Log10(gigabytes), endX, endX + Math.Log10(gigabytes));
            roof.LineWidth = 2;
            roof.Color = Colors.Black.WithAlpha(0.35 + (0.5 * (bandwidths.Count - i) / bandwidths.Count));
            roof.LinePattern = LinePattern.Dashed;
            var labelX = startX + 0.15;
            var label = plot.Add.Text($"{(level == "Dram" ? "DRAM" : level)} {gigabytes:0.#} GB/s", labelX, labelX + Math.Log10(gigabytes));
            label.LabelFontSize = 11;
            label.LabelRotation = -(float)screenAngle;
            label.LabelAlignment = Alignment.LowerLeft;
        }

        foreach (var (op, color, shape) in new[] { ("depthwise", ChartStyle.Ours, MarkerShape.FilledCircle), ("pointwise", ChartStyle.Pointwise, MarkerShape.FilledSquare) })
        {
            var points = layers.Where(layer => layer.Op == op).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            double[] xs = [.. points.Select(layer => Math.Log10(layer.ArithmeticIntensity))];
            double[] ys = [.. points.Select(layer => Math.Log10(layer.Gflops))];
            var markers = plot.Add.Markers(xs, ys, shape, 9, color);
            markers.LegendText = $"{op} layers ({points.Count})";
        }

        plot.Axes.Bottom.TickGenerator = ChartStyle.LogTicks(minimumX, maximumX, value => ChartStyle.Number(value));
        plot.Axes.Left.TickGenerator = ChartStyle.LogTicks(minimumY, maximumY, value => ChartStyle.Number(value));
        plot.XLabel("arithmetic intensity (FLOP per byte, cost model; log scale)");
        plot.YLabel("GFLOP/s (log scale)");
        plot.Axes.SetLimits(minimumX, maximumX, minimumY, maximumY);
        plot.ShowLegend(Alignment.LowerRight);
        return ChartStyle.ToPng(Width, Height, (plot, new PixelRect(0, Width, Height, 0)));
    }
}
