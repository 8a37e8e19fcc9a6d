using System.CommandLine;
using System.Text.Json;
using Depthwise.Cli.Benchmarking;
using Depthwise.Cli.Comparison;
using Depthwise.Cli.Output;
using Depthwise.Cost;
using Depthwise.Diagnostics;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise bench</c>: our kernels on real layer shapes, each figure next to the machine roof that binds it
/// (FMA peak, or the bandwidth of the cache level the layer's working set lives in).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var suite = new Option<string>("--suite") { Description = $"Layer set: {string.Join(", ", BenchSuites.Names)}.", DefaultValueFactory = _ => "mobilenet-v2" };
        suite.AcceptOnlyFromAmong([.. BenchSuites.Names]);
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => 1 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the results as JSON to this file." };
        var filter = new Option<string?>("--filter") { Description = "Only the layers whose name contains this text (case-insensitive), e.g. \"14×14 s1\" or \"5×5\"." };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Time every layer this many times, round-robin over the layers, probing the roofs before each round (at one thread, each round on the next CPU); keep each layer's fastest round and the best probe. On a shared machine whose speed changes over minutes or from CPU to CPU, a slow phase then costs a layer one round instead of its figure.",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("bench", "Time the depthwise and pointwise kernels on MobileNet/OCR layer shapes, each through a prepared plan (weights packed once, as a network runs them): median µs, GFLOP/s, GB/s and % of the machine's roof.")
        {
            suite, threads, json, filter, rounds,
        };
        command.SetAction(parse =>
        {
            var threadCount = parse.GetValue(threads);
            OptionParsing.RequirePositive(threadCount, "--threads");
            var suiteName = parse.GetValue(suite)!;
            var layers = BenchSuites.Get(suiteName);
            if (parse.GetValue(filter) is { } text)
            {
                var matching = layers.Where(layer => layer.Name.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
                if (matching.Count == 0)
                {
                    throw new ArgumentException($"--filter '{text}' matches no layer of --suite {suiteName}: expected part of a layer name such as '{layers[0].Name}'.", "--filter");
                }

                layers = matching;
            }

            var roundCount = parse.GetValue(rounds);
            OptionParsing.RequirePositive(roundCount, "--rounds");
            MachineRoof? roof = null;
            var timings = new LayerTimings?[layers.Count];

            // One thread: each round on the next CPU this process may use. On a shared host one virtual CPU can run for
            // minutes at 0.55–0.65 of the other's speed on L1/L2-bound kernels while its FMA peak holds (whatever shares
            // its physical core), and the scheduler keeps a process where it started; a round per CPU lets each layer's
            // fastest round come from the CPU that was not slowed.
            var cpus = threadCount == 1 && roundCount > 1 ? CpuAffinity.AllowedCpusOfCurrentThread() : [];
            var threadId = CpuAffinity.CurrentThreadId();
            for (var round = 1; round <= roundCount; round++)
            {
                if (cpus.Length > 1)
                {
                    CpuAffinity.TryPin(threadId, cpus[(round - 1) % cpus.Length]);
                }

                var probed = console.Status().Start($"measuring the machine's roofs (round {round} of {roundCount})…", _ => MachineRoof.Measure(threadCount));
                roof = roof is null ? probed : roof.Best(probed);
                console.Progress().Start(context =>
                {
                    var task = context.AddTask($"round {round} of {roundCount}", maxValue: layers.Count);
                    for (var index = 0; index < layers.Count; index++)
                    {
                        task.Description = $"round {round}/{roundCount}: {layers[index].Name}";
                        timings[index] = LayerTimings.Faster(timings[index], Measure(layers[index], threadCount, roof));
                        task.Increment(1);
                    }
                });
            }

            if (cpus.Length > 1)
            {
                CpuAffinity.TrySet(threadId, cpus);
            }

            console.Write(RoofTable(roof!, roundCount));
            console.Write(CurveTable(roof!.Curve));
            var results = timings.Select(timing => Result(timing!, threadCount, roof!)).ToList();
            console.Write(ResultTable(results));
            console.Write(BlockedKernelTable(results));
            if (GenericBodyComparison.Rows(results) is { Count: > 0 } generic)
            {
                console.Write(GenericTable(generic));
            }

            if (parse.GetValue(json) is { } file)
            {
                var document = new
                {
                    machine = new
                    {
                        threads = threadCount,
                        fma_gflops = roof!.FmaGigaflops,
                        triad_gbs = roof.TriadGigabytes.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
                        copy_gbs = roof.CopyGigabytes.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
                        streaming_copy_dram_gbs = roof.StreamingCopyDramGigabytes,
                        bandwidth_curve = roof.Curve.Points.Select(point => new
                        {
                            bytes = point.Bytes,
                            copy_gbs = point.CopyGigabytes,
                            triad_gbs = point.TriadGigabytes,
                            roof_gbs = roof.Curve.Gigabytes(point.Bytes),
                        }),
                        rounds = roundCount,
                    },
                    layers = results,
                };
                File.WriteAllText(file.FullName, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
            }

            return 0;
        });
        return command;
    }

    private static LayerTimings Measure(BenchLayer layer, int threads, MachineRoof roof)
    {
        var random = new Random(5);
        var geometry = layer.Geometry;
        using var weights = FourWayComparison.RandomTensor(random, layer.IsDepthwise ? [layer.OutChannels, 1, layer.Kernel.Height, layer.Kernel.Width] : [layer.OutChannels, layer.Channels, 1, 1]);
        var options = layer.ConvOptions(threads);
        var cost = layer.IsDepthwise
            ? CostModel.Depthwise(layer.Batch, layer.Channels, layer.Multiplier, geometry, bias: false)
            : CostModel.Pointwise(layer.Batch, layer.Channels, layer.OutChannels, layer.Height, layer.Width, bias: false);
        var bytes = cost.BytesRead + cost.BytesWritten;
        var copies = layer.BeyondLastLevelCache ? roof.CopiesBeyondLastLevel(bytes) : 1;
        var inputs = new Tensor[copies];
        var outputs = new Tensor[copies];
        try
        {
            for (var copy = 0; copy < copies; copy++)
            {
                inputs[copy] = FourWayComparison.RandomTensor(random, [layer.Batch, layer.Channels, layer.Height, layer.Width]);
                outputs[copy] = new Tensor([layer.Batch, layer.OutChannels, geometry.OutputHeight, geometry.OutputWidth]);
            }

            // Both kinds run prepared, as a network and `peers` run them: weights copied and packed once, outside the
            // timing (a one-off PointwiseConv2d.Forward repacks Wᵀ on every call where the layout reads it packed, a
            // different operation: docs/kernels.md, "Session 21: bench times pointwise layers prepared"). NCHW in and
            // out, depthwise with the conversions included.
            Action<Tensor, Tensor> forward = layer.IsDepthwise
                ? DepthwiseConv2d.Prepare(weights, null, options).Forward
                : PointwiseConv2d.Prepare(weights, null, null, threads).Forward;
            // A layer timed beyond the caches is rated against DRAM as probed around its two timings (MachineRoof.MeasureDram).
            var dramBefore = layer.BeyondLastLevelCache ? MachineRoof.MeasureDram(threads) : 0;
            var call = 0;
            var latency = LatencyMeter.Measure(
                () =>
                {
                    forward(inputs[call % copies], outputs[call % copies]);
                    call++;
                },
                measureTime: TimeSpan.FromSeconds(0.2));
            var inImage = layer.IsDepthwise ? InImageTaps.Fraction(geometry) : 1;
            var blocked = layer.IsDepthwise ? BlockedKernelBench.Measure(layer, threads, roof) : null;
            double? dram = layer.BeyondLastLevelCache ? Math.Max(dramBefore, MachineRoof.MeasureDram(threads)) : null;
            return new LayerTimings(layer, new KernelTiming(latency, cost.Flops, bytes, copies, inImage, dram), blocked is null ? null : blocked with { DramGigabytes = dram });
        }
        finally
        {
            foreach (var tensor in inputs.Concat(outputs))
            {
                tensor?.Dispose();
            }
        }
    }

    private static BenchResult Result(LayerTimings timings, int threads, MachineRoof roof)
    {
        var (layer, timing, blocked) = timings;
        var rating = timing.Rate(roof);
        return new BenchResult(
            layer.Suite, layer.Name, layer.Op, layer.Batch, layer.Channels, layer.OutChannels, layer.Height, layer.Width,
            [layer.Kernel.Height, layer.Kernel.Width], [layer.Stride.Height, layer.Stride.Width], [layer.Dilation.Height, layer.Dilation.Width], layer.Multiplier, threads,
            timing.Latency.Median * 1000, timing.Gigaflops, timing.Gigabytes, rating.Roof, rating.RoofGigaflops, rating.Fraction,
            timing.InImageTaps, rating.FractionInImage, blocked is null ? null : BlockedKernelBench.Result(blocked, roof));
    }

    // One layer's timings in one round: the NCHW operator, and for depthwise layers the kernel in its blocked layout.
    private sealed record LayerTimings(BenchLayer Layer, KernelTiming Operator, KernelTiming? Blocked)
    {
        // Each kernel's faster round, the operator's and the blocked kernel's chosen apart.
        public static LayerTimings Faster(LayerTimings? best, LayerTimings round) => best is null
            ? round
            : best with { Operator = KernelTiming.Faster(best.Operator, round.Operator), Blocked = round.Blocked is null ? best.Blocked : KernelTiming.Faster(best.Blocked, round.Blocked) };
    }

    private static Table RoofTable(MachineRoof roof, int rounds)
    {
        var probes = rounds == 1 ? string.Empty : $", best of {rounds} rounds' probes";
        var table = new Table()
            .Title($"Machine roofs, {roof.Threads} thread(s){probes}; a layer is rated against FMA or the bandwidth over its working set: in the caches the curve below, in DRAM the fastest of the triad, the copy and the non-temporal copy (for the batch-8 layer, as probed around its timings)")
            .AddColumns("roof", "FMA peak, or triad (two streams in, one out)", "copy (one in, one out)", "capacity");
        table.AddRow("FMA peak (fp32)", $"{Formatting.Fixed(roof.FmaGigaflops, 1)} GFLOP/s", "-", "-");
        foreach (var (level, gigabytes) in roof.TriadGigabytes)
        {
            table.AddRow(
                level.ToString(), $"{Formatting.Fixed(gigabytes, 1)} GB/s", $"{Formatting.Fixed(roof.CopyGigabytes[level], 1)} GB/s",
                roof.Capacity.TryGetValue(level, out var capacity) ? Formatting.Bytes(capacity) : "-");
        }

        table.AddRow("Dram copy, non-temporal stores", "-", $"{Formatting.Fixed(roof.StreamingCopyDramGigabytes, 1)} GB/s", "-");

        return table;
    }

    private static Table CurveTable(BandwidthCurve curve)
    {
        var table = new Table()
            .Title("Bandwidth by working-set size (all threads' arrays together); a cached layer's roof is the best reading at its size or any larger one")
            .AddColumns("working set", "copy", "triad", "roof");
        foreach (var point in curve.Points)
        {
            table.AddRow(
                Formatting.Bytes(point.Bytes), $"{Formatting.Fixed(point.CopyGigabytes, 1)} GB/s", $"{Formatting.Fixed(point.TriadGigabytes, 1)} GB/s",
                $"{Formatting.Fixed(curve.Gigabytes(point.Bytes), 1)} GB/s");
        }

        return table;
    }

    // A bandwidth roof with its rate in GB/s (the roof's GFLOP/s at the layer's bytes per FLOP): since the rate depends on
    // the working set's size, and for DRAM on when it was probed, the level's name alone does not say it.
    private static string RoofLabel(string roof, double roofGflops, double gflops, double gigabytes) =>
        roof == "FMA" || gflops <= 0 ? roof : $"{roof} {Formatting.Fixed(roofGflops * gigabytes / gflops, 1)} GB/s";

    private static Table ResultTable(List<BenchResult> results)
    {
        var table = new Table().Title("Kernels on real layers (NCHW in, NCHW out; prepared plans, weights packed once)")
            .AddColumns("suite", "layer", "median µs", "GFLOP/s", "GB/s", "binding roof", "% of roof", "% of roof (in-image taps)");
        foreach (var result in results)
        {
            table.AddRow(result.Suite, result.Name, Formatting.Fixed(result.MedianMicroseconds, 1), Formatting.Fixed(result.Gflops, 1),
                Formatting.Fixed(result.Gigabytes, 1), RoofLabel(result.Roof, result.RoofGflops, result.Gflops, result.Gigabytes), Formatting.Percent(result.FractionOfRoof), Formatting.Percent(result.FractionOfRoofInImage));
        }

        return table;
    }

    private static Table BlockedKernelTable(List<BenchResult> results)
    {
        var table = new Table().Title("Depthwise kernel in its own blocked layout (no conversions)")
            .AddColumns("suite", "layer", "median µs", "GFLOP/s", "GB/s", "binding roof", "% of roof", "% of roof (in-image taps)", "vs NCHW op");
        foreach (var result in results)
        {
            if (result.BlockedKernel is { } kernel)
            {
                table.AddRow(result.Suite, result.Name, Formatting.Fixed(kernel.MedianMicroseconds, 1), Formatting.Fixed(kernel.Gflops, 1),
                    Formatting.Fixed(kernel.Gigabytes, 1), RoofLabel(kernel.Roof, kernel.RoofGflops, kernel.Gflops, kernel.Gigabytes), Formatting.Percent(kernel.FractionOfRoof), Formatting.Percent(kernel.FractionOfRoofInImage), Formatting.Ratio(kernel.MedianMicroseconds / result.MedianMicroseconds));
            }
        }

        return table;
    }

    private static Table GenericTable(IReadOnlyList<GenericBodyComparison.Row> rows)
    {
        var table = new Table().Title("Generic body against the specialised 3×3 stride 1 on the same layer (GFLOP/s of in-image taps; goal: within 2×)")
            .AddColumns("layer", "kernel GFLOP/s", "kernel: × slower", "NCHW op GFLOP/s", "NCHW op: × slower");
        foreach (var row in rows)
        {
            table.AddRow(row.Layer.Name, Formatting.Fixed(row.KernelGflops, 1), Formatting.Ratio(row.KernelSlowdown), Formatting.Fixed(row.OperatorGflops, 1), Formatting.Ratio(row.OperatorSlowdown));
        }

        return table;
    }
}
