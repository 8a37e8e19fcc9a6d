using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;

namespace Depthwise.Tests.Operators;

[Trait("Category", "Kernel")]
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class SeparableConv2dPlanTests
{
    public static IEnumerable<object[]> Cases => new object[][]
    {
        // kernel, stride, channels, multiplier, Cout, H, W, batch, padding, depthwise activation, pointwise activation
        [3, 1, 20, 1, 24, 9, 11, 1, "same", "relu6", "none"],
        [3, 2, 20, 1, 17, 13, 12, 2, "same", "relu", "relu6"],
        [5, 1, 16, 1, 32, 10, 9, 1, "same", "hardswish", "relu"],
        [5, 2, 33, 1, 40, 15, 14, 1, "valid", "none", "hardswish"],
        [3, 1, 9, 2, 24, 8, 6, 2, "same", "relu6", "relu6"],
        [3, 2, 24, 2, 16, 11, 19, 1, "valid", "clip:-1,0.5", "none"],
        [5, 1, 3, 2, 8, 7, 7, 1, "same", "relu6", "clip:-0.5,0.25"],
        [5, 2, 12, 2, 50, 16, 16, 2, "same", "none", "relu"],
        [5, 2, 24, 2, 12, 16, 16, 2, "same", "relu6", "relu"],
        [3, 1, 96, 1, 33, 7, 5, 1, "same", "relu6", "none"],
        [3, 1, 1, 1, 3, 4, 3, 1, "valid", "none", "none"],

        // 48 × 40 × 48 middle floats per band row: a single thread still cuts 80 rows into several bands
        [3, 1, 48, 1, 16, 80, 40, 1, "same", "relu6", "none"],

        // Wide NCHW rows, where the standalone operator runs the planar kernels: stride 1 with rows of 112 (the second in
        // several bands on one thread), stride 2 with rows of 30, SAME and VALID
        [3, 1, 20, 1, 16, 9, 112, 1, "same", "relu6", "none"],
        [3, 1, 40, 1, 24, 40, 113, 1, "same", "relu", "relu6"],
        [3, 2, 24, 1, 17, 13, 60, 2, "same", "relu", "relu6"],
        [3, 2, 18, 1, 8, 12, 61, 1, "valid", "hardswish", "none"],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheReferenceAndTheTwoOperatorsInSequenceBitForBit(
        int kernel, int stride, int channels, int multiplier, int outputChannels, int height, int width, int batch, string padding, string depthwiseActivation, string pointwiseActivation)
    {
        var options = new SeparableConv2dOptions
        {
            Stride = stride,
            Padding = padding == "same" ? Padding.SameUpper : Padding.Valid,
            DepthwiseActivation = Activation.Parse(depthwiseActivation),
            PointwiseActivation = Activation.Parse(pointwiseActivation),
            Threads = 1,
        };
        var middle = channels * multiplier;
        var random = new Random((kernel * 1000) + (channels * 10) + multiplier);
        var depthwiseWeights = ConvTestData.Tensor(random, middle, 1, kernel, kernel);
        var depthwiseBias = ConvTestData.Tensor(random, middle);
        var pointwiseWeights = ConvTestData.Tensor(random, outputChannels, middle, 1, 1);
        var pointwiseBias = outputChannels % 2 == 0 ? ConvTestData.Tensor(random, outputChannels) : null;
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            var input = ConvTestData.Image(random, batch, channels, height, width, layout);
            var expected = SeparableConv2d.Reference(input, depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options);
            var plan = SeparableConv2d.Prepare(depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options);
            var actual = plan.Forward(input);
            ConvTestData.AssertClose(expected, actual, Magnitude(input, depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options), $"fused {layout}");

            // The two operators in sequence compute every element with the same operations.
            using var sequenceMiddle = DepthwiseConv2d.Forward(input, depthwiseWeights, depthwiseBias, DepthwiseOptions(options));
            var sequence = PointwiseConv2d.Forward(sequenceMiddle, pointwiseWeights, pointwiseBias, options.PointwiseActivation, threads: 1);
            AssertIdentical(sequence, actual, $"fused against the sequence ({layout})");

            var threadedPlan = SeparableConv2d.Prepare(depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options with { Threads = 2 });
            var threaded = threadedPlan.Forward(input);
            AssertIdentical(actual, threaded, $"2 threads against 1 ({layout})");

            // Bound once, as execution plans bind their steps, on each thread count: the same bits, run after run.
            foreach (var boundPlan in new[] { plan, threadedPlan })
            {
                var bound = Tensor.Image(actual.Batch, actual.Channels, actual.Height, actual.Width, layout);
                var run = boundPlan.Bind(input, bound);
                run();
                bound.Span.Clear();
                run();
                AssertIdentical(actual, bound, $"bound on {boundPlan.Options.Threads} thread(s) ({layout})");

                // An NCHW call reading the same data channels-last (as a plan's stem writes it): the same bits.
                if (layout == TensorLayout.Nchw)
                {
                    var channelsLast = new Tensor(ChannelsLastData(input), input.Shape);
                    bound.Span.Clear();
                    boundPlan.Bind(channelsLast, bound, channelsLastInput: true)();
                    AssertIdentical(actual, bound, $"bound on {boundPlan.Options.Threads} thread(s), reading channels-last");
                }
            }
            AssertIdentical(actual, SeparableConv2d.Forward(input, depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options), $"static Forward ({layout})");
        }
    }

    [Theory]
    // the generic depthwise body: a 4 × 2 kernel, stride (2, 1), dilation (1, 2)
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void GenericDepthwiseBodyMatchesTheSequenceBitForBit(TensorLayout layout)
    {
        var random = new Random(14);
        var depthwiseWeights = ConvTestData.Tensor(random, 36, 1, 4, 2);
        var pointwiseWeights = ConvTestData.Tensor(random, 20, 36);
        var pointwiseBias = ConvTestData.Tensor(random, 20);
        var options = new SeparableConv2dOptions
        {
            Stride = new Size2D(2, 1),
            Dilation = new Size2D(1, 2),
            Padding = Padding.SameUpper,
            DepthwiseActivation = Activation.HardSwish,
            Threads = 2,
        };
        var input = ConvTestData.Image(random, 2, 18, 13, 17, layout);
        var actual = SeparableConv2d.Prepare(depthwiseWeights, null, pointwiseWeights, pointwiseBias, options).Forward(input);
        using var middle = DepthwiseConv2d.Forward(input, depthwiseWeights, null, DepthwiseOptions(options));
        AssertIdentical(PointwiseConv2d.Forward(middle, pointwiseWeights, pointwiseBias, options.PointwiseActivation, threads: 1), actual, $"generic body ({layout})");
    }

    [Theory]
    // 40 → 20 runs with a planar middle buffer (at 27² its GEMM packs an edge panel per band), 40 → 24 and 40 → 32 without.
    [InlineData(TensorLayout.Nchw, 1, 28, 20)]
    [InlineData(TensorLayout.Nchw, 1, 27, 20)]
    [InlineData(TensorLayout.Nchw, 1, 28, 24)]
    [InlineData(TensorLayout.Nchw, 1, 28, 32)]
    [InlineData(TensorLayout.Nhwc, 1, 28, 20)]
    [InlineData(TensorLayout.Nhwc, 2, 28, 20)]
    [InlineData(TensorLayout.Nhwc, 2, 28, 32)]
    public void SteadyStateForwardAllocatesNothingOnOneThread(TensorLayout layout, int multiplier, int size, int outputChannels)
    {
        var random = new Random(11);
        var channels = 40 / multiplier;
        var plan = SeparableConv2d.Prepare(
            ConvTestData.Tensor(random, 40, 1, 3, 3), ConvTestData.Tensor(random, 40), ConvTestData.Tensor(random, outputChannels, 40), ConvTestData.Tensor(random, outputChannels),
            new SeparableConv2dOptions { Padding = Padding.SameUpper, DepthwiseActivation = Activation.Relu6, Threads = 1 });
        var input = ConvTestData.Image(random, 1, channels, size, size, layout);
        var output = Tensor.Image(1, outputChannels, size, size, layout);
        plan.Forward(input, output);
        plan.Forward(input, output);

        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 5));
    }

    [Fact]
    public void ConcurrentCallsOnOnePlanGiveTheSingleCallResult()
    {
        var random = new Random(12);
        var plan = SeparableConv2d.Prepare(
            ConvTestData.Tensor(random, 64, 1, 3, 3), ConvTestData.Tensor(random, 64), ConvTestData.Tensor(random, 32, 64), null,
            new SeparableConv2dOptions { Stride = 2, Padding = Padding.SameUpper, DepthwiseActivation = Activation.Relu6, Threads = 1 });
        var inputs = Enumerable.Range(0, 4).Select(i => ConvTestData.Image(random, 1, 64, 20 + i, 18, i % 2 == 0 ? TensorLayout.Nchw : TensorLayout.Nhwc)).ToArray();
        var expected = inputs.Select(plan.Forward).ToArray();
        for (var round = 0; round < 3; round++)
        {
            var actual = new Tensor[inputs.Length];
            Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = plan.Forward(inputs[i]));
            for (var i = 0; i < inputs.Length; i++)
            {
                AssertIdentical(expected[i], actual[i], $"concurrent call {i}");
            }
        }
    }

    [Fact]
    public void RejectsMismatchedTensorsNamingTheParameter()
    {
        var random = new Random(13);
        var depthwise = ConvTestData.Tensor(random, 8, 1, 3, 3);
        var pointwise = ConvTestData.Tensor(random, 4, 8);
        Assert.Equal("pointwiseWeights", Assert.Throws<ArgumentException>(() => SeparableConv2d.Prepare(depthwise, null, ConvTestData.Tensor(random, 4, 6), null)).ParamName);
        Assert.Equal("pointwiseWeights", Assert.Throws<ArgumentException>(() => SeparableConv2d.Prepare(depthwise, null, ConvTestData.Tensor(random, 4, 8, 3, 3), null)).ParamName);
        Assert.Equal("pointwiseBias", Assert.Throws<ArgumentException>(() => SeparableConv2d.Prepare(depthwise, null, pointwise, ConvTestData.Tensor(random, 5))).ParamName);
        Assert.Equal("depthwiseWeights", Assert.Throws<ArgumentException>(() => SeparableConv2d.Prepare(ConvTestData.Tensor(random, 8, 2, 3, 3), null, pointwise, null)).ParamName);
        Assert.Equal("depthwiseBias", Assert.Throws<ArgumentException>(() => SeparableConv2d.Prepare(depthwise, ConvTestData.Tensor(random, 7), pointwise, null)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => SeparableConv2d.Prepare(depthwise, null, pointwise, null, new SeparableConv2dOptions { Threads = -1 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => SeparableConv2d.Prepare(depthwise, null, pointwise, null, new SeparableConv2dOptions { Stride = 0 })).ParamName);

        var plan = SeparableConv2d.Prepare(depthwise, null, pointwise, null);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => plan.Forward(ConvTestData.Image(random, 1, 3, 5, 5, TensorLayout.Nchw))).ParamName);
        var input = ConvTestData.Image(random, 1, 8, 5, 5, TensorLayout.Nchw);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(input, Tensor.Image(1, 8, 3, 3))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(input, Tensor.Image(1, 4, 3, 3, TensorLayout.Nhwc))).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Bind(input, Tensor.Image(1, 8, 3, 3))).ParamName);
        var nhwc = ConvTestData.Image(random, 1, 8, 5, 5, TensorLayout.Nhwc);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => plan.Bind(nhwc, plan.Forward(nhwc), channelsLastInput: true)).ParamName);
        Assert.Equal(4, plan.Forward(input).Channels);
    }

    private static Conv2dOptions DepthwiseOptions(SeparableConv2dOptions options) => new()
    {
        Stride = options.Stride,
        Dilation = options.Dilation,
        Padding = options.Padding,
        Activation = options.DepthwiseActivation,
        Threads = options.Threads,
    };

    // Σ|terms| of the block, generously: the depthwise magnitudes (plus one) through the absolute pointwise weights,
    // doubled, so both stages' roundings (the depthwise one scaled by the pointwise weights) fit the tolerance.
    private static Tensor Magnitude(Tensor input, Tensor depthwiseWeights, Tensor depthwiseBias, Tensor pointwiseWeights, Tensor? pointwiseBias, SeparableConv2dOptions options)
    {
        var depthwiseOptions = DepthwiseOptions(options) with { Activation = Activation.None };
        using var middle = ConvTestData.Magnitude(input, depthwiseWeights, depthwiseBias, input.Channels, depthwiseOptions);
        var span = middle.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = 2 * (span[i] + 1);
        }

        return PointwiseConv2d.Reference(middle, ConvTestData.Abs(pointwiseWeights), pointwiseBias is null ? null : ConvTestData.Abs(pointwiseBias));
    }

    // NCHW data → the same values (N, H, W, C).
    private static float[] ChannelsLastData(Tensor input)
    {
        var values = input.Span;
        var plane = input.Height * input.Width;
        var result = new float[input.Length];
        for (var image = 0; image < input.Batch; image++)
        {
            for (var channel = 0; channel < input.Channels; channel++)
            {
                for (var pixel = 0; pixel < plane; pixel++)
                {
                    result[(((image * plane) + pixel) * input.Channels) + channel] = values[(((image * input.Channels) + channel) * plane) + pixel];
                }
            }
        }

        return result;
    }

    internal static void AssertIdentical(Tensor expected, Tensor actual, string context)
    {
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        Assert.Equal(expected.Layout, actual.Layout);
        var e = expected.Span;
        var a = actual.Span;
        for (var i = 0; i < e.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(e[i]) != BitConverter.SingleToInt32Bits(a[i]))
            {
                Assert.Fail($"{context}: element {i} is {a[i]}, expected {e[i]} exactly.");
            }
        }
    }
}
