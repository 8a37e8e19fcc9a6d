using Depthwise.Cli.Benchmarking;
using Depthwise.Geometry;

namespace Depthwise.Tests.Cli;

/// <summary>
/// The bench's generic suite (the layers only the generic body computes, held against the specialised 3×3 stride 1 on
/// the same layer) and the comparison it prints.
/// </summary>
public sealed class GenericBenchSuiteTests
{
    [Fact]
    public void TheSuiteStartsWithTheSpecialisedLayerAndCoversEveryGenericCase()
    {
        var layers = BenchSuites.Get(BenchSuites.GenericSuite);
        var reference = layers[0];
        Assert.Equal((new Size2D(3, 3), new Size2D(1, 1), new Size2D(1, 1), 1), (reference.Kernel, reference.Stride, reference.Dilation, reference.Multiplier));
        Assert.All(layers, layer => Assert.Equal((144, 56, 56), (layer.OutChannels, layer.Height, layer.Width)));
        Assert.Contains(layers, layer => layer.Kernel == new Size2D(4, 4));
        Assert.Contains(layers, layer => layer.Kernel == new Size2D(7, 7));
        Assert.Contains(layers, layer => layer.Dilation == new Size2D(2, 2));
        Assert.Contains(layers, layer => layer.Multiplier == 2 && layer.Channels == 72);
        Assert.Contains(layers, layer => layer.Stride == new Size2D(2, 1));
        Assert.Equal(layers.Count, layers.Select(layer => layer.Name).Distinct().Count());
        Assert.Equal(layers, BenchSuites.Get("all").Where(layer => layer.Suite == BenchSuites.GenericSuite));
    }

    [Fact]
    public void DilatedAndMultipliedLayersCarryTheirGeometry()
    {
        var layers = BenchSuites.Get(BenchSuites.GenericSuite);
        var dilated = layers.Single(layer => layer.Dilation == new Size2D(2, 2));
        Assert.Equal((56, 56), (dilated.Geometry.OutputHeight, dilated.Geometry.OutputWidth));
        Assert.Equal(new Size2D(2, 2), dilated.ConvOptions(threads: 1).Dilation);
        Assert.Contains("d2", dilated.Name, StringComparison.Ordinal);
        Assert.Contains("72→144", layers.Single(layer => layer.Multiplier == 2).Name, StringComparison.Ordinal);
        var strided = layers.Single(layer => layer.Stride == new Size2D(2, 1));
        Assert.Equal((28, 56), (strided.Geometry.OutputHeight, strided.Geometry.OutputWidth));
    }

    [Fact]
    public void SlowdownsCompareTheRatesOfInImageTaps()
    {
        // Reference: kernel 100 GFLOP/s, operator 80, every tap in the image; a layer with 80 % of its taps in the image
        // at 50 and 40 nominal GFLOP/s does 40 and 32 GFLOP/s of real work: 2.5× slower both ways.
        BenchResult[] results =
        [
            Result("mobilenet-v2", "dw 3×3 144 56×56 s1", 200, 1, 200),
            Result(BenchSuites.GenericSuite, "dw 3×3 144 56×56 s1", 80, 1, 100),
            Result(BenchSuites.GenericSuite, "dw 7×7 144 56×56 s1", 40, 0.8, 50),
        ];

        var row = Assert.Single(GenericBodyComparison.Rows(results));
        Assert.Equal("dw 7×7 144 56×56 s1", row.Layer.Name);
        Assert.Equal(40, row.KernelGflops, 9);
        Assert.Equal(2.5, row.KernelSlowdown, 9);
        Assert.Equal(32, row.OperatorGflops, 9);
        Assert.Equal(2.5, row.OperatorSlowdown, 9);
    }

    [Fact]
    public void WithoutTheGenericSuiteThereIsNothingToCompare() =>
        Assert.Empty(GenericBodyComparison.Rows([Result("mobilenet-v2", "dw 3×3 144 56×56 s1", 80, 1, 100)]));

    private static BenchResult Result(string suite, string name, double operatorGflops, double inImageTaps, double kernelGflops) =>
        new(suite, name, "depthwise", 1, 144, 144, 56, 56, [3, 3], [1, 1], [1, 1], 1, 1, 100, operatorGflops, 50, "FMA", 200, 0.4, inImageTaps, 0.4,
            new BlockedKernelResult(50, kernelGflops, 60, "FMA", 2 * kernelGflops, 0.5, 0.5));
}
