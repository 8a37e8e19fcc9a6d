using Depthwise.Cost;
using Depthwise.Diagnostics;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Cli.Comparison;

/// <summary>
/// Builds the traditional, depthwise, pointwise and separable convolution of one <see cref="ComparisonSetup"/> on seeded random
/// data, costs each with the cost model and (optionally) times each with <see cref="LatencyMeter"/>.
/// </summary>
/// <remarks>
/// Pointwise is the 1×1 half of the separable block: C·M → N channels at the depthwise output's resolution, so that
/// depthwise + pointwise = separable in both cost and time. No bias anywhere, as in the textbook parameter counts.
/// </remarks>
internal static class FourWayComparison
{
    private const int Seed = 20261125;

    public static IReadOnlyList<ComparisonRow> Run(ComparisonSetup setup, bool measure, TimeSpan? measureTime = null)
    {
        var random = new Random(Seed);
        var options = new Conv2dOptions { Stride = setup.Stride, Padding = setup.Padding, Threads = setup.Threads };
        var middleChannels = setup.Channels * setup.Multiplier;

        using var input = RandomTensor(random, [1, setup.Channels, setup.Height, setup.Width]);
        using var traditionalWeights = RandomTensor(random, [setup.OutputChannels, setup.Channels, setup.Kernel, setup.Kernel]);
        using var depthwiseWeights = RandomTensor(random, [middleChannels, 1, setup.Kernel, setup.Kernel]);
        using var pointwiseWeights = RandomTensor(random, [setup.OutputChannels, middleChannels, 1, 1]);

        var geometry = DepthwiseConv2d.Geometry(input, depthwiseWeights, options);
        using var traditionalOutput = new Tensor([1, setup.OutputChannels, geometry.OutputHeight, geometry.OutputWidth]);
        using var depthwiseOutput = new Tensor([1, middleChannels, geometry.OutputHeight, geometry.OutputWidth]);
        using var separableOutput = new Tensor([1, setup.OutputChannels, geometry.OutputHeight, geometry.OutputWidth]);
        var separableOptions = new SeparableConv2dOptions { Stride = setup.Stride, Padding = setup.Padding, Threads = setup.Threads };

        var traditionalCost = CostModel.Convolution(1, setup.Channels, setup.OutputChannels, 1, geometry, bias: false);
        var depthwiseCost = CostModel.Depthwise(1, setup.Channels, setup.Multiplier, geometry, bias: false);
        var pointwiseCost = CostModel.Pointwise(1, middleChannels, setup.OutputChannels, geometry.OutputHeight, geometry.OutputWidth, bias: false);
        var separableCost = CostModel.Separable(1, setup.Channels, setup.OutputChannels, setup.Multiplier, geometry, bias: false);

        var kernelText = $"{setup.Kernel}×{setup.Kernel}";
        var operations = new (ConvolutionKind Kind, string Kernels, Tensor Output, OpCost Cost, Action Run)[]
        {
            (ConvolutionKind.Traditional, $"{setup.OutputChannels} × {kernelText}×{setup.Channels}", traditionalOutput, traditionalCost,
                () => Conv2d.Forward(input, traditionalWeights, null, traditionalOutput, 1, options)),
            (ConvolutionKind.Depthwise, $"{middleChannels} × {kernelText}×1", depthwiseOutput, depthwiseCost,
                () => DepthwiseConv2d.Forward(input, depthwiseWeights, null, depthwiseOutput, options)),
            (ConvolutionKind.Pointwise, $"{setup.OutputChannels} × 1×1×{middleChannels}", separableOutput, pointwiseCost,
                () => PointwiseConv2d.Forward(depthwiseOutput, pointwiseWeights, null, separableOutput, threads: setup.Threads)),
            (ConvolutionKind.Separable, "dw + pw", separableOutput, separableCost,
                () => SeparableConv2d.Forward(input, depthwiseWeights, null, pointwiseWeights, null, separableOutput, separableOptions)),
        };

        var rows = new List<ComparisonRow>(operations.Length);
        double? traditionalMedian = null;
        foreach (var operation in operations)
        {
            operation.Run();
            LatencyStatistics? latency = measure ? LatencyMeter.Measure(operation.Run, measureTime: measureTime ?? TimeSpan.FromSeconds(0.25)) : null;
            traditionalMedian ??= latency?.Median;
            double? speedup = latency is null || traditionalMedian is null ? null : traditionalMedian.Value / latency.Median;
            rows.Add(new ComparisonRow(operation.Kind, operation.Kernels, operation.Output.ShapeArray(), operation.Cost, latency, speedup));
        }

        return rows;
    }

    public static Tensor RandomTensor(Random random, int[] shape)
    {
        var tensor = new Tensor(shape);
        var values = tensor.Span;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return tensor;
    }
}
