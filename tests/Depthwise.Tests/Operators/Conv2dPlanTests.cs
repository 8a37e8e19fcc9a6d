using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;

namespace Depthwise.Tests.Operators;

[Trait("Category", "Kernel")]
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class Conv2dPlanTests
{
    [Theory]
    // batch, Cin, Cout, groups, H, W, k, stride, padding, activation, bias
    [InlineData(1, 3, 16, 1, 9, 9, 3, 2, "same", "relu6", true)]
    [InlineData(2, 8, 12, 2, 7, 6, 3, 1, "1", "hardswish", false)]
    [InlineData(1, 64, 40, 1, 7, 7, 1, 1, "valid", "none", true)]
    [InlineData(1, 12, 12, 4, 5, 5, 1, 1, "valid", "relu", true)]
    [InlineData(1, 6, 6, 6, 8, 8, 3, 1, "same", "none", true)]
    public void MatchesTheReferenceAndTheStaticForwardBitForBit(
        int batch, int inputChannels, int outputChannels, int groups, int height, int width, int kernel, int stride, string padding, string activation, bool withBias)
    {
        var options = new Conv2dOptions { Stride = stride, Padding = Padding.Parse(padding), Activation = Activation.Parse(activation), Threads = 1 };
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            var random = new Random(inputChannels + outputChannels + groups);
            var input = ConvTestData.Image(random, batch, inputChannels, height, width, layout);
            var weights = ConvTestData.Tensor(random, outputChannels, inputChannels / groups, kernel, kernel);
            var bias = withBias ? ConvTestData.Tensor(random, outputChannels) : null;

            var plan = Conv2d.Prepare(weights, bias, groups, options);
            var actual = plan.Forward(input);
            ConvTestData.AssertClose(
                Conv2d.Reference(input, weights, bias, groups, options), actual, ConvTestData.Magnitude(input, weights, bias, groups, options), $"plan {layout}");
            Assert.True(actual.Span.SequenceEqual(Conv2d.Forward(input, weights, bias, groups, options).Span), $"plan and static Forward differ ({layout}).");

            var threaded = Conv2d.Prepare(weights, bias, groups, options with { Threads = 3 }).Forward(input);
            Assert.True(actual.Span.SequenceEqual(threaded.Span), $"3 threads differ from 1 ({layout}).");
        }
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void SteadyStateForwardAllocatesNothingOnOneThread(TensorLayout layout)
    {
        var random = new Random(9);
        var input = ConvTestData.Image(random, 1, 16, 12, 12, layout);
        var options = new Conv2dOptions { Stride = 2, Padding = Padding.SameUpper, Activation = Activation.Relu, Threads = 1 };
        var plan = Conv2d.Prepare(ConvTestData.Tensor(random, 24, 16, 3, 3), ConvTestData.Tensor(random, 24), 1, options);
        var output = Tensor.Image(1, 24, 6, 6, layout);
        plan.Forward(input, output);
        plan.Forward(input, output);

        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 5));
    }

    [Fact]
    public void PrepareRejectsBadWeightsGroupsBiasAndThreads()
    {
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => Conv2d.Prepare(new Tensor([4, 3, 3]))).ParamName);
        Assert.Equal("groups", Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Prepare(new Tensor([4, 3, 3, 3]), groups: 0)).ParamName);
        Assert.Equal("groups", Assert.Throws<ArgumentException>(() => Conv2d.Prepare(new Tensor([4, 3, 3, 3]), groups: 3)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Conv2d.Prepare(new Tensor([4, 3, 3, 3]), new Tensor([5]))).ParamName);
        Assert.Equal(
            "options",
            Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Prepare(new Tensor([4, 3, 3, 3]), options: new Conv2dOptions { Threads = -2 })).ParamName);
    }

    [Fact]
    public void ForwardRejectsInputsThatDoNotMatchThePlan()
    {
        var plan = Conv2d.Prepare(new Tensor([4, 3, 3, 3]), groups: 2, options: new Conv2dOptions { Padding = Padding.SameUpper });
        Assert.Equal(6, plan.InputChannels);
        var error = Assert.Throws<ArgumentException>(() => plan.Forward(Tensor.Image(1, 3, 5, 5)));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("Cin = 6", error.Message, StringComparison.Ordinal);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(Tensor.Image(1, 6, 5, 5), Tensor.Image(1, 4, 4, 4))).ParamName);
    }
}
