using Depthwise.Nn;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Nn;

public sealed class BatchNorm2dTests
{
    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void EvalUsesTheRunningStatistics(TensorLayout layout)
    {
        var random = new Random(1);
        var module = Randomized(random, 3, epsilon: 1e-3f);
        module.Eval();
        var input = ConvTestData.Image(random, 2, 3, 4, 5, TensorLayout.Nchw);

        var output = module.Forward(input.ToLayout(layout)).ToLayout(TensorLayout.Nchw);
        for (var n = 0; n < 2; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 4; y++)
                {
                    for (var x = 0; x < 5; x++)
                    {
                        var expected = ((input[n, c, y, x] - (double)module.RunningMean.Span[c]) / Math.Sqrt(module.RunningVariance.Span[c] + 1e-3))
                            * module.Weight!.Value.Span[c] + module.Bias!.Value.Span[c];
                        Assert.Equal(expected, output[n, c, y, x], 1e-5);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void TrainingNormalizesWithBatchStatisticsAndMovesTheRunningOnes(TensorLayout layout)
    {
        var random = new Random(2);
        var module = Randomized(random, 2, epsilon: 1e-5f, momentum: 0.3f);
        var runningMean = module.RunningMean.Span.ToArray();
        var runningVariance = module.RunningVariance.Span.ToArray();
        var input = ConvTestData.Image(random, 3, 2, 3, 4, TensorLayout.Nchw);

        var output = module.Forward(input.ToLayout(layout)).ToLayout(TensorLayout.Nchw);
        for (var c = 0; c < 2; c++)
        {
            var values = new List<double>();
            for (var n = 0; n < 3; n++)
            {
                for (var i = 0; i < 12; i++)
                {
                    values.Add(input[n, c, i / 4, i % 4]);
                }
            }

            var mean = values.Average();
            var biased = values.Average(value => (value - mean) * (value - mean));
            for (var n = 0; n < 3; n++)
            {
                for (var i = 0; i < 12; i++)
                {
                    var expected = ((input[n, c, i / 4, i % 4] - mean) / Math.Sqrt(biased + 1e-5)) * module.Weight!.Value.Span[c] + module.Bias!.Value.Span[c];
                    Assert.Equal(expected, output[n, c, i / 4, i % 4], 1e-4);
                }
            }

            Assert.Equal((0.7 * runningMean[c]) + (0.3 * mean), module.RunningMean.Span[c], 1e-5);
            Assert.Equal((0.7 * runningVariance[c]) + (0.3 * biased * 36 / 35), module.RunningVariance.Span[c], 1e-5);
        }
    }

    [Fact]
    public void TrainingOnOneValuePerChannelIsRejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => new BatchNorm2d(4).Forward(new Tensor([1, 4, 1, 1])));
        Assert.Equal("input", exception.ParamName);
    }

    [Fact]
    public void DescriptionCountsGammaAndBetaButNoMultiplyAdds()
    {
        var cost = new BatchNorm2d(16).Describe([1, 16, 8, 8]).Cost;
        Assert.Equal(32, cost.Parameters);
        Assert.Equal(0, cost.Macs);
        Assert.Equal(0, new BatchNorm2d(16, affine: false).Describe([1, 16, 8, 8]).Cost.Parameters);
    }

    private static BatchNorm2d Randomized(Random random, int channels, float epsilon, float momentum = 0.1f)
    {
        var module = new BatchNorm2d(channels, epsilon, momentum);
        Initialization.Uniform(module.Weight!.Value, random, 0.5, 1.5);
        Initialization.Uniform(module.Bias!.Value, random, -0.5, 0.5);
        Initialization.Uniform(module.RunningMean, random, -0.5, 0.5);
        Initialization.Uniform(module.RunningVariance, random, 0.5, 2);
        return module;
    }
}
