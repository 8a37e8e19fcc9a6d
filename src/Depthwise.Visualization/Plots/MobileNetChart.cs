using Depthwise.Visualization.Report;
using ScottPlot;

namespace Depthwise.Visualization.Plots;

/// <summary>MobileNetV1's 13 layers: multiply-adds of the standard 3×3 convolution against the separable block, per layer.</summary>
public static class MobileNetChart
{
    /// <summary>Draws the chart.</summary>
    /// <returns>PNG bytes.</returns>
    public static byte[] RenderPng()
    {
        var layers = MobileNetV1Layer.All;
        using var plot = ChartStyle.Create("MobileNetV1: multiply-adds per layer, standard 3×3 convolution vs depthwise-separable");
        var standard = new List<Bar>();
        var separable = new List<Bar>();
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            standard.Add(new Bar { Position = i - 0.2, Value = layer.Standard.Macs / 1e6, FillColor = ChartStyle.Traditional, LineWidth = 0, Size = 0.38 });
            separable.Add(new Bar
            {
                Position = i + 0.2,
                Value = layer.Separable.Macs / 1e6,
                FillColor = ChartStyle.Separable,
                LineWidth = 0,
                Size = 0.38,
                Label = $"{ChartStyle.Percent((double)layer.Separable.Macs / layer.Standard.Macs, 0)}",
            });
        }

        var standardBars = plot.Add.Bars(standard);
        standardBars.LegendText = "standard 3×3 convolution";
        var separableBars = plot.Add.Bars(separable);
        separableBars.LegendText = "depthwise-separable (label: share of standard)";
        separableBars.ValueLabelStyle.FontSize = 10;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < layers.Count; i++)
        {
            ticks.AddMajor(i, $"{layers[i].Index}\n{layers[i].InputSize}²×{layers[i].Channels}");
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.XLabel("layer (input size × channels)");
        plot.YLabel("million multiply-adds");
        plot.Axes.SetLimits(-0.6, layers.Count - 0.4, 0, layers.Max(layer => layer.Standard.Macs) / 1e6 * 1.12);
        plot.ShowLegend(Alignment.UpperRight);
        return ChartStyle.ToPng(1100, 460, (plot, new PixelRect(0, 1100, 460, 0)));
    }
}
