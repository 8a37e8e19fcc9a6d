using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Depthwise.Benchmarks.Backward;
using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Optim;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Benchmarks.Training;

/// <summary>
/// <c>train-step [--torchsharp] [--model separable-cnn|standard-cnn|mobilenet-v2-small] [--batch B] [--threads T] [--rounds R] [--json] [--profile]</c>:
/// one training step — forward, softmax cross-entropy, backward, SGD step (momentum 0.9, Nesterov, weight decay 5e-4) —
/// of a Fashion-MNIST model on a fixed random batch of B 1×28×28 images, in milliseconds per step, the median of R rounds
/// after a warm-up. With <c>--torchsharp</c> the TorchSharp peer builds the same network with torch.nn modules (from
/// <see cref="NetworkDescription"/>) and its rounds alternate with ours; both parameter counts are printed. Our managed
/// allocation per steady-state step is measured too. <c>--profile</c> prints where our step spends its time, per layer.
/// </summary>
internal static class TrainStepCommand
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    public static int Run(string[] args)
    {
        var modelName = Option(args, "--model") ?? FashionMnistModels.SeparableCnnName;
        var batch = Option(args, "--batch") is { } batchText ? int.Parse(batchText, CultureInfo.InvariantCulture) : 128;
        var threadCounts = Option(args, "--threads") is { } threads ? [int.Parse(threads, CultureInfo.InvariantCulture)] : new[] { 1, 2 };
        var rounds = Option(args, "--rounds") is { } roundsText ? int.Parse(roundsText, CultureInfo.InvariantCulture) : 15;
        var json = args.Contains("--json");
        using var peer = args.Contains("--torchsharp") ? TorchSharpPeer.Start() : null;
        var results = new List<TrainStepResult>();
        foreach (var threadCount in threadCounts)
        {
            Parallelism.DefaultThreadCount = threadCount;
            var step = new TrainStep(FashionMnistModels.Create(modelName, seed: 1), batch);
            if (args.Contains("--profile"))
            {
                step.Profile(rounds);
                continue;
            }

            var peerParameters = peer?.SetupTraining(NetworkDescription.Write(step.Model), batch, threadCount);
            results.Add(Measure(modelName, batch, threadCount, step, peer, peerParameters, rounds));
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        if (results.Count > 0)
        {
            Console.WriteLine("| model | batch | threads | parameters (ours / TorchSharp) | ms/step | TorchSharp ms/step | ratio | allocated KB/step |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        }

        foreach (var result in results)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {result.Model} | {result.Batch} | {result.Threads} | {result.Parameters:N0} / {(result.PeerParameters is { } count ? count.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {result.Milliseconds:F2} | {(result.PeerMilliseconds is { } peerMs ? peerMs.ToString("F2", CultureInfo.InvariantCulture) : "-")} | {(result.Ratio is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) : "-")} | {result.AllocatedBytesPerStep / 1024.0:F1} |"));
        }

        return 0;
    }

    private static TrainStepResult Measure(string model, int batch, int threads, TrainStep step, TorchSharpPeer? peer, long? peerParameters, int rounds)
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed < Warmup || calls < 3)
        {
            step.Run();
            calls++;
        }

        // The allocation of steady-state steps, all threads counted.
        const int allocationSteps = 5;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < allocationSteps; i++)
        {
            step.Run();
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / allocationSteps;
        var ours = new List<double>();
        var theirs = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            step.Run();
            ours.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (peer is not null)
            {
                theirs.Add(peer.Round(1));
            }
        }

        var milliseconds = Median(ours);
        double? peerMilliseconds = peer is null ? null : Median(theirs);
        return new TrainStepResult(
            model, batch, threads, step.Model.ParameterCount(), peerParameters, milliseconds, ours.Min(), peerMilliseconds,
            peer is null ? null : theirs.Min(), milliseconds / peerMilliseconds, allocated);
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
