using System.Diagnostics;
using System.Globalization;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Backward;

/// <summary>
/// <c>backward [--batch N] [--threads T] [--layout nchw|nhwc] [--filter TEXT] [--rounds R] [--cpu-time] [--allocate]</c>: the depthwise backward
/// pass (input and weight gradients, bias included) on the MobileNetV2 depthwise layers, timed as the fastest of
/// several rounds, in GFLOP/s counting 2·N·C·Ho·Wo·kH·kW floating-point operations for each of the two gradients.
/// </summary>
internal static class BackwardCommand
{
    private static readonly TimeSpan RoundTime = TimeSpan.FromMilliseconds(30);

    public static int Run(string[] args)
    {
        var batch = Option(args, "--batch") is { } batchText ? int.Parse(batchText, CultureInfo.InvariantCulture) : 8;
        var threadCounts = Option(args, "--threads") is { } threads ? [int.Parse(threads, CultureInfo.InvariantCulture)] : new[] { 1, 2 };
        var layout = Option(args, "--layout") is "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw;
        var rounds = Option(args, "--rounds") is { } roundsText ? int.Parse(roundsText, CultureInfo.InvariantCulture) : 21;
        var filter = Option(args, "--filter");

        // Process CPU time instead of wall time: on a machine shared with other jobs a one-thread figure then counts
        // only the cycles this process got (all threads' time is added, so it is meaningless above one thread).
        var cpuTime = args.Contains("--cpu-time");

        // The allocating form pays for fresh gradient tensors every call (page faults on 14 MB at batch 8); a training
        // loop passes its own, which is the default here.
        var allocate = args.Contains("--allocate");
        Console.WriteLine($"| layer ({layout}, batch {batch}) | threads | ms | GFLOP/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var layer in BackwardLayer.MobileNetV2.Where(layer => filter is null || layer.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var threadCount in threadCounts)
            {
                var milliseconds = Measure(layer, batch, layout, threadCount, rounds, cpuTime, allocate);
                var gigaflops = layer.Flops(batch) / (milliseconds * 1e6);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {layer.Name} | {threadCount} | {milliseconds:F3} | {gigaflops:F1} |"));
            }
        }

        return 0;
    }

    /// <summary>Milliseconds of one backward call, the fastest of <paramref name="rounds"/> rounds.</summary>
    public static double Measure(BackwardLayer layer, int batch, TensorLayout layout, int threads, int rounds, bool cpuTime, bool allocate)
    {
        var random = new Random(1);
        using var nchw = new Tensor(Random(random, batch * layer.Channels * layer.Size * layer.Size), [batch, layer.Channels, layer.Size, layer.Size]);
        var input = nchw.ToLayout(layout);
        var weights = new Tensor(Random(random, layer.Channels * 9), [layer.Channels, 1, 3, 3]);
        var options = new Conv2dOptions { Stride = layer.Stride, Padding = Padding.SameUpper, Threads = threads };
        var output = DepthwiseConv2d.Forward(input, weights, null, options);
        var gradOutput = output.Clone();
        Random(random, gradOutput.Length).CopyTo(gradOutput.Span);
        var gradients = DepthwiseConv2d.Backward(input, weights, gradOutput, options);
        void Call()
        {
            if (allocate)
            {
                DepthwiseConv2d.Backward(input, weights, gradOutput, options);
            }
            else
            {
                DepthwiseConv2d.Backward(input, weights, gradOutput, gradients, options);
            }
        }

        Call();
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed < RoundTime)
        {
            Call();
            calls++;
        }

        var times = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            var startCpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var call = 0; call < calls; call++)
            {
                Call();
            }

            times[round] = (cpuTime ? (Process.GetCurrentProcess().TotalProcessorTime - startCpu).TotalMilliseconds : Stopwatch.GetElapsedTime(start).TotalMilliseconds) / calls;
        }

        // The fastest round: on a machine shared with other jobs (two vCPUs, often a dozen runnable processes) the
        // median mostly measures the neighbours; the minimum is the closest to the code's own speed.
        return times.Min();
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
