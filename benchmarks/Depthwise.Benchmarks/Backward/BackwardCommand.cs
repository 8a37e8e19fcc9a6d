using System.Diagnostics;
using System.Globalization;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Backward;

/// <summary>
/// <c>backward [--batch N] [--threads T] [--layout nchw|nhwc] [--filter TEXT] [--rounds R] [--allocate] [--torchsharp]</c>:
/// the depthwise backward pass (input, weight and bias gradients) on the MobileNetV2 depthwise layers, in GFLOP/s
/// counting 2·N·C·Ho·Wo·kH·kW floating-point operations for each of the input and weight gradients. With
/// <c>--torchsharp</c>, TorchSharp-cpu (LibTorch) runs the same layers (NCHW, input and weight gradients through
/// autograd) in a child process, its rounds alternating with ours.
/// </summary>
internal static class BackwardCommand
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(0.5);

    private static readonly TimeSpan RoundTime = TimeSpan.FromMilliseconds(5);

    public static int Run(string[] args)
    {
        var batch = Option(args, "--batch") is { } batchText ? int.Parse(batchText, CultureInfo.InvariantCulture) : 8;
        var threadCounts = Option(args, "--threads") is { } threads ? [int.Parse(threads, CultureInfo.InvariantCulture)] : new[] { 1, 2 };
        var layout = Option(args, "--layout") is "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw;
        var rounds = Option(args, "--rounds") is { } roundsText ? int.Parse(roundsText, CultureInfo.InvariantCulture) : 61;
        var filter = Option(args, "--filter");

        // The allocating form pays for fresh gradient tensors every call (page faults on 14 MB at batch 8); a training
        // loop passes its own, which is the default here.
        var allocate = args.Contains("--allocate");
        using var peer = args.Contains("--torchsharp") ? TorchSharpPeer.Start() : null;
        Console.WriteLine(peer is null
            ? $"| layer ({layout}, batch {batch}) | threads | ms | GFLOP/s |\n|---|---:|---:|---:|"
            : $"| layer ({layout}, batch {batch}) | threads | ms | GFLOP/s | TorchSharp ms | TorchSharp GFLOP/s | speed-up |\n|---|---:|---:|---:|---:|---:|---:|");
        foreach (var layer in BackwardLayer.MobileNetV2.Where(layer => filter is null || layer.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var threadCount in threadCounts)
            {
                peer?.Setup(layer, batch, threadCount);
                var ours = Ours(layer, batch, layout, threadCount, allocate);
                var (milliseconds, peerMilliseconds) = Fastest(ours, peer is null ? null : peer.Round, rounds);
                var flops = layer.Flops(batch);
                Console.WriteLine(peer is null
                    ? string.Create(CultureInfo.InvariantCulture, $"| {layer.Name} | {threadCount} | {milliseconds:F3} | {flops / (milliseconds * 1e6):F1} |")
                    : string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {layer.Name} | {threadCount} | {milliseconds:F3} | {flops / (milliseconds * 1e6):F1} | {peerMilliseconds:F3} | {flops / (peerMilliseconds * 1e6):F1} | {peerMilliseconds / milliseconds:F2} |"));
            }
        }

        return 0;
    }

    /// <summary>One call of our backward pass on random data (weights, input and output gradient in [-1, 1]).</summary>
    private static Action Ours(BackwardLayer layer, int batch, TensorLayout layout, int threads, bool allocate)
    {
        var random = new Random(1);
        using var nchw = new Tensor(Random(random, batch * layer.Channels * layer.Size * layer.Size), [batch, layer.Channels, layer.Size, layer.Size]);
        var input = nchw.ToLayout(layout);
        var weights = new Tensor(Random(random, layer.Channels * 9), [layer.Channels, 1, 3, 3]);
        var options = new Conv2dOptions { Stride = layer.Stride, Padding = Padding.SameUpper, Threads = threads };
        var gradOutput = DepthwiseConv2d.Forward(input, weights, null, options);
        Random(random, gradOutput.Length).CopyTo(gradOutput.Span);
        var gradients = DepthwiseConv2d.Backward(input, weights, gradOutput, options);
        return allocate
            ? () => DepthwiseConv2d.Backward(input, weights, gradOutput, options)
            : () => DepthwiseConv2d.BackwardInto(input, weights, gradOutput, gradients, options);
    }

    /// <summary>
    /// Milliseconds per call, the fastest of <paramref name="rounds"/> short rounds for each side, the sides alternating.
    /// On a machine shared with other jobs (two vCPUs, often a dozen runnable processes) a median mostly measures the
    /// neighbours; the fastest round is the closest to the code's own speed.
    /// </summary>
    private static (double Ours, double Peer) Fastest(Action ours, Func<int, double>? peer, int rounds)
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed < Warmup || calls == 0)
        {
            ours();
            calls++;
        }

        var callsPerRound = (int)Math.Clamp(calls * RoundTime.TotalMilliseconds / clock.Elapsed.TotalMilliseconds, 1, 1000);
        var peerCalls = peer is null ? 0 : Math.Max(1, (int)(RoundTime.TotalMilliseconds / peer(1)));
        var (oursBest, peerBest) = (double.MaxValue, double.MaxValue);
        for (var round = 0; round < rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var call = 0; call < callsPerRound; call++)
            {
                ours();
            }

            oursBest = Math.Min(oursBest, Stopwatch.GetElapsedTime(start).TotalMilliseconds / callsPerRound);
            if (peer is not null)
            {
                peerBest = Math.Min(peerBest, peer(peerCalls));
            }
        }

        return (oursBest, peerBest);
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
