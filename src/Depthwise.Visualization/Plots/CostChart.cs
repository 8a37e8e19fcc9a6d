using Depthwise.Cost;
using ScottPlot;

namespace Depthwise.Visualization.Plots;

/// <summary>Parameters and multiply-adds of traditional, depthwise and separable versions of one layer, as bars.</summary>
public static class CostChart
{
    /// <summary>Draws the chart.</summary>
    /// <param name="layer">The layer.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentException">The layer's numbers are out of range.</exception>
    public static byte[] RenderPng(CostComparison layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        (string Name, OpCost Cost, Color Color)[] rows =
        [
            ("traditional", layer.Traditional, ChartStyle.Traditional),
            ("depthwise", layer.Depthwise, ChartStyle.Ours),
            ("separable", layer.Separable, ChartStyle.Separable),
        ];

        using var parameters = Panel("Parameters", rows, cost => cost.Parameters, layer.Traditional.Parameters);
        using var macs = Panel("Multiply-adds", rows, cost => cost.Macs, layer.Traditional.Macs);
        using var title = ChartStyle.Create(string.Empty);
        title.Layout.Frameless();
        title.HideAxesAndGrid();
        var heading = title.Add.Text($"What one layer costs: {layer.Description}", 0, 0.45);
        heading.LabelFontSize = 16;
        heading.LabelBold = true;
        heading.LabelAlignment = Alignment.MiddleCenter;
        var formula = Depthwise.Cost.CostModel.SeparableSavingFormula(layer.OutChannels, layer.Kernel);
        var note = title.Add.Text(
            $"depthwise alone makes {layer.Channels * layer.Multiplier} maps without mixing channels; separable = depthwise + 1×1 pointwise to {layer.OutChannels}.  " +
            (layer.Multiplier == 1 ? $"Separable / traditional = 1/N + 1/k² = 1/{layer.OutChannels} + 1/{layer.Kernel * layer.Kernel} = {ChartStyle.Percent(formula)}" : string.Empty),
            0,
            -0.45);
        note.LabelFontSize = 12;
        note.LabelAlignment = Alignment.MiddleCenter;
        title.Axes.SetLimits(-1, 1, -1, 1);
        return ChartStyle.ToPng(1100, 470, (title, new PixelRect(0, 1100, 64, 0)), (parameters, new PixelRect(0, 550, 470, 60)), (macs, new PixelRect(550, 1100, 470, 60)));
    }

    private static Plot Panel(string name, (string Name, OpCost Cost, Color Color)[] rows, Func<OpCost, long> value, long traditional)
    {
        var plot = ChartStyle.Create(name);
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Length; i++)
        {
            var amount = value(rows[i].Cost);
            bars.Add(new Bar
            {
                Position = i,
                Value = amount,
                FillColor = rows[i].Color,
                LineWidth = 0,
                Size = 0.6,
                Label = i == 0 ? ChartStyle.Number(amount) : $"{ChartStyle.Number(amount)} ({ChartStyle.Percent((double)amount / traditional)})",
            });
        }

        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 12;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < rows.Length; i++)
        {
            ticks.AddMajor(i, rows[i].Name);
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = ChartStyle.Number };
        plot.Axes.SetLimits(-0.6, rows.Length - 0.4, 0, rows.Max(row => value(row.Cost)) * 1.15);
        return plot;
    }
}
