using System.Globalization;
using Depthwise.Cost;
using Depthwise.Data;
using Depthwise.Diagnostics;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Training;
using Depthwise.Visualization.Animation;
using Depthwise.Visualization.FeatureMaps;
using Depthwise.Visualization.Plots;
using Depthwise.Visualization.Rendering;

namespace Depthwise.Visualization.Report;

/// <summary>
/// One self-contained HTML page that walks through the seed with computed numbers: the animation, 27 vs 9, the cost
/// tables, the separable saving, MobileNetV1, measured latency, feature maps, and the benchmark and training plots
/// where their result files exist (otherwise the commands that produce them). Every picture is embedded as a data
/// URI, so the page is one file that opens anywhere.
/// </summary>
public static class HtmlReport
{
    /// <summary>The command lines that produce the result files the report looks for.</summary>
    public const string BenchCommand = "dotnet run -c Release --project src/Depthwise.Cli -- bench --suite mobilenet-v2 --json results/bench.json";

    /// <summary>The command that produces <c>results/peers.json</c>.</summary>
    public const string PeersCommand = "dotnet run -c Release --project benchmarks/Depthwise.Benchmarks -- peers --json results/peers.json";

    /// <summary>Builds the page and writes it as <c>index.html</c> in <paramref name="directory"/> (created if needed).</summary>
    /// <param name="directory">The output folder.</param>
    /// <param name="options">What to include.</param>
    /// <returns>The file written and what each section showed.</returns>
    /// <exception cref="InvalidDataException">A result file named explicitly is not of the expected kind.</exception>
    public static (string Path, IReadOnlyList<ReportSection> Sections) Write(string directory, ReportOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var (html, sections) = Build(options);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "index.html");
        File.WriteAllText(path, html);
        return (path, sections);
    }

    /// <summary>Builds the page.</summary>
    /// <param name="options">What to include.</param>
    /// <returns>The HTML and what each section showed.</returns>
    /// <exception cref="InvalidDataException">A result file named explicitly is not of the expected kind.</exception>
    public static (string Html, IReadOnlyList<ReportSection> Sections) Build(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var page = new HtmlPage();
        var sections = new List<ReportSection>();
        page.Heading(1, "Depthwise convolution, seen and measured");
        page.Paragraph(
            "Every number on this page was computed by the Depthwise library when the page was made: the pictures call its operators, " +
            $"the cost tables come from its cost model, and the timings were measured on this machine ({Environment.ProcessorCount} logical cores, {Environment.OSVersion}).");

        sections.Add(AnimationSection(page));
        sections.Add(ArithmeticSection(page));
        sections.Add(CostSection(page));
        sections.Add(SavingSection(page));
        sections.Add(MobileNetSection(page));
        sections.Add(LatencySection(page, options));
        sections.Add(FeatureMapSection(page, options));
        sections.Add(BenchSection(page, options));
        sections.Add(PeersSection(page, options));
        sections.Add(TrainingSection(page, options));
        return (page.Render("Depthwise convolution, seen and measured"), sections);
    }

    private static ReportSection AnimationSection(HtmlPage page)
    {
        page.Heading(2, "1. Each channel its own kernel", "animation");
        var settings = new AnimationSettings { InputSize = 5, Compare = true, DelayMilliseconds = 700 };
        using var gif = new MemoryStream();
        var model = ConvolutionAnimation.WriteGif(settings, gif);
        page.Image(gif.ToArray(), "image/gif", "Animated depthwise convolution of a 5×5×3 input", "depthwise animate --size 5x5 --compare: the window slides; every product, sum and output cell is the library's own result.");
        page.Paragraph(
            $"Three channels, each convolved by its own 3×3 kernel into its own map: {model.DepthwiseMultipliesPerOutput} multiplies per output value. " +
            $"The traditional convolution below it uses one 3×3×3 kernel across all channels and makes one map: {model.TraditionalMultipliesPerOutput} multiplies per output value.");
        return new ReportSection("animation", true, "drawn now from DepthwiseConv2d.Forward and Conv2d.Forward");
    }

    private static ReportSection ArithmeticSection(HtmlPage page)
    {
        page.Heading(2, "2. 27 multiplies against 9", "arithmetic");
        var geometry = ConvGeometry.Create(28, 28, 3, 1, 1, Padding.Valid);
        var traditional = CostModel.Convolution(1, 3, 1, 1, geometry, bias: false);
        var depthwise = CostModel.Depthwise(1, 3, 1, geometry, bias: false);
        var outputs = geometry.OutputPixels;
        page.Paragraph(
            $"The seed's example: a 28×28 RGB image, a 3×3 window, valid padding, so {geometry.OutputHeight}×{geometry.OutputWidth} = {outputs} output positions. " +
            $"A traditional kernel spans the three channels: 3·3·3 = {traditional.Macs / outputs} multiplies per output value, one map. " +
            $"Depthwise gives each channel its own 3×3 kernel: 3·3 = {depthwise.Macs / (3 * outputs)} multiplies per output value, three maps.");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var maps in new[] { 1, 16, 64, 256 })
        {
            var standard = CostModel.Convolution(1, 3, maps, 1, geometry, bias: false);
            var separable = CostModel.Separable(1, 3, maps, 1, geometry, bias: false);
            rows.Add([maps.ToString(CultureInfo.InvariantCulture), Count(standard.Parameters), Count(separable.Parameters), Count(standard.Macs), Count(separable.Macs), Percent((double)separable.Macs / standard.Macs)]);
        }

        page.Table(
            ["output maps N", "traditional weights (27·N)", "separable weights (27 + 3·N)", "traditional MACs", "separable MACs", "separable / traditional"],
            rows,
            "The 28×28×3 image with N output maps: traditional 3×3 convolution against depthwise + 1×1 pointwise (cost model)");
        return new ReportSection("27 vs 9", true, "CostModel");
    }

    private static ReportSection CostSection(HtmlPage page)
    {
        page.Heading(2, "3. What four convolutions cost", "cost");
        foreach (var layer in new[] { new CostComparison(224, 224, 3, 3, 1, Padding.SameUpper, 64, 1), new CostComparison(112, 112, 32, 3, 1, Padding.SameUpper, 64, 1) })
        {
            (string Name, OpCost Cost)[] rows = [("traditional", layer.Traditional), ("depthwise", layer.Depthwise), ("pointwise", layer.Pointwise), ("separable", layer.Separable)];
            page.Table(
                ["convolution", "parameters", "MACs", "FLOPs", "bytes moved", "FLOP/byte", "MACs vs traditional"],
                rows.Select(row => (IReadOnlyList<string>)
                [
                    row.Name, Count(row.Cost.Parameters), Count(row.Cost.Macs), Count(row.Cost.Flops), Count(row.Cost.BytesRead + row.Cost.BytesWritten),
                    row.Cost.ArithmeticIntensity.ToString("0.0", CultureInfo.InvariantCulture), Percent((double)row.Cost.Macs / layer.Traditional.Macs),
                ]),
                layer.Description);
        }

        var chartLayer = new CostComparison(112, 112, 32, 3, 1, Padding.SameUpper, 64, 1);
        page.Image(CostChart.RenderPng(chartLayer), "image/png", "Parameters and multiply-adds of traditional, depthwise and separable convolution", "depthwise plot --kind cost --layer 112x112x32 --out-channels 64");
        page.Paragraph("Depthwise alone is cheap but never mixes channels; the separable block adds a 1×1 pointwise convolution that does. Its low FLOP-per-byte figure is why depthwise layers are limited by memory bandwidth, not arithmetic.");
        return new ReportSection("cost tables", true, "CostModel");
    }

    private static ReportSection SavingSection(HtmlPage page)
    {
        page.Heading(2, "4. The separable saving: 1/N + 1/k²", "saving");
        page.Paragraph("A separable block (k×k depthwise, then 1×1 pointwise to N channels) against the traditional k×k convolution to N channels costs (k²·C + C·N) / (k²·C·N) = 1/N + 1/k² of its multiply-adds, whatever the input size and channel count C. The cost model's counts, for a 56×56×64 input:");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var kernel in new[] { 3, 5 })
        {
            foreach (var maps in new[] { 16, 64, 256, 1024 })
            {
                var layer = new CostComparison(56, 56, 64, kernel, 1, Padding.SameUpper, maps, 1);
                var counted = (double)layer.Separable.Macs / layer.Traditional.Macs;
                var formula = CostModel.SeparableSavingFormula(maps, kernel);
                rows.Add([$"{kernel}×{kernel}", maps.ToString(CultureInfo.InvariantCulture), Percent(counted, 3), $"1/{maps} + 1/{kernel * kernel} = {Percent(formula, 3)}", $"{1 / counted:0.0}× fewer"]);
            }
        }

        page.Table(["kernel", "N", "separable / traditional (counted)", "1/N + 1/k²", "saving"], rows);
        return new ReportSection("separable saving", true, "CostModel.SeparableSavingFormula next to counted MACs");
    }

    private static ReportSection MobileNetSection(HtmlPage page)
    {
        page.Heading(2, "5. MobileNetV1: standard against separable", "mobilenet");
        var layers = MobileNetV1Layer.All;
        var rows = layers.Select(layer => (IReadOnlyList<string>)
        [
            layer.Name, layer.Stride.ToString(CultureInfo.InvariantCulture), Count(layer.Standard.Parameters), Count(layer.Separable.Parameters),
            Count(layer.Standard.Macs), Count(layer.Separable.Macs), Percent((double)layer.Separable.Macs / layer.Standard.Macs),
        ]).ToList();
        var standard = layers.Aggregate(OpCost.Zero, (sum, layer) => sum + layer.Standard);
        var separable = layers.Aggregate(OpCost.Zero, (sum, layer) => sum + layer.Separable);
        rows.Add(["all 13 layers", string.Empty, Count(standard.Parameters), Count(separable.Parameters), Count(standard.Macs), Count(separable.Macs), Percent((double)separable.Macs / standard.Macs)]);
        page.Table(["layer", "stride", "standard params", "separable params", "standard MACs", "separable MACs", "separable / standard"], rows, "MobileNetV1 (width 1.0, 224×224 input): its 13 separable layers, and the standard 3×3 convolutions they replace");
        page.Image(MobileNetChart.RenderPng(), "image/png", "MobileNetV1 multiply-adds per layer", "Multiply-adds per layer, from the cost model.");
        page.Paragraph($"Over the 13 layers the separable blocks need {Percent((double)separable.Macs / standard.Macs)} of the standard convolutions' multiply-adds ({standard.Macs / (double)separable.Macs:0.0}× fewer) and {Percent((double)separable.Parameters / standard.Parameters)} of their weights.");
        return new ReportSection("MobileNetV1", true, "CostModel over the paper's 13 layers");
    }

    private static ReportSection LatencySection(HtmlPage page, ReportOptions options)
    {
        page.Heading(2, "6. Measured latency", "latency");
        if (!options.MeasureLatency)
        {
            page.Note("Not measured for this page. Run 'depthwise report' (without --no-latency) to time the four convolutions on this machine.");
            return new ReportSection("latency", false, "skipped (--no-latency)");
        }

        // input (1, 32, 112, 112) → 64 channels, 3×3 same: the second layer of the demo.
        var random = new Random(11);
        using var input = RandomTensor(random, [1, 32, 112, 112]);
        using var traditionalWeights = RandomTensor(random, [64, 32, 3, 3]);
        using var depthwiseWeights = RandomTensor(random, [32, 1, 3, 3]);
        using var pointwiseWeights = RandomTensor(random, [64, 32, 1, 1]);
        var convolutionOptions = new Conv2dOptions { Padding = Padding.SameUpper, Threads = options.Threads };
        using var depthwiseOutput = DepthwiseConv2d.Forward(input, depthwiseWeights, null, convolutionOptions);
        (string Name, Action Run)[] runs =
        [
            ("traditional", () => Conv2d.Forward(input, traditionalWeights, null, 1, convolutionOptions).Dispose()),
            ("depthwise", () => DepthwiseConv2d.Forward(input, depthwiseWeights, null, convolutionOptions).Dispose()),
            ("pointwise", () => PointwiseConv2d.Forward(depthwiseOutput, pointwiseWeights, threads: options.Threads).Dispose()),
            ("separable", () => SeparableConv2d.Forward(input, depthwiseWeights, null, pointwiseWeights, null, new SeparableConv2dOptions { Padding = Padding.SameUpper, Threads = options.Threads }).Dispose()),
        ];
        var rows = new List<IReadOnlyList<string>>();
        double? traditionalMedian = null;
        foreach (var (name, run) in runs)
        {
            var statistics = LatencyMeter.Measure(run, measureTime: options.LatencyMeasureTime, minimumSamples: 10);
            traditionalMedian ??= statistics.Median;
            rows.Add(
            [
                name, statistics.Samples.ToString(CultureInfo.InvariantCulture), Milliseconds(statistics.Mean), Milliseconds(statistics.StandardDeviation), Milliseconds(statistics.Min),
                Milliseconds(statistics.Median), Milliseconds(statistics.P95), Milliseconds(statistics.P99), Milliseconds(statistics.Max), $"{traditionalMedian.Value / statistics.Median:0.0}×",
            ]);
        }

        var threads = options.Threads == 0 ? "all cores" : $"{options.Threads} thread(s)";
        page.Table(["convolution", "calls", "mean ms", "std ms", "min ms", "median ms", "p95 ms", "p99 ms", "max ms", "speed-up (median)"], rows, $"112×112×32 → 64, 3×3, same padding, {threads}, measured by LatencyMeter just now");
        page.Note("Timings on a shared machine are noisy; compare the medians, and expect the separable speed-up to fall short of its multiply-add saving, because depthwise layers are bound by memory traffic.");
        return new ReportSection("latency", true, $"LatencyMeter, {threads}");
    }

    private static ReportSection FeatureMapSection(HtmlPage page, ReportOptions options)
    {
        page.Heading(2, "7. Feature maps", "featuremaps");
        InputImage image;
        string note;
        bool included;
        try
        {
            var set = FashionMnist.Load(FashionMnistSplit.Test, options.FashionMnistDirectory);
            image = ImageLoader.FromLabelledImages(set, 0);
            note = "Fashion-MNIST test image 0";
            included = true;
        }
        catch (FileNotFoundException)
        {
            image = SampleImages.Shapes();
            note = $"drawn picture (Fashion-MNIST not installed: {FashionMnist.InstallCommand})";
            included = false;
            page.Note($"Fashion-MNIST is not installed here, so a drawn picture stands in. Install it with: {FashionMnist.InstallCommand}");
        }

        var maps = FeatureMapSet.Compute(image, ClassicKernels.Default);
        using var grid = FeatureMapGrid.Render(maps);
        page.Image(SkiaImages.EncodePng(grid), "image/png", "Feature maps of classic kernels", "depthwise featuremaps: one depthwise layer, each channel through each classic kernel.");
        return new ReportSection("feature maps", included, note);
    }

    private static ReportSection BenchSection(HtmlPage page, ReportOptions options)
    {
        page.Heading(2, "8. Our kernels against the machine's roof", "bench");
        var path = options.BenchFile ?? Conventional(options, "bench.json");
        if (path is null)
        {
            page.Paragraph("No benchmark results were found. Produce them (about a minute) and make the page again:");
            page.Code($"{BenchCommand}\ndotnet run -c Release --project src/Depthwise.Cli -- report --results results");
            return new ReportSection("bench", false, BenchCommand);
        }

        var file = BenchFile.Read(path);
        page.Image(BenchChart.RenderPng([(Path.GetFileName(path), file)]), "image/png", "Benchmark bars against the roof", $"From {Path.GetFileName(path)}: GFLOP/s per layer in front of the roof that binds it.");
        page.Image(RooflineChart.RenderPng([(Path.GetFileName(path), file)]), "image/png", "Roofline chart", "The same layers on the roofline: depthwise layers sit on the slanted bandwidth roofs, pointwise layers near the flat FMA roof.");
        return new ReportSection("bench", true, path);
    }

    private static ReportSection PeersSection(HtmlPage page, ReportOptions options)
    {
        page.Heading(2, "9. Against ONNX Runtime", "peers");
        var path = options.PeersFile ?? Conventional(options, "peers.json");
        if (path is null)
        {
            page.Paragraph("No peer comparison was found. Produce it (a few minutes) and make the page again:");
            page.Code($"{PeersCommand}\ndotnet run -c Release --project src/Depthwise.Cli -- report --results results");
            return new ReportSection("peers", false, PeersCommand);
        }

        var rows = PeerLayerResult.ReadAll(path);
        page.Image(PeersChart.RenderPng([(Path.GetFileName(path), rows)]), "image/png", "Time per layer, ours against ONNX Runtime", $"From {Path.GetFileName(path)}: both engines timed interleaved in one process.");
        return new ReportSection("peers", true, path);
    }

    private static ReportSection TrainingSection(HtmlPage page, ReportOptions options)
    {
        page.Heading(2, "10. Training: standard against separable", "training");
        var paths = options.TrainingFiles.Count > 0 ? options.TrainingFiles : ConventionalTraining(options);
        if (paths.Count == 0)
        {
            page.Paragraph("No training metrics were found. A training run writes one JSON file per model, e.g. results/training-standard.json and results/training-separable.json, in this shape:");
            page.Code("{\"model\": \"separable\", \"epochs\": [{\"epoch\": 1, \"train_loss\": 0.61, \"train_accuracy\": 0.78, \"test_loss\": 0.52, \"test_accuracy\": 0.81, \"seconds\": 12.5}, ...]}");
            page.Paragraph("Then make the page again with: dotnet run -c Release --project src/Depthwise.Cli -- report --results results");
            return new ReportSection("training", false, "results/training-*.json (TrainingMetrics)");
        }

        var runs = paths.Select(TrainingMetrics.Read).ToList();
        page.Image(TrainingChart.RenderPng(runs), "image/png", "Training curves", $"From {string.Join(", ", paths.Select(Path.GetFileName))}.");
        page.Table(
            ["model", "epochs", "final test accuracy", "final test loss", "seconds per epoch"],
            runs.Select(run => (IReadOnlyList<string>)
            [
                run.Model, run.Epochs.Count.ToString(CultureInfo.InvariantCulture), Percent(run.Epochs[^1].TestAccuracy),
                run.Epochs[^1].TestLoss.ToString("0.000", CultureInfo.InvariantCulture), run.Epochs.Average(epoch => epoch.Seconds).ToString("0.0", CultureInfo.InvariantCulture),
            ]));
        return new ReportSection("training", true, string.Join(", ", paths));
    }

    private static string? Conventional(ReportOptions options, string name)
    {
        if (options.ResultsDirectory is null)
        {
            return null;
        }

        var path = Path.Combine(options.ResultsDirectory, name);
        return File.Exists(path) ? path : null;
    }

    private static List<string> ConventionalTraining(ReportOptions options) =>
        options.ResultsDirectory is not null && Directory.Exists(options.ResultsDirectory)
            ? [.. Directory.EnumerateFiles(options.ResultsDirectory, "training*.json").Order(StringComparer.Ordinal)]
            : [];

    private static Tensor RandomTensor(Random random, int[] shape)
    {
        var tensor = new Tensor(shape);
        foreach (ref var value in tensor.Span)
        {
            value = (float)((random.NextDouble() * 2) - 1);
        }

        return tensor;
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double fraction, int decimals = 1) => ChartStyle.Percent(fraction, decimals);

    private static string Milliseconds(double value) => value.ToString(value < 1 ? "0.000" : "0.00", CultureInfo.InvariantCulture);
}
