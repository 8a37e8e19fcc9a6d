namespace Depthwise.Visualization.Report;

/// <summary>What <see cref="HtmlReport"/> includes and where it finds measured results.</summary>
public sealed record ReportOptions
{
    /// <summary>The conventional folder for result files: <c>results/</c> (bench.json, peers.json, training-*.json).</summary>
    public const string DefaultResultsDirectory = "results";

    /// <summary>Folder searched for result files not given explicitly; null or missing means none.</summary>
    public string? ResultsDirectory { get; init; } = DefaultResultsDirectory;

    /// <summary>A <c>depthwise bench --json</c> file; null to look for <c>bench.json</c> in <see cref="ResultsDirectory"/>.</summary>
    public string? BenchFile { get; init; }

    /// <summary>A peers benchmark <c>--json</c> file; null to look for <c>peers.json</c> in <see cref="ResultsDirectory"/>.</summary>
    public string? PeersFile { get; init; }

    /// <summary>Training metrics files; empty to look for <c>training*.json</c> in <see cref="ResultsDirectory"/>.</summary>
    public IReadOnlyList<string> TrainingFiles { get; init; } = [];

    /// <summary>Fashion-MNIST folder for the feature-map section; null for the Debian package's folder.</summary>
    public string? FashionMnistDirectory { get; init; }

    /// <summary>Whether to time the four convolutions now (about two seconds); false leaves the section with instructions.</summary>
    public bool MeasureLatency { get; init; } = true;

    /// <summary>Worker threads for the latency measurement; 0 for all cores.</summary>
    public int Threads { get; init; }

    /// <summary>Time spent timing each convolution after its warm-up.</summary>
    public TimeSpan LatencyMeasureTime { get; init; } = TimeSpan.FromSeconds(0.25);
}
