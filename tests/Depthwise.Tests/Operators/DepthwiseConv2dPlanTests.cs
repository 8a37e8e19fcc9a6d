using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Kernels;

namespace Depthwise.Tests.Operators;

[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class DepthwiseConv2dPlanTests
{
    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void APlanServesInputsOfEverySizeAndMultiplierLikeTheStaticOperator(TensorLayout layout)
    {
        var weights = Random(new Random(3), [12, 1, 3, 3]);
        var bias = Random(new Random(4), [12]);
        var options = new Conv2dOptions { Stride = 2, Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = 2 };
        var plan = DepthwiseConv2d.Prepare(weights, bias, options);

        // 12 filters serve C = 12 (M = 1), 6 (M = 2), 4 (M = 3) and 1 (M = 12), at any size and batch.
        foreach (var (batch, channels, height, width) in new[] { (1, 12, 9, 9), (2, 6, 5, 17), (1, 4, 30, 3), (3, 1, 1, 1), (1, 12, 40, 41) })
        {
            var input = Random(new Random(channels + height), [batch, channels, height, width]).ToLayout(layout);
            var expected = DepthwiseConv2d.Forward(input, weights, bias, options);
            var actual = plan.Forward(input);
            Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
            Assert.Equal(layout, actual.Layout);
            Assert.True(expected.Span.SequenceEqual(actual.Span), $"({batch}, {channels}, {height}, {width}) {layout}: the plan differs from Forward.");
        }
    }

    [Fact]
    public void ThePlanKeepsItsOwnCopyOfTheWeights()
    {
        var weights = Random(new Random(5), [4, 1, 3, 3]);
        var plan = DepthwiseConv2d.Prepare(weights);
        var input = Random(new Random(6), [1, 4, 8, 8]);
        var before = plan.Forward(input);

        weights.Span.Fill(0);

        Assert.True(before.Span.SequenceEqual(plan.Forward(input).Span));
    }

    [Theory]
    [InlineData(TensorLayout.Nchw, 1)]
    [InlineData(TensorLayout.Nchw, 2)]
    [InlineData(TensorLayout.Nhwc, 1)]
    [InlineData(TensorLayout.Nhwc, 2)]
    public void SteadyStateCallsAllocateNothing(TensorLayout layout, int threads)
    {
        var options = new Conv2dOptions { Padding = Padding.SameUpper, Threads = threads, Activation = Activation.Relu };
        var weights = Random(new Random(7), [48, 1, 3, 3]);
        var bias = Random(new Random(8), [48]);
        var plan = DepthwiseConv2d.Prepare(weights, bias, options);
        var input = Random(new Random(9), [1, 24, 20, 20]).ToLayout(layout);
        var output = Tensor.Image(1, 48, 20, 20, layout);
        for (var call = 0; call < 3; call++)
        {
            plan.Forward(input, output);
            DepthwiseConv2d.Forward(input, weights, bias, output, options);
        }

        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 20));

        // The static operator packs into per-thread scratch instead of allocating.
        Assert.Equal(0, SteadyStateAllocation.Bytes(() => DepthwiseConv2d.Forward(input, weights, bias, output, options), callsPerRound: 20));
    }

    [Fact]
    public void SeveralThreadsMayUseOnePlanAtOnce()
    {
        var weights = Random(new Random(10), [32, 1, 5, 5]);
        var plan = DepthwiseConv2d.Prepare(weights, null, new Conv2dOptions { Padding = Padding.SameUpper, Threads = 2 });
        var inputs = Enumerable.Range(0, 4).Select(index => Random(new Random(20 + index), [1, 32, 15 + index, 13])).ToArray();
        var expected = inputs.Select(input => DepthwiseConv2d.Forward(input, weights, null, new Conv2dOptions { Padding = Padding.SameUpper, Threads = 1 })).ToArray();
        var failures = 0;
        var callers = Enumerable.Range(0, inputs.Length).Select(index => new Thread(() =>
        {
            for (var call = 0; call < 30; call++)
            {
                if (!plan.Forward(inputs[index]).Span.SequenceEqual(expected[index].Span))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        foreach (var caller in callers)
        {
            caller.Start();
        }

        foreach (var caller in callers)
        {
            caller.Join();
        }

        Assert.Equal(0, failures);
    }

    [Fact]
    public void BlockedKernelMatchesTheReference()
    {
        var problem = DepthwiseConvCase.Default with { Batch = 2, Channels = 20, Multiplier = 1, Height = 14, Width = 14, Path = DepthwiseConvPath.Blocked, Activation = Activation.HardSwish };
        problem.AssertOptimizedMatchesReference();
    }

    [Theory]
    [InlineData(new[] { 4, 3, 3 }, "weights")]
    [InlineData(new[] { 4, 2, 3, 3 }, "weights")]
    public void PrepareRejectsWeightsThatAreNotDepthwiseFilters(int[] shape, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Prepare(new Tensor(shape)));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("(C*M, 1, kH, kW)", error.Message);
    }

    [Fact]
    public void PrepareRejectsABiasOfTheWrongLength()
    {
        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Prepare(new Tensor([4, 1, 3, 3]), new Tensor([3])));
        Assert.Equal("bias", error.ParamName);
        Assert.Contains("(4)", error.Message);
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 0, 0)]
    [InlineData(1, 1, -2)]
    public void PrepareRejectsOptionsOutOfRange(int stride, int dilation, int threads)
    {
        var options = new Conv2dOptions { Stride = stride, Dilation = dilation, Threads = threads };
        var error = Assert.ThrowsAny<ArgumentException>(() => DepthwiseConv2d.Prepare(new Tensor([4, 1, 3, 3]), null, options));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void ForwardRejectsAnInputWhoseChannelsDoNotDivideTheFilters()
    {
        var plan = DepthwiseConv2d.Prepare(new Tensor([6, 1, 3, 3]));
        var error = Assert.Throws<ArgumentException>(() => plan.Forward(Tensor.Image(1, 4, 8, 8)));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("6 filters", error.Message);
        Assert.Contains("4 channels", error.Message);
    }

    [Fact]
    public void ForwardRejectsAnOutputOfTheWrongShapeOrLayout()
    {
        var plan = DepthwiseConv2d.Prepare(new Tensor([4, 1, 3, 3]));
        var input = Tensor.Image(1, 4, 8, 8);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(input, Tensor.Image(1, 4, 6, 6, TensorLayout.Nhwc))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(input, Tensor.Image(1, 4, 8, 8))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(input, input)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => plan.Forward(null!)).ParamName);
    }

    private static Tensor Random(Random random, int[] shape)
    {
        var tensor = new Tensor(shape);
        var span = tensor.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (random.NextSingle() * 2f) - 1f;
        }

        return tensor;
    }
}
