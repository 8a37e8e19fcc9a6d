using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Depthwise.Cost;
using Depthwise.Onnx.Import;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// <c>peers [--threads T] [--json FILE] [--filter TEXT] [--profile]</c>: our operators (NCHW in, NCHW out, everything included) against
/// ONNX Runtime on the same layers, in the same process and run, at the same thread count. Depthwise layers run through a
/// <see cref="DepthwiseConv2dPlan"/> (weights packed once, as ONNX Runtime's session packs its constant weights).
/// <c>peers fused …</c> runs the fused separable section instead (<see cref="SeparablePeersCommand"/>).
/// The end-to-end rows (names starting "e2e") run whole models: <see cref="EndToEndCase.Default"/>.
/// </summary>
internal static class PeersCommand
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan RoundTime = TimeSpan.FromMilliseconds(20);
    private const int Rounds = 31;
    private static readonly TimeSpan EndToEndWarmup = TimeSpan.FromSeconds(2);
    private const int EndToEndRounds = 11;

    // A whole network per round: at least ≈ 30 timed MobileNetV2 calls (≈ 7 ms each on one thread) after 50 ms of
    // untimed ones, so the median is of steady-state calls as for the layers (with 20 ms rounds and one wake-up call,
    // two of the three calls of a round ran right after the pause between rounds, ≈ 20 % slower for both engines).
    private static readonly TimeSpan EndToEndRoundTime = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan EndToEndWakeTime = TimeSpan.FromMilliseconds(50);

    // --profile: print our per-step times of each end-to-end model before timing it.
    private static bool Profile { get; set; }

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "fused")
        {
            return SeparablePeersCommand.Run(args[1..]);
        }

        var threadCounts = Option(args, "--threads") is { } threads ? [int.Parse(threads, CultureInfo.InvariantCulture)] : new[] { 1, 2 };
        var jsonPath = Option(args, "--json");
        var filter = Option(args, "--filter");
        Profile = args.Contains("--profile");
        var results = new List<PeerResult>();
        foreach (var threadCount in threadCounts)
        {
            foreach (var peerCase in PeerCase.Default.Where(c => filter is null || c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            {
                var result = Measure(peerCase, threadCount);
                results.Add(result);
                Report(result);
            }

            foreach (var endToEnd in EndToEndCase.Default().Where(c => filter is null || c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            {
                var result = Measure(endToEnd, threadCount);
                results.Add(result);
                Report(result);
            }
        }

        Console.WriteLine(MarkdownTable(results));
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        }

        return 0;
    }

    private static void Report(PeerResult result) =>
        Console.Error.WriteLine($"{result.Name,-24} threads {result.Threads}: ours {result.DepthwiseMicroseconds,9:F1} µs, ORT {result.OnnxRuntimeMicroseconds,9:F1} µs, ratio {result.Ratio:F2}");

    // A whole model: our OnnxModel (loaded with the passes, outputs written into a caller's tensor) against an ONNX
    // Runtime session on the same bytes; fewer, longer rounds than the layers (a det call takes 0.1 s or more).
    private static PeerResult Measure(EndToEndCase endToEnd, int threads)
    {
        var model = OnnxModel.Load(endToEnd.Model, new OnnxModelOptions { Threads = threads });
        var inputs = new Dictionary<string, Tensor> { [endToEnd.InputName] = endToEnd.Input };
        var input = endToEnd.Input.Span.ToArray();
        using var peer = new OnnxRuntimeModel(endToEnd.Model, endToEnd.InputName, input, [.. endToEnd.Input.ShapeArray().Select(d => (long)d)], threads);
        var outputs = StepScaling.OutputTensors(model, inputs);
        if (Profile)
        {
            // Warm up first: 20 runs straight after loading time tier-0 and OSR code of every kernel only one step calls
            // (a fused 32×112² → 16 block on kernels no other step used: 370–470 µs in its first 20 calls, 257 µs tiered up).
            var warmup = Stopwatch.StartNew();
            while (warmup.Elapsed < EndToEndWarmup)
            {
                model.Run(inputs, outputs);
            }

            var layers = model.DescribeConvolutions(inputs).ToDictionary(l => l.NodeName, l =>
                $"{l.InputChannels}→{l.OutputChannels} g{l.Groups} {l.Geometry.Kernel.Height}x{l.Geometry.Kernel.Width} s{l.Geometry.Stride.Height} {l.Geometry.InputHeight}x{l.Geometry.InputWidth} {l.Cost.Macs / 1e6:F0}M MACs");
            var steps = model.ProfileSteps(inputs, runs: 20);
            PrintProfile(endToEnd.Name, threads, steps, layers);
            PrintBlocksAgainstPeer(steps, OnnxRuntimeProfile.FastestNodeMicroseconds(
                endToEnd.Model, endToEnd.InputName, endToEnd.Input.Span.ToArray(), [.. endToEnd.Input.ShapeArray().Select(d => (long)d)], threads, EndToEndWarmup, runs: 20));
            var plan = model.DescribePlan(inputs);
            Console.Error.WriteLine($"  plan buffers {plan.BufferBytes / 1048576.0:F1} MiB (one per value: {plan.ValueBytes / 1048576.0:F1} MiB), {plan.FallbackSteps} fallback steps, {plan.InputsReadInPlace} input(s) read in place, {plan.ChannelsLastHandoffs} output(s) handed on channels-last, {plan.FusedStems} stem(s) run inside the next step");
            PrintSpread("ours", () => model.Run(inputs, outputs));
            PrintSpread("ONNX Runtime", peer.Run);
            if (threads > 1)
            {
                PrintThreading(() => model.Run(inputs, outputs));

                // Once more after the trace: the first back-to-back stretch follows ONNX Runtime's profiled session,
                // this one its back-to-back runs; a difference between them is the machine's, not the order's.
                PrintSpread("ours", () => model.Run(inputs, outputs));
                StepScaling.Print(endToEnd.Model, inputs, model, threads);
            }
        }

        var (oursMicroseconds, peerMicroseconds) = MedianMicroseconds(
            () => model.Run(inputs, outputs), peer.Run, EndToEndWarmup, EndToEndRounds, EndToEndRoundTime, EndToEndWakeTime);
        var ours = outputs[peer.OutputName].Span;
        var maxDifference = 0.0;
        for (var i = 0; i < ours.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(ours[i] - peer.Output[i]));
        }

        var shape = endToEnd.Input.Shape;
        return new PeerResult(
            endToEnd.Name, "e2e", shape[0], shape[1], outputs[peer.OutputName].Shape[1], shape[2], shape[3], [], [], [], [], 1, threads,
            oursMicroseconds, peerMicroseconds, oursMicroseconds / peerMicroseconds, 0, maxDifference);
    }

    // Where our time goes: per op type (with how the plan runs it), then the slowest steps.
    private static void PrintProfile(string name, int threads, IReadOnlyList<(string OpType, string Name, string Mode, string Output, double Microseconds)> steps, Dictionary<string, string> layers)
    {
        var total = steps.Sum(s => s.Microseconds);
        Console.Error.WriteLine($"{name}, {threads} thread(s): {total:F0} µs in {steps.Count} steps (each step's fastest of the profiled runs)");
        foreach (var group in steps.GroupBy(s => (s.OpType, s.Mode)).OrderByDescending(g => g.Sum(s => s.Microseconds)))
        {
            Console.Error.WriteLine($"  {group.Key.OpType,-20} {group.Key.Mode,-9} {group.Count(),4} steps {group.Sum(s => s.Microseconds),10:F0} µs {100 * group.Sum(s => s.Microseconds) / total,5:F1} %");
        }

        foreach (var step in steps.OrderByDescending(s => s.Microseconds).Take(45))
        {
            Console.Error.WriteLine($"    {step.OpType,-14} {step.Name,-24} {step.Microseconds,9:F0} µs {layers.GetValueOrDefault(step.Name) ?? step.Output}");
        }
    }

    // Each engine alone, warmed up, then run back to back: how far its typical run sits above its fastest (the
    // profiles above add up fastest steps; the interleaved medians below are typical runs).
    private static void PrintSpread(string engine, Action run)
    {
        const int Runs = 200;
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < EndToEndWarmup)
        {
            run();
        }

        var times = new double[Runs];
        var caller = ThreadCpuTime.CurrentThread();
        var (threadsBefore, processBefore, machineBefore) = (ThreadCpuTime.Now(), Environment.CpuUsage.TotalTime, ThreadCpuTime.MachineBusyMilliseconds());
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var wall = clock.Elapsed.TotalMilliseconds;
        var threadsAfter = ThreadCpuTime.Now();
        var others = ThreadCpuTime.MachineBusyMilliseconds() - machineBefore - (Environment.CpuUsage.TotalTime - processBefore).TotalMilliseconds;
        Array.Sort(times);
        Console.Error.WriteLine($"  {engine,-12} {Runs} runs back to back: min {times[0]:F0}, p10 {times[Runs / 10]:F0}, median {times[Runs / 2]:F0}, p90 {times[Runs * 9 / 10]:F0} µs");

        // Where a slow stretch comes from: each thread group's CPU time and its time runnable but queued, and what other
        // processes took meanwhile (whole-machine ticks less ours; ±10 ms per CPU).
        var running = threadsAfter.GroupMilliseconds(threadsBefore, caller);
        var waiting = threadsAfter.GroupWaitMilliseconds(threadsBefore, caller);
        var groups = ThreadCpuTime.Groups.Select((group, g) => $"{group} {running[g]:F0} / {waiting[g]:F0}");
        Console.Error.WriteLine($"    {wall:F0} ms: CPU / run-queue wait ms {string.Join(", ", groups)}; other processes {Math.Max(others, 0):F0} ms of CPU");
    }

    // InterleavedTimer's medians; with --profile also the CPU time of each thread group during the timed rounds, under
    // `heading` when given.
    private static (double OursMicroseconds, double PeerMicroseconds) MedianMicroseconds(
        Action ours, Action peer, TimeSpan warmup, int rounds, TimeSpan roundTime, TimeSpan? wakeTime = null, string? heading = null)
    {
        List<double[]>[]? roundCpu = Profile ? [[], []] : null;
        var medians = InterleavedTimer.MedianMicroseconds(ours, peer, warmup, rounds, roundTime, wakeTime, roundCpu);
        if (roundCpu is not null)
        {
            if (heading is not null)
            {
                Console.Error.WriteLine(heading);
            }

            PrintRoundCpu(roundCpu);
        }

        return medians;
    }

    // CPU time of each thread group during the timed part of the interleaved rounds, median over rounds: a round is
    // clean when only its own engine's threads ran (the other engine's pool asleep, the tiered JIT done).
    private static void PrintRoundCpu(List<double[]>[] roundCpu)
    {
        foreach (var (engine, rounds) in new[] { ("ours", roundCpu[0]), ("ONNX Runtime", roundCpu[1]) })
        {
            var medians = ThreadCpuTime.Groups.Select((group, g) => $"{group} {rounds.Select(r => r[g]).Order().ElementAt(rounds.Count / 2):F1}");
            Console.Error.WriteLine($"  CPU ms per timed round of {engine,-12} (median of {rounds.Count}): {string.Join(", ", medians)}");
        }
    }

    // Our runs back to back with the worker pool traced (RegionTrace), medians per run: how much of a run is inside
    // parallel regions, what the hand-offs cost and how long threads wait inside regions for each other (imbalance).
    private static void PrintThreading(Action run)
    {
        const int Runs = 200;
        var trace = new RegionTrace();
        var columns = new double[8][];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[Runs];
        }

        static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
        var regions = new List<RegionRecord[]>(Runs);
        WorkerPool.Shared.Trace = trace;
        try
        {
            for (var i = 0; i < Runs; i++)
            {
                trace.Reset();
                var start = Stopwatch.GetTimestamp();
                run();
                var wall = Stopwatch.GetTimestamp() - start;
                regions.Add(trace.RegionsSinceReset.ToArray());
                columns[0][i] = Microseconds(wall);
                columns[1][i] = Microseconds(trace.RegionTicks);
                columns[2][i] = Microseconds(wall - trace.RegionTicks);
                columns[3][i] = Microseconds(trace.ForkTicks);
                columns[4][i] = Microseconds(trace.JoinTicks);
                columns[5][i] = Microseconds(trace.CallerWaitTicks);
                columns[6][i] = Microseconds(trace.HelperIdleTicks);
                columns[7][i] = trace.MissedPosts;
            }
        }
        finally
        {
            WorkerPool.Shared.Trace = null;
        }

        var medians = columns.Select(c => c.Order().ElementAt(Runs / 2)).ToArray();
        Console.Error.WriteLine(
            $"  ours threads, {Runs} runs traced, medians per run: {trace.Regions} parallel regions ({trace.Items} items, {trace.HelperItems} by helpers), run {medians[0]:F0} µs = {medians[1]:F0} in regions + {medians[2]:F0} outside;"
            + $" hand-offs: fork {medians[3]:F0}, join {medians[4]:F0} µs; imbalance: caller waits {medians[5]:F0}, helpers idle {medians[6]:F0} µs (thread time); posts taken back {medians[7]:F0}");

        // Region by region (a run's regions come in the same order every run), medians over the runs that had it.
        var count = regions.Min(r => r.Length);
        Console.Error.WriteLine("    region  items  by helpers      µs  caller waits  helpers idle  caller alone before it (µs, medians)");
        for (var r = 0; r < count; r++)
        {
            double Median(Func<RegionRecord, double> value) => regions.Select(run => value(run[r])).Order().ElementAt(regions.Count / 2);
            Console.Error.WriteLine(
                $"    {r,6} {regions[0][r].Items,6} {Median(x => x.HelperItems),11:F0} {Median(x => Microseconds(x.Ticks)),7:F1} {Median(x => Microseconds(x.CallerWaitTicks)),13:F1} {Median(x => Microseconds(x.HelperIdleTicks)),13:F1} {Median(x => Microseconds(x.TicksSincePrevious)),12:F1}");
        }
    }

    // Our steps and ONNX Runtime's nodes summed per block ("features.12", "classifier"; a fused step counts under
    // its first node's block), each node's fastest profiled time: where the end-to-end ratio is won and lost.
    private static void PrintBlocksAgainstPeer(IReadOnlyList<(string OpType, string Name, string Mode, string Output, double Microseconds)> steps, Dictionary<string, double> peerNodes)
    {
        static string Block(string name)
        {
            var parts = name.Split('+')[0].Split('.');
            return parts.Length > 1 && parts[0] == "features" ? $"{parts[0]}.{parts[1]}" : parts[0];
        }

        var ours = steps.GroupBy(s => Block(s.Name)).ToDictionary(g => g.Key, g => g.Sum(s => s.Microseconds));
        var peer = peerNodes.GroupBy(n => Block(n.Key)).ToDictionary(g => g.Key, g => g.Sum(n => n.Value));
        Console.Error.WriteLine($"  per block, each step's / node's fastest: ours {ours.Values.Sum():F0} µs, ONNX Runtime {peer.Values.Sum():F0} µs");
        foreach (var block in ours.Keys.Union(peer.Keys).OrderByDescending(b => ours.GetValueOrDefault(b)))
        {
            var mine = ours.GetValueOrDefault(block);
            var theirs = peer.GetValueOrDefault(block);
            Console.Error.WriteLine($"    {block,-16} ours {mine,8:F0} µs  ORT {theirs,8:F0} µs  ratio {(theirs > 0 ? mine / theirs : double.NaN),5:F2}  ours − ORT {mine - theirs,7:F0} µs");
            if (mine > theirs && theirs > 0)
            {
                // Where we lose, the peer's nodes one by one: how it splits the block (its NCHWc reorders show here).
                foreach (var (node, microseconds) in peerNodes.Where(n => Block(n.Key) == block))
                {
                    Console.Error.WriteLine($"      ORT {node,-40} {microseconds,8:F0} µs");
                }
            }
        }
    }

    private static PeerResult Measure(PeerCase peerCase, int threads)
    {
        var random = new Random(1);
        var geometry = peerCase.Geometry;
        var input = Random(random, peerCase.Batch * peerCase.Channels * peerCase.Height * peerCase.Width);
        var weights = Random(random, peerCase.WeightShape.Aggregate(1, (product, dimension) => product * dimension));
        var outputChannels = peerCase.WeightShape[0];
        var outputLength = peerCase.Batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth;
        var oursOutput = new float[outputLength];
        var peerOutput = new float[outputLength];

        using var inputTensor = new Tensor(input, [peerCase.Batch, peerCase.Channels, peerCase.Height, peerCase.Width]);
        using var weightTensor = new Tensor(weights, peerCase.WeightShape);
        using var outputTensor = new Tensor(oursOutput, [peerCase.Batch, outputChannels, geometry.OutputHeight, geometry.OutputWidth]);
        var options = new Conv2dOptions { Stride = peerCase.Stride, Padding = Geometry.Padding.SameUpper, Threads = threads };

        // Both run prepared, like ONNX Runtime's session: weights packed once, NCHW in and out, conversions included.
        var plan = peerCase.IsDepthwise ? DepthwiseConv2d.Prepare(weightTensor, null, options) : null;
        Action ours = plan is not null
            ? () => plan.Forward(inputTensor, outputTensor)
            : PreparedPointwise(weightTensor, inputTensor, outputTensor, threads);
        using var peer = new OnnxRuntimeConv(peerCase, input, weights, peerOutput, threads);

        var (oursMicroseconds, peerMicroseconds) = MedianMicroseconds(ours, peer.Run, Warmup, Rounds, RoundTime, heading: $"{peerCase.Name}, {threads} thread(s):");
        var cost = peerCase.IsDepthwise
            ? CostModel.Depthwise(peerCase.Batch, peerCase.Channels, peerCase.Multiplier, geometry, bias: false)
            : CostModel.Pointwise(peerCase.Batch, peerCase.Channels, peerCase.OutChannels, peerCase.Height, peerCase.Width, bias: false);
        var maxDifference = 0.0;
        for (var i = 0; i < outputLength; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(oursOutput[i] - peerOutput[i]));
        }

        return new PeerResult(
            peerCase.Name, peerCase.Op, peerCase.Batch, peerCase.Channels, outputChannels, peerCase.Height, peerCase.Width,
            [peerCase.Kernel, peerCase.Kernel], [peerCase.Stride, peerCase.Stride], [1, 1],
            [geometry.PadTop, geometry.PadLeft, geometry.PadBottom, geometry.PadRight], peerCase.Multiplier, threads,
            oursMicroseconds, peerMicroseconds, oursMicroseconds / peerMicroseconds, cost.Flops / (oursMicroseconds * 1e3), maxDifference);
    }

    // Pointwise rows time a prepared plan, the counterpart of the ONNX Runtime session that prepacks its constant weights.
    private static Action PreparedPointwise(Tensor weights, Tensor input, Tensor output, int threads)
    {
        var plan = PointwiseConv2d.Prepare(weights, threads: threads);
        return () => plan.Forward(input, output);
    }

    private static string MarkdownTable(List<PeerResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| layer | threads | ours µs | ONNX Runtime µs | ratio | ours GFLOP/s | max abs diff |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {result.Name} | {result.Threads} | {result.DepthwiseMicroseconds:F1} | {result.OnnxRuntimeMicroseconds:F1} | {result.Ratio:F2} | {result.Gflops:F1} | {result.MaxAbsoluteDifference:E1} |");
        }

        foreach (var group in results.GroupBy(result => (result.Op, result.Threads)))
        {
            var geometricMean = Math.Exp(group.Average(result => Math.Log(result.Ratio)));
            text.AppendLine(CultureInfo.InvariantCulture, $"\n{group.Key.Op}, {group.Key.Threads} thread(s): geometric-mean ratio {geometricMean:F2}, worst {group.Max(result => result.Ratio):F2}");
        }

        return text.ToString();
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
