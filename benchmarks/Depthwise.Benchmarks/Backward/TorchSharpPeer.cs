using System.Diagnostics;
using System.Globalization;

namespace Depthwise.Benchmarks.Backward;

/// <summary>
/// The TorchSharp child process (benchmarks/Depthwise.Benchmarks.TorchSharp, prepared by scripts/fetch-benchmark-peers.sh)
/// run on Debian trixie's C/C++ runtime, driven line by line so that its rounds interleave with ours.
/// </summary>
internal sealed class TorchSharpPeer : IDisposable
{
    private readonly Process _process;

    private TorchSharpPeer(Process process) => _process = process;

    /// <summary>Starts the peer, or returns null and says why when scripts/fetch-benchmark-peers.sh has not prepared it.</summary>
    public static TorchSharpPeer? Start()
    {
        var root = FindRepositoryRoot();
        var launcher = Path.Combine(root, ".cache/peers/torchsharp/Depthwise.Benchmarks.TorchSharp.trixie");
        var libraries = Path.Combine(root, ".cache/peers/trixie/usr/lib/x86_64-linux-gnu");
        if (!File.Exists(launcher))
        {
            Console.Error.WriteLine($"TorchSharp peer missing ({launcher}): run scripts/fetch-benchmark-peers.sh first.");
            return null;
        }

        var start = new ProcessStartInfo(launcher)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["LD_LIBRARY_PATH"] = libraries;

        // The launcher finds the runtime this process runs on: <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll.
        start.Environment["DOTNET_ROOT"] = new FileInfo(typeof(object).Assembly.Location).Directory!.Parent!.Parent!.Parent!.FullName;
        return new TorchSharpPeer(Process.Start(start)!);
    }

    /// <summary>Builds the layer in the peer and warms it up.</summary>
    public void Setup(BackwardLayer layer, int batch, int threads) =>
        Ask(string.Create(CultureInfo.InvariantCulture, $"setup {batch} {layer.Channels} {layer.Size} {layer.Stride} {threads}"));

    /// <summary>Builds the network a <c>NetworkDescription</c> line describes, with SGD, and warms up its training step.</summary>
    /// <returns>The network's parameter count in TorchSharp.</returns>
    public long SetupTraining(string description, int batch, int threads) =>
        long.Parse(Ask(string.Create(CultureInfo.InvariantCulture, $"train {batch} {threads} {description}")), CultureInfo.InvariantCulture);

    /// <summary>Milliseconds per call of what the last setup built over <paramref name="calls"/> calls.</summary>
    public double Round(int calls) => double.Parse(Ask(string.Create(CultureInfo.InvariantCulture, $"round {calls}")), CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _process.StandardInput.WriteLine("quit");
        _process.WaitForExit(5000);
        _process.Dispose();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Depthwise.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private string Ask(string command)
    {
        _process.StandardInput.WriteLine(command);
        return _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"the TorchSharp peer exited after '{command}'.");
    }
}
