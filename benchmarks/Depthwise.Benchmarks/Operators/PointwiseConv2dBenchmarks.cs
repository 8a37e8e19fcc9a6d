using BenchmarkDotNet.Attributes;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Operators;

/// <summary>
/// Pointwise (1×1) convolutions of MobileNetV2 (expansion 24→144 and projection 144→24 at 56², 96→576 at 14²,
/// 576→160 at 7², and the 320→1280 head), each with ReLU6 fused, on one thread by default.
/// </summary>
[Config(typeof(ConvBenchmarkConfig))]
public class PointwiseConv2dBenchmarks
{
    private Tensor _input = null!;
    private Tensor _weights = null!;
    private Tensor _bias = null!;
    private Tensor _output = null!;

    /// <summary>The layers.</summary>
    public static IEnumerable<PointwiseShape> Shapes =>
    [
        new(1, 24, 144, 56),
        new(1, 144, 24, 56),
        new(1, 96, 576, 14),
        new(1, 576, 160, 7),
        new(1, 320, 1280, 7),
    ];

    /// <summary>The layer.</summary>
    [ParamsSource(nameof(Shapes))]
    public PointwiseShape Shape { get; set; } = null!;

    /// <summary>Storage order of input and output.</summary>
    [Params(TensorLayout.Nchw, TensorLayout.Nhwc)]
    public TensorLayout Layout { get; set; }

    /// <summary>Worker threads.</summary>
    [Params(1)]
    public int Threads { get; set; }

    /// <summary>Allocates and fills the tensors.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _input = Tensor.Image(Shape.Batch, Shape.InputChannels, Shape.Size, Shape.Size, Layout);
        _weights = new Tensor([Shape.OutputChannels, Shape.InputChannels, 1, 1]);
        _bias = new Tensor([Shape.OutputChannels]);
        _output = Tensor.Image(Shape.Batch, Shape.OutputChannels, Shape.Size, Shape.Size, Layout);
        Fill(_input.Span, random);
        Fill(_weights.Span, random);
        Fill(_bias.Span, random);
    }

    /// <summary>One forward pass into a preallocated output.</summary>
    [Benchmark]
    public void Forward() => PointwiseConv2d.Forward(_input, _weights, _bias, _output, Activation.Relu6, Threads);

    private static void Fill(Span<float> values, Random random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }
    }
}
