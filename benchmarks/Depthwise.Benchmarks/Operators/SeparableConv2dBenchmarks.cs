using BenchmarkDotNet.Attributes;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Operators;

/// <summary>
/// MobileNetV2's depthwise layers with their projections (3×3 depthwise + ReLU6, then a linear 1×1), run fused by a
/// <see cref="SeparableConv2dPlan"/> (the baseline) against two prepared operators in sequence through a preallocated
/// intermediate.
/// </summary>
[Config(typeof(ConvBenchmarkConfig))]
public class SeparableConv2dBenchmarks
{
    private Tensor _input = null!;
    private Tensor _middle = null!;
    private Tensor _output = null!;
    private SeparableConv2dPlan _fused = null!;
    private DepthwiseConv2dPlan _depthwise = null!;
    private PointwiseConv2dPlan _pointwise = null!;

    /// <summary>The blocks.</summary>
    public static IEnumerable<SeparableShape> Shapes =>
    [
        new(1, 144, 24, 56, 1),
        new(1, 192, 32, 28, 1),
        new(1, 384, 64, 14, 1),
        new(1, 576, 96, 14, 1),
        new(1, 960, 160, 7, 1),
    ];

    /// <summary>The block.</summary>
    [ParamsSource(nameof(Shapes))]
    public SeparableShape Shape { get; set; } = null!;

    /// <summary>Storage order of input and output.</summary>
    [Params(TensorLayout.Nchw, TensorLayout.Nhwc)]
    public TensorLayout Layout { get; set; }

    /// <summary>Worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Allocates the tensors and prepares both forms.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var channels = Shape.Channels;
        _input = Tensor.Image(Shape.Batch, channels, Shape.Size, Shape.Size, Layout);
        _middle = Tensor.Image(Shape.Batch, channels, Shape.OutputSize, Shape.OutputSize, Layout);
        _output = Tensor.Image(Shape.Batch, Shape.OutputChannels, Shape.OutputSize, Shape.OutputSize, Layout);
        var depthwiseWeights = Filled(random, channels, 1, 3, 3);
        var depthwiseBias = Filled(random, channels);
        var pointwiseWeights = Filled(random, Shape.OutputChannels, channels, 1, 1);
        var pointwiseBias = Filled(random, Shape.OutputChannels);
        Fill(_input.Span, random);

        var options = new SeparableConv2dOptions { Stride = Shape.Stride, Padding = Padding.SameUpper, DepthwiseActivation = Activation.Relu6, Threads = Threads };
        _fused = SeparableConv2d.Prepare(depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options);
        _depthwise = DepthwiseConv2d.Prepare(
            depthwiseWeights, depthwiseBias, new Conv2dOptions { Stride = Shape.Stride, Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = Threads });
        _pointwise = PointwiseConv2d.Prepare(pointwiseWeights, pointwiseBias, Activation.None, Threads);
    }

    /// <summary>The fused block: each band's depthwise output consumed by the GEMM while in cache.</summary>
    [Benchmark(Baseline = true)]
    public void Fused() => _fused.Forward(_input, _output);

    /// <summary>The two operators in sequence, through the whole intermediate tensor.</summary>
    [Benchmark]
    public void Sequence()
    {
        _depthwise.Forward(_input, _middle);
        _pointwise.Forward(_middle, _output);
    }

    private static Tensor Filled(Random random, params int[] shape)
    {
        var tensor = new Tensor(shape);
        Fill(tensor.Span, random);
        return tensor;
    }

    private static void Fill(Span<float> values, Random random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }
    }
}
