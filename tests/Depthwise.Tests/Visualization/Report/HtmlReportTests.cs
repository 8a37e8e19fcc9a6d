using System.Text.RegularExpressions;
using Depthwise.Visualization.Report;
using SkiaSharp;
using Xunit.Abstractions;

namespace Depthwise.Tests.Visualization.Report;

public partial class HtmlReportTests(ITestOutputHelper output)
{
    // Both tests of the full page read the same file: it is drawn (and its latency measured) once.
    private static readonly Lazy<(string Path, IReadOnlyList<ReportSection> Sections)> FullReport = new(WriteFullReport);

    [Fact]
    public void TheReportOpensInHeadlessChromiumWithEveryImageDecodedAndNoConsoleMessages()
    {
        var chromium = HeadlessChromium.Require();
        var (path, _) = FullReport.Value;

        var page = HeadlessChromium.Load(chromium, path);

        Assert.Equal(0, page.ExitCode);
        Assert.True(page.ConsoleMessages.Count == 0, "console: " + string.Join(" | ", page.ConsoleMessages));
        Assert.Equal(8, page.ImageTags);
        Assert.Equal(8, page.ImagesChecked);
        Assert.Equal(8, page.ImageSizes.Count);
        Assert.All(page.ImageSizes, size => Assert.True(size.Width > 0 && size.Height > 0, $"an image decoded to {size.Width}x{size.Height}"));

        var screenshot = Path.Combine(Path.GetDirectoryName(path)!, "screenshot.png");
        Assert.Equal(0, HeadlessChromium.Screenshot(chromium, path, screenshot, 1280, 2400));
        using var bitmap = SKBitmap.Decode(screenshot);
        Assert.Equal((1280, 2400), (bitmap.Width, bitmap.Height));
        Assert.True(bitmap.Pixels.Distinct().Count() > 100, "the screenshot is nearly blank");
        output.WriteLine($"screenshot: {screenshot}");
    }

    [Fact]
    public void TheCheckCatchesABrokenImageAndConsoleErrors()
    {
        // The same check on a page that is broken on purpose must fail, or the test above proves nothing.
        var chromium = HeadlessChromium.Require();
        var folder = ResultFiles.TemporaryFolder();
        var (html, _) = HtmlReport.Build(new ReportOptions { ResultsDirectory = null, MeasureLatency = false, FashionMnistDirectory = folder });
        var broken = ImageSource().Replace(html, "src=\"data:image/png;base64,AAAA\"", 1).Replace("</body>", "<script>console.error('broken on purpose');</script></body>", StringComparison.Ordinal);
        var path = Path.Combine(folder, "broken.html");
        File.WriteAllText(path, broken);

        var page = HeadlessChromium.Load(chromium, path);

        Assert.Contains(page.ConsoleMessages, message => message.Contains("broken on purpose", StringComparison.Ordinal));
        Assert.Contains(page.ImageSizes, size => size.Width == 0 && size.Height == 0);
    }

    [Fact]
    public void TheReportIsOneSelfContainedFileWithEverySection()
    {
        var (path, sections) = FullReport.Value;
        var html = File.ReadAllText(path);

        Assert.Equal(10, sections.Count);
        Assert.All(sections.Where(section => section.Title != "feature maps"), section => Assert.True(section.Included, section.Title));
        Assert.Equal(8, ImageTag().Count(html));
        Assert.Equal(8, DataUriImage().Count(html));
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("1/64 + 1/9", html, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y dataset-fashion-mnist", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutResultFilesTheReportSaysHowToProduceThem()
    {
        var (html, sections) = HtmlReport.Build(new ReportOptions { ResultsDirectory = ResultFiles.TemporaryFolder(), MeasureLatency = false, FashionMnistDirectory = ResultFiles.TemporaryFolder() });

        Assert.False(sections.Single(section => section.Title == "bench").Included);
        Assert.False(sections.Single(section => section.Title == "peers").Included);
        Assert.False(sections.Single(section => section.Title == "training").Included);
        Assert.False(sections.Single(section => section.Title == "latency").Included);
        Assert.Contains(HtmlReport.BenchCommand, html, StringComparison.Ordinal);
        Assert.Contains(HtmlReport.PeersCommand, html, StringComparison.Ordinal);
        Assert.Contains("test_accuracy", html, StringComparison.Ordinal);
    }

    private static (string Path, IReadOnlyList<ReportSection> Sections) WriteFullReport()
    {
        var folder = ResultFiles.TemporaryFolder();
        ResultFiles.Bench(folder);
        ResultFiles.Peers(folder);
        ResultFiles.Training(folder);
        var options = new ReportOptions
        {
            ResultsDirectory = folder,
            FashionMnistDirectory = Path.Combine(folder, "no-dataset-here"),
            Threads = 1,
            LatencyMeasureTime = TimeSpan.Zero,
        };
        return HtmlReport.Write(Path.Combine(folder, "report"), options);
    }

    [GeneratedRegex("<img\\b")]
    private static partial Regex ImageTag();

    [GeneratedRegex("<img src=\"data:image/(png|gif);base64,[A-Za-z0-9+/=]+\"")]
    private static partial Regex DataUriImage();

    [GeneratedRegex("src=\"data:image/png;base64,[A-Za-z0-9+/=]+\"")]
    private static partial Regex ImageSource();
}
