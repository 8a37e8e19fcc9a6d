using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Training;
using Depthwise.Visualization.Plots;
using SkiaSharp;

namespace Depthwise.Tests.Visualization.Plots;

public class ChartTests
{
    [Fact]
    public void EveryChartDecodesAsAPngWithContent()
    {
        var folder = ResultFiles.TemporaryFolder();
        var bench = BenchFile.Read(ResultFiles.Bench(folder));
        var peers = PeerLayerResult.ReadAll(ResultFiles.Peers(folder));
        var training = ResultFiles.Training(folder).Select(TrainingMetrics.Read).ToList();

        byte[][] charts =
        [
            BenchChart.RenderPng([("bench", bench)]),
            RooflineChart.RenderPng([("bench", bench)]),
            PeersChart.RenderPng([("peers", peers)]),
            TrainingChart.RenderPng(training),
            CostChart.RenderPng(new CostComparison(56, 56, 64, 3, 1, Padding.SameUpper, 128, 1)),
            MobileNetChart.RenderPng(),
        ];

        foreach (var png in charts)
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.True(bitmap.Width >= 600 && bitmap.Height >= 150);
            // Not blank: the pixels carry many colours (axes, text, bars).
            Assert.True(bitmap.Pixels.Distinct().Count() > 20);
        }
    }

    [Fact]
    public void TheBenchReaderReadsWhatTheBenchVerbWrites()
    {
        var bench = BenchFile.Read(ResultFiles.Bench(ResultFiles.TemporaryFolder()));

        Assert.Equal(95.0, bench.Machine.FmaGflops);
        Assert.Equal(4, bench.Machine.TriadGigabytes.Count);
        Assert.Equal(3, bench.Layers.Count);
        Assert.Equal("pointwise", bench.Layers[2].Op);
        Assert.Equal(11.6 / 5.2, bench.Layers[0].ArithmeticIntensity, 12);
    }

    [Fact]
    public void MalformedResultFilesAreClearErrors()
    {
        var folder = ResultFiles.TemporaryFolder();
        var notJson = Path.Combine(folder, "bad.json");
        File.WriteAllText(notJson, "{ this is not json");
        var wrongShape = Path.Combine(folder, "array.json");
        File.WriteAllText(wrongShape, "[1, 2, 3]");
        var badAccuracy = Path.Combine(folder, "training.json");
        File.WriteAllText(badAccuracy, """{"model": "x", "epochs": [{"epoch": 1, "train_loss": 1, "train_accuracy": 1.5, "test_loss": 1, "test_accuracy": 0.5, "seconds": 1}]}""");

        Assert.Throws<InvalidDataException>(() => BenchFile.Read(notJson));
        Assert.Throws<InvalidDataException>(() => BenchFile.Read(wrongShape));
        Assert.Throws<InvalidDataException>(() => PeerLayerResult.ReadAll(notJson));
        Assert.Throws<InvalidDataException>(() => TrainingMetrics.Read(badAccuracy));
        Assert.Throws<InvalidDataException>(() => TrainingMetrics.Read(wrongShape));
        Assert.Throws<FileNotFoundException>(() => BenchFile.Read(Path.Combine(folder, "missing.json")));
    }

    [Fact]
    public void TrainingMetricsRoundTrip()
    {
        var path = Path.Combine(ResultFiles.TemporaryFolder(), "run.json");
        var metrics = new TrainingMetrics("separable", [new EpochMetrics(1, 0.5, 0.8, 0.6, 0.75, 3.5)]);

        metrics.Write(path);
        var read = TrainingMetrics.Read(path);

        Assert.Equal("separable", read.Model);
        Assert.Equal(metrics.Epochs, read.Epochs);
        Assert.Contains("\"test_accuracy\"", File.ReadAllText(path));
    }

    [Fact]
    public void TheCostComparisonMatchesTheSeparableFormula()
    {
        // MACs written out: traditional N·k²·C·Ho·Wo, separable (k²·C + C·N)·Ho·Wo.
        var layer = new CostComparison(20, 20, 8, 3, 1, Padding.SameUpper, 16, 1);

        Assert.Equal(16L * 9 * 8 * 400, layer.Traditional.Macs);
        Assert.Equal(((9L * 8) + (8 * 16)) * 400, layer.Separable.Macs);
        Assert.Equal(CostModel.SeparableSavingFormula(16, 3), (double)layer.Separable.Macs / layer.Traditional.Macs, 12);
    }
}
