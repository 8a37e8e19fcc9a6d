using ScottPlot;

namespace Depthwise.Visualization.Plots;

/// <summary>
/// <c>depthwise bench</c> results as horizontal bars: per layer, the GFLOP/s achieved in front of the roof that
/// binds it (FMA or the bandwidth of the cache level its data live in), labelled with the fraction reached.
/// </summary>
public static class BenchChart
{
    /// <summary>Draws the chart.</summary>
    /// <param name="files">One or more bench files with a label each; several files give grouped bars.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentException">No files were given.</exception>
    public static byte[] RenderPng(IReadOnlyList<(string Label, BenchFile File)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("files is empty; expected at least one bench file.", nameof(files));
        }

        var names = files.SelectMany(file => file.File.Layers.Select(layer => layer.Name)).Distinct().ToList();
        using var plot = ChartStyle.Create(files.Count == 1
            ? $"Our kernels against the machine's roof ({ChartStyle.Threads(files[0].File.Machine.Threads)})"
            : "Our kernels against the machine's roof");
        var slot = 0.8 / files.Count;
        for (var f = 0; f < files.Count; f++)
        {
            var (label, file) = files[f];
            var roofs = new List<Bar>();
            var achieved = new List<Bar>();
            foreach (var layer in file.Layers)
            {
                var position = -names.IndexOf(layer.Name) + 0.4 - (slot * (f + 0.5));
                roofs.Add(new Bar { Position = position, Value = layer.RoofGflops, FillColor = ChartStyle.Roof, LineWidth = 0, Size = slot * 0.9 });
                achieved.Add(new Bar
                {
                    Position = position,
                    Value = layer.Gflops,
                    FillColor = files.Count > 1 ? ChartStyle.Series(f) : layer.Op == "pointwise" ? ChartStyle.Pointwise : ChartStyle.Ours,
                    LineWidth = 0,
                    Size = slot * 0.9,
                    Label = $"{ChartStyle.Percent(layer.FractionOfRoof, 0)} of {layer.Roof}",
                });
            }

            var roofBars = plot.Add.Bars(roofs);
            roofBars.Horizontal = true;
            var bars = plot.Add.Bars(achieved);
            bars.Horizontal = true;
            bars.ValueLabelStyle.FontSize = 11;
            bars.LegendText = files.Count > 1 ? label : string.Empty;
        }

        ChartStyle.CategoryTicks(plot, names);
        plot.XLabel("GFLOP/s (bar: achieved; gray: the binding roof)");
        var maximum = files.SelectMany(file => file.File.Layers).Max(layer => Math.Max(layer.RoofGflops, layer.Gflops));
        plot.Axes.SetLimits(0, maximum * 1.35, -names.Count + 0.5, 0.6);
        if (files.Count > 1)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }

        var height = 110 + (names.Count * Math.Max(26, 14 * files.Count));
        return ChartStyle.ToPng(1000, height, (plot, new PixelRect(0, 1000, height, 0)));
    }
}
