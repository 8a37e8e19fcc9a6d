using Depthwise.Training;
using ScottPlot;

namespace Depthwise.Visualization.Plots;

/// <summary>Training curves: loss and accuracy per epoch for each model (solid: test, dashed: training).</summary>
public static class TrainingChart
{
    /// <summary>Draws the chart.</summary>
    /// <param name="runs">One or more metrics files, e.g. the standard and the separable model.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentException">No runs were given.</exception>
    public static byte[] RenderPng(IReadOnlyList<TrainingMetrics> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("runs is empty; expected at least one training metrics file.", nameof(runs));
        }

        using var loss = ChartStyle.Create("Loss per epoch");
        using var accuracy = ChartStyle.Create("Accuracy per epoch");
        for (var r = 0; r < runs.Count; r++)
        {
            var run = runs[r];
            var color = ChartStyle.Series(r);
            double[] epochs = [.. run.Epochs.Select(epoch => (double)epoch.Epoch)];
            var last = run.Epochs[^1];
            var seconds = run.Epochs.Average(epoch => epoch.Seconds);
            AddCurve(loss, epochs, [.. run.Epochs.Select(epoch => epoch.TestLoss)], color, test: true, $"{run.Model}: test");
            AddCurve(loss, epochs, [.. run.Epochs.Select(epoch => epoch.TrainLoss)], color, test: false, $"{run.Model}: train");
            AddCurve(accuracy, epochs, [.. run.Epochs.Select(epoch => 100 * epoch.TestAccuracy)], color, test: true, $"{run.Model}: test {ChartStyle.Percent(last.TestAccuracy)}, {seconds:0.#} s/epoch");
            AddCurve(accuracy, epochs, [.. run.Epochs.Select(epoch => 100 * epoch.TrainAccuracy)], color, test: false, $"{run.Model}: train");
        }

        loss.XLabel("epoch");
        loss.YLabel("cross-entropy loss");
        accuracy.XLabel("epoch");
        accuracy.YLabel("accuracy (%)");
        loss.ShowLegend(Alignment.UpperRight);
        accuracy.ShowLegend(Alignment.LowerRight);
        foreach (var plot in new[] { loss, accuracy })
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        return ChartStyle.ToPng(1200, 480, (loss, new PixelRect(0, 600, 480, 0)), (accuracy, new PixelRect(600, 1200, 480, 0)));
    }

    private static void AddCurve(Plot plot, double[] epochs, double[] values, Color color, bool test, string legend)
    {
        var curve = plot.Add.Scatter(epochs, values, color);
        curve.LinePattern = test ? LinePattern.Solid : LinePattern.Dashed;
        curve.LineWidth = 2;
        curve.MarkerSize = test ? 6 : 0;
        curve.LegendText = legend;
    }
}
