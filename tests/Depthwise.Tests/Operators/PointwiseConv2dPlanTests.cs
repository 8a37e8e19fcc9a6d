using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;

namespace Depthwise.Tests.Operators;

[Trait("Category", "Kernel")]
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class PointwiseConv2dPlanTests
{
    [Theory]
    // batch, Cin, Cout, H, W, activation, bias: 7×7 with deep inputs runs NCHW transposed, larger images directly
    [InlineData(1, 96, 40, 7, 7, "relu6", true)]
    [InlineData(2, 160, 33, 7, 7, "none", false)]
    [InlineData(2, 24, 48, 12, 12, "none", true)]
    [InlineData(1, 33, 17, 5, 6, "hardswish", false)]
    [InlineData(3, 130, 20, 3, 3, "clip:-1,0.25", true)]
    public void MatchesTheReferenceAndTheStaticForwardBitForBit(int batch, int inputChannels, int outputChannels, int height, int width, string activation, bool withBias)
    {
        var parsed = Activation.Parse(activation);
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            var random = new Random(inputChannels + outputChannels);
            var input = ConvTestData.Image(random, batch, inputChannels, height, width, layout);
            var weights = ConvTestData.Tensor(random, outputChannels, inputChannels, 1, 1);
            var bias = withBias ? ConvTestData.Tensor(random, outputChannels) : null;

            var expected = PointwiseConv2d.Reference(input, weights, bias, parsed);
            var plan = PointwiseConv2d.Prepare(weights, bias, parsed, threads: 1);
            var actual = plan.Forward(input);
            ConvTestData.AssertClose(expected, actual, ConvTestData.Magnitude(input, weights, bias, 1, Conv2dOptions.Default), $"plan {layout}");

            Assert.True(actual.Span.SequenceEqual(PointwiseConv2d.Forward(input, weights, bias, parsed, threads: 1).Span), $"plan and static Forward differ ({layout}).");
            foreach (var threads in new[] { 2, 3 })
            {
                var threaded = PointwiseConv2d.Prepare(weights, bias, parsed, threads).Forward(input);
                Assert.True(actual.Span.SequenceEqual(threaded.Span), $"{threads} threads differ from 1 ({layout}).");
            }
        }
    }

    [Fact]
    public void TheCasesAboveCoverBothNchwOrientations()
    {
        // Guards the test data: with 16-lane vectors, 49 pixels fill 49 of 64 lanes and 96 input channels pay for the transpose.
        if (GemmKernel.Lanes == 16)
        {
            Assert.True(PointwiseConvKernel.TransposesNchw(96, 40, 49));
            Assert.False(PointwiseConvKernel.TransposesNchw(24, 48, 144));
        }
    }

    [Fact]
    public void LaterChangesToThePreparedTensorsDoNotAffectThePlan()
    {
        var random = new Random(3);
        var input = ConvTestData.Image(random, 1, 8, 4, 4, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 5, 8);
        var bias = ConvTestData.Tensor(random, 5);
        var plan = PointwiseConv2d.Prepare(weights, bias);
        var before = plan.Forward(input);

        weights.Span.Fill(100f);
        bias.Span.Fill(-100f);

        Assert.True(before.Span.SequenceEqual(plan.Forward(input).Span));
    }

    [Theory]
    [InlineData(TensorLayout.Nchw, 24, 144, 28)]
    [InlineData(TensorLayout.Nchw, 144, 24, 7)]
    [InlineData(TensorLayout.Nchw, 20, 30, 9)]
    [InlineData(TensorLayout.Nhwc, 24, 40, 14)]
    public void SteadyStateForwardAllocatesNothingOnOneThread(TensorLayout layout, int inputChannels, int outputChannels, int size)
    {
        var random = new Random(5);
        var input = ConvTestData.Image(random, 1, inputChannels, size, size, layout);
        var plan = PointwiseConv2d.Prepare(ConvTestData.Tensor(random, outputChannels, inputChannels), ConvTestData.Tensor(random, outputChannels), Activation.Relu6, threads: 1);
        var output = Tensor.Image(1, outputChannels, size, size, layout);
        plan.Forward(input, output);
        plan.Forward(input, output);

        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 5));
    }

    [Fact]
    public void ConcurrentCallsOnAFreshPlanGiveTheSequentialResult()
    {
        var random = new Random(6);
        var weights = ConvTestData.Tensor(random, 48, 64);
        var bias = ConvTestData.Tensor(random, 48);
        var inputs = Enumerable.Range(0, 4).Select(i => ConvTestData.Image(random, 1, 64, 7, 7, i % 2 == 0 ? TensorLayout.Nchw : TensorLayout.Nhwc)).ToArray();
        var expected = inputs.Select(input => PointwiseConv2d.Forward(input, weights, bias, Activation.HardSwish, threads: 1)).ToArray();

        // A fresh plan, so the calls also race to publish its packed weights.
        var plan = PointwiseConv2d.Prepare(weights, bias, Activation.HardSwish, threads: 1);
        var outputs = Enumerable.Range(0, 32).Select(call => Tensor.Image(1, 48, 7, 7, inputs[call % 4].Layout)).ToArray();
        Parallel.For(0, outputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, call => plan.Forward(inputs[call % 4], outputs[call]));

        for (var call = 0; call < outputs.Length; call++)
        {
            Assert.True(expected[call % 4].Span.SequenceEqual(outputs[call].Span), $"call {call} differs when run concurrently.");
        }
    }

    [Fact]
    public void PrepareRejectsBadWeightsBiasAndThreads()
    {
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => PointwiseConv2d.Prepare(new Tensor([4, 3, 3, 3]))).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => PointwiseConv2d.Prepare(new Tensor([4]))).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => PointwiseConv2d.Prepare(new Tensor([4, 3]), new Tensor([3]))).ParamName);
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => PointwiseConv2d.Prepare(new Tensor([4, 3]), threads: -1)).ParamName);
    }

    [Fact]
    public void ForwardRejectsInputsAndOutputsThatDoNotMatchThePlan()
    {
        var plan = PointwiseConv2d.Prepare(new Tensor([4, 3]));
        var wrongChannels = Assert.Throws<ArgumentException>(() => plan.Forward(Tensor.Image(1, 5, 2, 2)));
        Assert.Equal("input", wrongChannels.ParamName);
        Assert.Contains("Cin = 3", wrongChannels.Message, StringComparison.Ordinal);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => plan.Forward(new Tensor([3, 2, 2]))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(Tensor.Image(1, 3, 2, 2), Tensor.Image(1, 4, 2, 3))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(Tensor.Image(1, 3, 2, 2), Tensor.Image(1, 4, 2, 2, TensorLayout.Nhwc))).ParamName);
    }
}
