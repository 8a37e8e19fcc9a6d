using Depthwise.Data;
using Depthwise.Tests.Data;
using Depthwise.Tests.Visualization;
using SkiaSharp;

namespace Depthwise.Tests.Cli;

public class VisualizationCommandTests
{
    [Fact]
    public void AnimateWritesALoopingGifWithOneFramePerStep()
    {
        var path = TestImages.TemporaryPath("anim.gif");

        var (exitCode, output, error) = CliRunner.Run("animate", "--channels", "2", "--size", "5x4", "--padding", "same", "--stride", "2", "--compare", "--delay", "250", "--out", path);

        Assert.True(exitCode == 0, error);
        var decoded = SkiaDecoding.Decode(File.ReadAllBytes(path));
        // same padding, stride 2: ceil(5/2) × ceil(4/2) = 3 × 2 windows, plus the closing frame.
        Assert.Equal(7, decoded.Frames.Count);
        Assert.Equal(250, decoded.DurationsMilliseconds[0]);
        Assert.Contains("7 frames", output);
    }

    [Fact]
    public void FeatureMapsOfAnEdgeImageWriteAGrid()
    {
        var image = TestImages.VerticalEdgePng(24, 24);
        var path = TestImages.TemporaryPath("grid.png");

        var (exitCode, output, error) = CliRunner.Run("featuremaps", "--image", image, "--kernels", "sobel-x,blur", "--out", path);

        Assert.True(exitCode == 0, error);
        using var grid = SKBitmap.Decode(path);
        Assert.NotNull(grid);
        Assert.Contains("2 kernels", output);
    }

    [Fact]
    public void FeatureMapsOfAFashionMnistImage()
    {
        var path = TestImages.TemporaryPath("fashion.png");

        var (exitCode, output, error) = CliRunner.Run("featuremaps", "--fashion-mnist", "0", "--out", path);

        Assert.True(exitCode == 0, error);
        Assert.Contains("Ankle boot", output);
        Assert.True(new FileInfo(path).Length > 0);
    }

    [Theory]
    [InlineData("bench")]
    [InlineData("roofline")]
    [InlineData("peers")]
    [InlineData("training")]
    [InlineData("cost")]
    public void PlotWritesEveryKind(string kind)
    {
        var folder = ResultFiles.TemporaryFolder();
        var path = Path.Combine(folder, kind + ".png");
        string[] inputs = kind switch
        {
            "bench" or "roofline" => ["--input", ResultFiles.Bench(folder)],
            "peers" => ["--input", ResultFiles.Peers(folder)],
            "training" => [.. ResultFiles.Training(folder).SelectMany(file => new[] { "--input", file })],
            _ => ["--layer", "56x56x64", "--out-channels", "128"],
        };

        var (exitCode, _, error) = CliRunner.Run(["plot", "--kind", kind, .. inputs, "--out", path]);

        Assert.True(exitCode == 0, error);
        using var chart = SKBitmap.Decode(path);
        Assert.NotNull(chart);
    }

    [Fact]
    public void ReportWritesOnePage()
    {
        var folder = ResultFiles.TemporaryFolder();
        ResultFiles.Bench(folder);

        var (exitCode, output, error) = CliRunner.Run("report", "--out", Path.Combine(folder, "page"), "--results", folder, "--no-latency", "--data", Path.Combine(folder, "none"));

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(Path.Combine(folder, "page", "index.html")));
        Assert.Contains("bench", output);
    }

    public static TheoryData<string[], string> BadInputs()
    {
        var text = TestImages.TemporaryPath("notes.png");
        File.WriteAllText(text, "not an image");
        var webp = TestImages.VerticalEdgePng(8, 8, SKEncodedImageFormat.Webp);
        var huge = TestImages.PngClaiming(100_000, 100_000);
        var output = TestImages.TemporaryPath("out.png");
        var missingData = Path.Combine(Path.GetTempPath(), "depthwise-no-dataset-" + Guid.NewGuid().ToString("N"));
        return new TheoryData<string[], string>
        {
            { ["animate", "--size", "100000x100000", "--out", output], "size is 100000" },
            { ["animate", "--size", "6x", "--out", output], "--size" },
            { ["animate", "--channels", "9", "--out", output], "channels is 9" },
            { ["animate", "--size", "2x2", "--out", output], "does not fit" },
            { ["featuremaps", "--image", text, "--out", output], "PNG or JPEG" },
            { ["featuremaps", "--image", webp, "--out", output], "Webp image" },
            { ["featuremaps", "--image", huge, "--out", output], "100000x100000" },
            { ["featuremaps", "--image", TestImages.TemporaryPath("missing.png"), "--out", output], "does not exist" },
            { ["featuremaps", "--out", output], "exactly one of" },
            { ["featuremaps", "--fashion-mnist", "0", "--data", missingData, "--out", output], FashionMnist.InstallCommand },
            { ["featuremaps", "--image", TestImages.VerticalEdgePng(8, 8), "--kernels", "wobble", "--out", output], "wobble" },
            { ["plot", "--kind", "bench", "--out", output], "--input" },
            { ["plot", "--kind", "sideways", "--out", output], "sideways" },
            { ["plot", "--kind", "training", "--input", text, "--out", output], "not a training metrics file" },
            { ["plot", "--kind", "cost", "--layer", "4x4x3", "--kernel", "7", "--padding", "valid", "--out", output], "does not fit" },
            { ["report", "--bench", TestImages.TemporaryPath("nothing.json"), "--no-latency"], "does not exist" },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneClearLine(string[] args, string expected)
    {
        var (exitCode, _, error) = CliRunner.Run(args);

        Assert.Equal(2, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
    }

    [Theory]
    [InlineData("animate")]
    [InlineData("featuremaps")]
    [InlineData("plot")]
    [InlineData("report")]
    public void EveryVerbHasHelp(string verb)
    {
        var (exitCode, output, _) = CliRunner.Run(verb, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output);
    }
}
