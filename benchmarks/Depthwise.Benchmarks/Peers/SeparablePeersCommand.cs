using System.Globalization;
using System.Text;
using System.Text.Json;
using Depthwise.Cost;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// <c>peers fused [--threads T] [--layout nchw|nhwc] [--json FILE] [--filter TEXT]</c>: the fused separable block
/// (<see cref="SeparableConv2dPlan"/>) against the same block as two prepared operators in sequence
/// (<see cref="DepthwiseConv2dPlan"/> into a preallocated intermediate, then <see cref="PointwiseConv2dPlan"/>), and, on
/// NCHW data, against ONNX Runtime running the block as a Conv → Clip → Conv model. Each pair is timed interleaved in one
/// process (<see cref="InterleavedTimer"/>), so the fused time is measured twice, once beside each peer.
/// </summary>
internal static class SeparablePeersCommand
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan RoundTime = TimeSpan.FromMilliseconds(20);
    private const int Rounds = 31;

    public static int Run(string[] args)
    {
        var threadCounts = Option(args, "--threads") is { } threads ? [int.Parse(threads, CultureInfo.InvariantCulture)] : new[] { 1, 2 };
        var layout = Option(args, "--layout") is "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw;
        var jsonPath = Option(args, "--json");
        var filter = Option(args, "--filter");
        var results = new List<SeparablePeerResult>();
        foreach (var threadCount in threadCounts)
        {
            foreach (var separableCase in SeparableCase.Default.Where(c => filter is null || c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            {
                var result = Measure(separableCase, layout, threadCount);
                results.Add(result);
                Console.Error.WriteLine(
                    $"{result.Name,-22} {layout} threads {threadCount}: fused {result.FusedMicroseconds,8:F1} µs, sequence {result.SequenceMicroseconds,8:F1} µs ({result.FusedOverSequence:F2}), ORT {result.OnnxRuntimeMicroseconds,8:F1} µs ({result.FusedOverOnnxRuntime:F2})");
            }
        }

        Console.WriteLine(MarkdownTable(results));
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        }

        return 0;
    }

    private static SeparablePeerResult Measure(SeparableCase separableCase, TensorLayout layout, int threads)
    {
        var random = new Random(1);
        var geometry = separableCase.Geometry;
        var channels = separableCase.Channels;
        var input = Random(random, separableCase.Batch * channels * separableCase.Size * separableCase.Size);
        var weights = new SeparableWeights(
            Random(random, channels * SeparableCase.Kernel * SeparableCase.Kernel), Random(random, channels),
            Random(random, separableCase.OutChannels * channels), Random(random, separableCase.OutChannels));

        using var inputTensor = new Tensor(input, [separableCase.Batch, channels, separableCase.Size, separableCase.Size]).ToLayout(layout);
        using var depthwiseWeights = new Tensor(weights.Depthwise, [channels, 1, SeparableCase.Kernel, SeparableCase.Kernel]);
        using var depthwiseBias = new Tensor(weights.DepthwiseBias, [channels]);
        using var pointwiseWeights = new Tensor(weights.Pointwise, [separableCase.OutChannels, channels, 1, 1]);
        using var pointwiseBias = new Tensor(weights.PointwiseBias, [separableCase.OutChannels]);
        using var middle = Tensor.Image(separableCase.Batch, channels, geometry.OutputHeight, geometry.OutputWidth, layout);
        using var fusedOutput = Tensor.Image(separableCase.Batch, separableCase.OutChannels, geometry.OutputHeight, geometry.OutputWidth, layout);
        using var sequenceOutput = Tensor.Image(separableCase.Batch, separableCase.OutChannels, geometry.OutputHeight, geometry.OutputWidth, layout);

        // Both sides prepared once, like a runtime loading a model: the fused plan, and the two plans of the sequence.
        var options = new SeparableConv2dOptions { Stride = separableCase.Stride, Padding = Geometry.Padding.SameUpper, DepthwiseActivation = Activation.Relu6, Threads = threads };
        var fused = SeparableConv2d.Prepare(depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options);
        var depthwise = DepthwiseConv2d.Prepare(
            depthwiseWeights, depthwiseBias, new Conv2dOptions { Stride = separableCase.Stride, Padding = Geometry.Padding.SameUpper, Activation = Activation.Relu6, Threads = threads });
        var pointwise = PointwiseConv2d.Prepare(pointwiseWeights, pointwiseBias, Activation.None, threads);
        void Fused() => fused.Forward(inputTensor, fusedOutput);
        void Sequence()
        {
            depthwise.Forward(inputTensor, middle);
            pointwise.Forward(middle, sequenceOutput);
        }

        var (fusedMicroseconds, sequenceMicroseconds) = InterleavedTimer.MedianMicroseconds(Fused, Sequence, Warmup, Rounds, RoundTime);
        if (!fusedOutput.Span.SequenceEqual(sequenceOutput.Span))
        {
            throw new InvalidOperationException($"{separableCase.Name}: the fused block and the sequence disagree; they should match bit for bit.");
        }

        double? peerMicroseconds = null;
        double? maxDifference = null;
        if (layout == TensorLayout.Nchw)
        {
            var peerOutput = new float[fusedOutput.Length];
            using var peer = new OnnxRuntimeSeparable(separableCase, input, weights, peerOutput, threads);
            (var fusedAgain, peerMicroseconds) = InterleavedTimer.MedianMicroseconds(Fused, peer.Run, Warmup, Rounds, RoundTime);
            fusedMicroseconds = Math.Min(fusedMicroseconds, fusedAgain);
            var ours = fusedOutput.Span;
            maxDifference = 0;
            for (var i = 0; i < ours.Length; i++)
            {
                maxDifference = Math.Max(maxDifference.Value, Math.Abs(ours[i] - peerOutput[i]));
            }
        }

        var flops = CostModel.Separable(separableCase.Batch, channels, separableCase.OutChannels, 1, geometry, bias: true).Flops;
        return new SeparablePeerResult(
            separableCase.Name, layout.ToString(), separableCase.Batch, channels, separableCase.OutChannels, separableCase.Size, separableCase.Size,
            separableCase.Stride, threads, fusedMicroseconds, sequenceMicroseconds, fusedMicroseconds / sequenceMicroseconds, peerMicroseconds,
            fusedMicroseconds / peerMicroseconds, flops / (fusedMicroseconds * 1e3), maxDifference);
    }

    private static string MarkdownTable(List<SeparablePeerResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| block | layout | threads | fused µs | sequence µs | fused / sequence | ONNX Runtime µs | fused / ORT | fused GFLOP/s | max abs diff (ORT) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"| {result.Name} | {result.Layout} | {result.Threads} | {result.FusedMicroseconds:F1} | {result.SequenceMicroseconds:F1} | {result.FusedOverSequence:F2} | {result.OnnxRuntimeMicroseconds:F1} | {result.FusedOverOnnxRuntime:F2} | {result.Gflops:F1} | {result.MaxAbsoluteDifference:E1} |");
        }

        foreach (var group in results.GroupBy(result => result.Threads))
        {
            var sequenceMean = Math.Exp(group.Average(result => Math.Log(result.FusedOverSequence)));
            text.Append(CultureInfo.InvariantCulture, $"\n{group.Key} thread(s): geometric-mean fused / sequence {sequenceMean:F2}");
            if (group.All(result => result.FusedOverOnnxRuntime is not null))
            {
                text.Append(CultureInfo.InvariantCulture, $", fused / ONNX Runtime {Math.Exp(group.Average(result => Math.Log(result.FusedOverOnnxRuntime!.Value))):F2}");
            }

            text.AppendLine();
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
