using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Depthwise.Tests.Visualization.Report;

/// <summary>
/// Opens a page in Debian's headless Chromium: once with <c>--dump-dom</c> (console messages go to stderr through
/// <c>--enable-logging=stderr</c>) and once with <c>--screenshot</c>. Each run gets a fresh profile folder.
/// </summary>
internal static partial class HeadlessChromium
{
    public const string InstallCommand = "apt-get update && apt-get install -y chromium";

    private static readonly string[] CommonArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars", "--virtual-time-budget=10000",
    ];

    /// <summary>The browser: $DEPTHWISE_CHROMIUM, else chromium or chromium-browser on the PATH or in /usr/bin.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("DEPTHWISE_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/bin");
        return folders
            .SelectMany(folder => new[] { Path.Combine(folder, "chromium"), Path.Combine(folder, "chromium-browser") })
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The browser, or a failure that says how to install it.</summary>
    public static string Require() =>
        Find() ?? throw new InvalidOperationException($"chromium is not installed; the report test needs it: {InstallCommand}");

    /// <summary>Loads the page, waits for it to settle, and returns its console messages and the decoded size of every image.</summary>
    public static PageCheck Load(string chromium, string htmlPath)
    {
        var (exitCode, dom, log) = Run(chromium, ["--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(htmlPath).AbsoluteUri]);
        var console = log.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        var sizes = NaturalSize().Matches(dom).Select(match => (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value))).ToList();
        var checkedMatch = ImagesChecked().Match(dom);
        return new PageCheck(exitCode, console, ImageTag().Count(dom), sizes, checkedMatch.Success ? int.Parse(checkedMatch.Groups[1].Value) : -1);
    }

    /// <summary>Saves a screenshot of the page's first <paramref name="height"/> pixels.</summary>
    public static int Screenshot(string chromium, string htmlPath, string pngPath, int width, int height) =>
        Run(chromium, [$"--window-size={width},{height}", $"--screenshot={pngPath}", new Uri(htmlPath).AbsoluteUri]).ExitCode;

    private static (int ExitCode, string Output, string Error) Run(string chromium, IEnumerable<string> arguments)
    {
        var profile = Path.Combine(Path.GetTempPath(), "depthwise-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in CommonArguments.Append($"--user-data-dir={profile}").Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {chromium}");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{chromium} did not finish within 90 s");
            }

            return (process.ExitCode, output.Result, error.Result);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    [GeneratedRegex("data-natural-size=\"(\\d+)x(\\d+)\"")]
    private static partial Regex NaturalSize();

    [GeneratedRegex("data-images-checked=\"(\\d+)\"")]
    private static partial Regex ImagesChecked();

    [GeneratedRegex("<img\\b")]
    private static partial Regex ImageTag();
}

/// <summary>What loading a page showed.</summary>
/// <param name="ExitCode">Chromium's exit code.</param>
/// <param name="ConsoleMessages">Every console message the page produced (log, warning, error, uncaught exception).</param>
/// <param name="ImageTags">&lt;img&gt; elements in the loaded DOM.</param>
/// <param name="ImageSizes">The natural (decoded) size the page's script recorded for each image.</param>
/// <param name="ImagesChecked">How many images the script visited; −1 if it never ran.</param>
internal sealed record PageCheck(int ExitCode, IReadOnlyList<string> ConsoleMessages, int ImageTags, IReadOnlyList<(int Width, int Height)> ImageSizes, int ImagesChecked);
