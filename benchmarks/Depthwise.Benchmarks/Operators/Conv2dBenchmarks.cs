using BenchmarkDotNet.Attributes;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Operators;

/// <summary>
/// Standard convolutions through the im2col + GEMM path: the 3×3 32→64 layer at 112² (a MobileNetV1-sized dense
/// layer), the 3×3 stride-2 stem 3→32 at 224², and a grouped 3×3 (g = 4) for scale.
/// </summary>
[Config(typeof(ConvBenchmarkConfig))]
public class Conv2dBenchmarks
{
    private Tensor _input = null!;
    private Tensor _weights = null!;
    private Tensor _bias = null!;
    private Tensor _output = null!;
    private Conv2dOptions _options = null!;

    /// <summary>The layers.</summary>
    public static IEnumerable<Conv2dShape> Shapes =>
    [
        new(1, 32, 64, 112, 3, 1, 1),
        new(1, 3, 32, 224, 3, 2, 1),
        new(1, 64, 64, 56, 3, 1, 4),
    ];

    /// <summary>The layer.</summary>
    [ParamsSource(nameof(Shapes))]
    public Conv2dShape Shape { get; set; } = null!;

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
        _weights = new Tensor([Shape.OutputChannels, Shape.InputChannels / Shape.Groups, Shape.Kernel, Shape.Kernel]);
        _bias = new Tensor([Shape.OutputChannels]);
        _output = Tensor.Image(Shape.Batch, Shape.OutputChannels, Shape.OutputSize, Shape.OutputSize, Layout);
        _options = new Conv2dOptions { Stride = Shape.Stride, Padding = Padding.SameUpper, Activation = Activation.Relu, Threads = Threads };
        Fill(_input.Span, random);
        Fill(_weights.Span, random);
        Fill(_bias.Span, random);
    }

    /// <summary>One forward pass into a preallocated output.</summary>
    [Benchmark]
    public void Forward() => Conv2d.Forward(_input, _weights, _bias, _output, Shape.Groups, _options);

    private static void Fill(Span<float> values, Random random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }
    }
}
