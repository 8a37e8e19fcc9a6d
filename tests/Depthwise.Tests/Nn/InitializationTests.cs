using Depthwise.Nn;
using Depthwise.Tensors;

namespace Depthwise.Tests.Nn;

public sealed class InitializationTests
{
    [Fact]
    public void FansFollowPyTorch()
    {
        Assert.Equal((27L, 288L), Initialization.Fans([32, 3, 3, 3]));
        Assert.Equal((9L, 288L), Initialization.Fans([32, 1, 3, 3]));
        Assert.Equal((1280L, 1000L), Initialization.Fans([1000, 1280]));
        Assert.Throws<ArgumentException>(() => Initialization.Fans([5]));
    }

    [Theory]
    [InlineData(FanMode.FanIn, 64 * 9)]
    [InlineData(FanMode.FanOut, 128 * 9)]
    public void KaimingNormalHasTheHeStandardDeviation(FanMode mode, int fan)
    {
        var weights = new Tensor([128, 64, 3, 3]);
        Initialization.KaimingNormal(weights, new Random(1), mode);

        var values = weights.Span.ToArray();
        var mean = values.Average(value => (double)value);
        var deviation = Math.Sqrt(values.Average(value => (value - mean) * (value - mean)));
        Assert.InRange(mean, -0.01 * deviation, 0.01 * deviation);
        Assert.InRange(deviation / Math.Sqrt(2.0 / fan), 0.98, 1.02);
    }

    [Fact]
    public void XavierUniformStaysWithinItsBoundAndFillsIt()
    {
        var weights = new Tensor([200, 300]);
        Initialization.XavierUniform(weights, new Random(2));
        var bound = Math.Sqrt(6.0 / 500);
        var values = weights.Span.ToArray();
        Assert.All(values, value => Assert.InRange(value, -bound, bound));
        Assert.True(values.Max() > 0.99 * bound && values.Min() < -0.99 * bound);
    }

    [Fact]
    public void TheSameSeedGivesTheSameModel()
    {
        static float[] Weights(int seed)
        {
            var model = new Sequential(new Conv2d(3, 8, 3), new BatchNorm2d(8), new Linear(8, 4));
            Initialization.Default(model, seed);
            return model.NamedParameters().SelectMany(pair => pair.Parameter.Value.Span.ToArray()).ToArray();
        }

        Assert.Equal(Weights(5), Weights(5));
        Assert.NotEqual(Weights(5), Weights(6));
    }

    [Fact]
    public void DefaultSchemeSetsBatchNormToTheIdentity()
    {
        var normalization = new BatchNorm2d(4);
        normalization.RunningMean.Span.Fill(3f);
        Initialization.Default(new Sequential(normalization), 0);
        Assert.All(normalization.Weight!.Value.Span.ToArray(), value => Assert.Equal(1f, value));
        Assert.All(normalization.RunningMean.Span.ToArray(), value => Assert.Equal(0f, value));
    }
}
