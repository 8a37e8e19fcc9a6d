using BenchmarkDotNet.Attributes;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks;

/// <summary>
/// Depthwise 3×3, stride 1, same padding on 1×144×56×56 (MobileNetV2's 56² expanded block): the scalar reference
/// against the optimized operator on 1 and 2 threads, in both layouts.
/// </summary>
/// <remarks>
/// 144·56·56·9 = 4,064,256 multiply-adds = 8.129 MFLOP, so GFLOP/s = 8.129 / (mean in µs) · 1000.
/// Run: <c>dotnet run -c Release --project benchmarks/Depthwise.Benchmarks -- --filter *DepthwiseConv* --job short</c>.
/// </remarks>
public class DepthwiseConvBenchmarks
{
    private const int Channels = 144;
    private const int Size = 56;
    private const int KernelSize = 3;

    private Tensor _input = null!;
    private Tensor _weights = null!;
    private Tensor _bias = null!;
    private Tensor _output = null!;
    private Conv2dOptions _options = null!;
    private Conv2dOptions _oneThread = null!;
    private Conv2dOptions _twoThreads = null!;

    /// <summary>Storage order of input and output.</summary>
    [Params(TensorLayout.Nchw, TensorLayout.Nhwc)]
    public TensorLayout Layout { get; set; }

    /// <summary>Random tensors and a preallocated output.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        using var nchw = new Tensor(Values(random, Channels * Size * Size), [1, Channels, Size, Size]);
        _input = nchw.ToLayout(Layout);
        _weights = new Tensor(Values(random, Channels * KernelSize * KernelSize), [Channels, 1, KernelSize, KernelSize]);
        _bias = new Tensor(Values(random, Channels), [Channels]);
        _options = new Conv2dOptions { Padding = Padding.SameUpper };
        _oneThread = _options with { Threads = 1 };
        _twoThreads = _options with { Threads = 2 };
        _output = DepthwiseConv2d.Forward(_input, _weights, _bias, _options);
    }

    /// <summary>The textbook loop, one thread.</summary>
    /// <returns>The output (returned so the work is not dead code).</returns>
    [Benchmark(Baseline = true)]
    public Tensor Reference() => DepthwiseConv2d.Reference(_input, _weights, _bias, _options);

    /// <summary>The optimized operator on one thread, into a preallocated output.</summary>
    [Benchmark]
    public void OptimizedOneThread() => DepthwiseConv2d.Forward(_input, _weights, _bias, _output, _oneThread);

    /// <summary>The optimized operator on two threads (this machine's core count), into a preallocated output.</summary>
    [Benchmark]
    public void OptimizedTwoThreads() => DepthwiseConv2d.Forward(_input, _weights, _bias, _output, _twoThreads);

    private static float[] Values(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }
}
