using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;

namespace Depthwise.Tests.Operators;

[Trait("Category", "Kernel")]
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class InvertedResidualConv2dPlanTests
{
    public static IEnumerable<object[]> Cases => new object[][]
    {
        // kernel, stride, Cin, C, Cout, H, W, batch, residual, padding, expand / depthwise / project activations
        [3, 1, 8, 48, 8, 9, 11, 1, true, "same", "relu6", "relu6", "none"],
        [3, 2, 16, 96, 24, 13, 12, 2, false, "same", "relu6", "relu6", "none"],
        [5, 2, 10, 20, 12, 15, 14, 1, false, "valid", "hardswish", "relu", "relu6"],
        [5, 1, 3, 36, 7, 8, 6, 2, true, "same", "none", "hardswish", "clip:-0.5,0.25"],

        // 64 × 144 expanded floats per row: one image is cut into several bands that share expanded rows
        [3, 1, 24, 144, 24, 40, 64, 1, true, "same", "relu6", "relu6", "none"],
        [3, 2, 16, 96, 24, 41, 112, 1, false, "same", "relu6", "relu6", "none"],

        // Row-major expansion weights read in place (SeparableConvExpansion.ReadsRowMajorWeights: C = 48·n, not 32·n,
        // Cin ≤ 32): five 48-column panels at the largest depth, with and without an expansion bias
        [3, 2, 32, 240, 40, 11, 9, 2, false, "same", "relu6", "relu6", "none"],
        [3, 1, 32, 48, 16, 6, 21, 1, true, "same", "clip:0.5,4", "relu6", "none"],

        // Small planes that 2 and 3 threads split by channels (SeparableConvJob.SplitsChannels): 7² with C not a multiple
        // of the channel groups or the lanes, 14², 14² → 7² on two images, kernel 5 on three, a planar middle (96 → 8)
        [3, 1, 40, 232, 40, 7, 7, 1, true, "same", "relu6", "relu6", "none"],
        [3, 1, 64, 384, 64, 14, 14, 1, true, "same", "relu6", "relu6", "none"],
        [3, 2, 48, 288, 80, 14, 14, 2, false, "same", "relu6", "hardswish", "none"],
        [5, 1, 64, 160, 48, 14, 14, 3, true, "same", "none", "relu6", "relu"],
        [3, 1, 64, 96, 8, 10, 10, 2, true, "same", "relu6", "relu6", "none"],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheThreeConvolutionsInSequenceBitForBit(
        int kernel, int stride, int inputChannels, int channels, int outputChannels, int height, int width, int batch, bool withResidual, string padding,
        string expandActivation, string depthwiseActivation, string projectActivation)
    {
        var options = new InvertedResidualConv2dOptions
        {
            Stride = stride,
            Padding = padding == "same" ? Padding.SameUpper : Padding.Valid,
            ExpandActivation = Activation.Parse(expandActivation),
            DepthwiseActivation = Activation.Parse(depthwiseActivation),
            ProjectActivation = Activation.Parse(projectActivation),
            Threads = 1,
        };
        var random = new Random((kernel * 1000) + (channels * 10) + stride);
        var expandWeights = ConvTestData.Tensor(random, channels, inputChannels, 1, 1);
        var expandBias = channels % 3 == 0 ? ConvTestData.Tensor(random, channels) : null;
        var depthwiseWeights = ConvTestData.Tensor(random, channels, 1, kernel, kernel);
        var depthwiseBias = ConvTestData.Tensor(random, channels);
        var projectWeights = ConvTestData.Tensor(random, outputChannels, channels);
        var projectBias = outputChannels % 2 == 0 ? ConvTestData.Tensor(random, outputChannels) : null;
        var plan = InvertedResidualConv2d.Prepare(expandWeights, expandBias, depthwiseWeights, depthwiseBias, projectWeights, projectBias, options);
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            var input = ConvTestData.Image(random, batch, inputChannels, height, width, layout);

            // The sequence: the expansion and projection as pointwise convolutions, the depthwise operator between, Add last.
            using var expanded = PointwiseConv2d.Forward(input, expandWeights, expandBias, options.ExpandActivation, threads: 1);
            var depthwiseOptions = new Conv2dOptions { Stride = stride, Padding = options.Padding, Activation = options.DepthwiseActivation, Threads = 1 };
            using var middle = DepthwiseConv2d.Forward(expanded, depthwiseWeights, depthwiseBias, depthwiseOptions);
            var sequence = PointwiseConv2d.Forward(middle, projectWeights, projectBias, options.ProjectActivation, threads: 1);
            var residual = withResidual ? ConvTestData.Image(random, batch, outputChannels, sequence.Height, sequence.Width, layout) : null;
            if (residual is not null)
            {
                var sum = sequence.Span;
                for (var i = 0; i < sum.Length; i++)
                {
                    sum[i] += residual.Span[i];
                }
            }

            // The scalar references, within float rounding, so that the sequence itself is checked.
            using var expandedReference = PointwiseConv2d.Reference(input, expandWeights, expandBias, options.ExpandActivation);
            using var middleReference = DepthwiseConv2d.Reference(expandedReference, depthwiseWeights, depthwiseBias, depthwiseOptions);
            using var reference = PointwiseConv2d.Reference(middleReference, projectWeights, projectBias, options.ProjectActivation);
            var scale = Math.Max(1f, reference.Span.ToArray().Max(Math.Abs));
            for (var i = 0; i < reference.Length; i++)
            {
                var expected = reference.Span[i] + (residual is null ? 0 : residual.Span[i]);
                Assert.True(Math.Abs(expected - sequence.Span[i]) <= 1e-4f * scale, $"sequence element {i}: {sequence.Span[i]}, reference {expected} ({layout})");
            }

            for (var threads = 1; threads <= 3; threads++)
            {
                var threaded = InvertedResidualConv2d.Prepare(expandWeights, expandBias, depthwiseWeights, depthwiseBias, projectWeights, projectBias, options with { Threads = threads });
                var output = Tensor.Image(batch, outputChannels, sequence.Height, sequence.Width, layout);
                threaded.Forward(input, residual, output);
                AssertIdentical(sequence, output, $"fused on {threads} threads against the sequence ({layout})");

                // Bound once, as execution plans bind their steps: the same bits on every run.
                var bound = Tensor.Image(batch, outputChannels, sequence.Height, sequence.Width, layout);
                var run = threaded.Bind(input, residual, bound);
                run();
                AssertIdentical(sequence, bound, $"bound on {threads} threads against the sequence ({layout})");
                bound.Span.Clear();
                run();
                AssertIdentical(sequence, bound, $"bound on {threads} threads, second run ({layout})");
            }

            AssertIdentical(sequence, plan.Forward(input, residual), $"allocating Forward ({layout})");
        }
    }

    [Theory]
    [InlineData(TensorLayout.Nchw, 1)]
    [InlineData(TensorLayout.Nhwc, 2)]
    public void SteadyStateForwardAllocatesNothingOnOneThread(TensorLayout layout, int stride) =>
        AssertSteadyStateForwardAllocatesNothing(new Random(21), 16, 96, 24, 40, layout, stride, threads: 1);

    // 96 → 576 → 96 at 14², two threads: the channel split, whose shared middle buffer is the calling thread's scratch.
    [Theory]
    [InlineData(TensorLayout.Nchw, 1)]
    [InlineData(TensorLayout.Nhwc, 2)]
    public void SteadyStateForwardSplitByChannelsAllocatesNothingOnTheCallingThread(TensorLayout layout, int stride) =>
        AssertSteadyStateForwardAllocatesNothing(new Random(22), 96, 576, 96, 14, layout, stride, threads: 2);

    private static void AssertSteadyStateForwardAllocatesNothing(Random random, int inputChannels, int expandedChannels, int outputChannels, int inputSize, TensorLayout layout, int stride, int threads)
    {
        var plan = InvertedResidualConv2d.Prepare(
            ConvTestData.Tensor(random, expandedChannels, inputChannels), ConvTestData.Tensor(random, expandedChannels),
            ConvTestData.Tensor(random, expandedChannels, 1, 3, 3), ConvTestData.Tensor(random, expandedChannels),
            ConvTestData.Tensor(random, outputChannels, expandedChannels), ConvTestData.Tensor(random, outputChannels),
            new InvertedResidualConv2dOptions { Stride = stride, Padding = Padding.SameUpper, ExpandActivation = Activation.Relu6, DepthwiseActivation = Activation.Relu6, Threads = threads });
        var input = ConvTestData.Image(random, 1, inputChannels, inputSize, inputSize, layout);
        var size = inputSize / stride;
        var output = Tensor.Image(1, outputChannels, size, size, layout);
        var residual = Tensor.Image(1, outputChannels, size, size, layout);
        plan.Forward(input, residual, output);
        plan.Forward(input, residual, output);

        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, residual, output), callsPerRound: 5));
    }

    // A bound call reads its tensors' contents at each run: new input values give Forward's new output.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ABoundCallRunsOnTheCurrentContentsAndAllocatesNothing(int threads)
    {
        var random = new Random(24);
        var plan = InvertedResidualConv2d.Prepare(
            ConvTestData.Tensor(random, 576, 96), ConvTestData.Tensor(random, 576), ConvTestData.Tensor(random, 576, 1, 3, 3), ConvTestData.Tensor(random, 576),
            ConvTestData.Tensor(random, 96, 576), ConvTestData.Tensor(random, 96),
            new InvertedResidualConv2dOptions { Padding = Padding.SameUpper, ExpandActivation = Activation.Relu6, DepthwiseActivation = Activation.Relu6, Threads = threads });
        var input = ConvTestData.Image(random, 1, 96, 14, 14, TensorLayout.Nchw);
        var residual = ConvTestData.Image(random, 1, 96, 14, 14, TensorLayout.Nchw);
        var output = Tensor.Image(1, 96, 14, 14);
        var run = plan.Bind(input, residual, output);
        run();
        ConvTestData.Image(random, 1, 96, 14, 14, TensorLayout.Nchw).Span.CopyTo(input.Span);
        run();
        AssertIdentical(plan.Forward(input, residual), output, $"bound call after new input values, {threads} thread(s)");

        Assert.Equal(0, SteadyStateAllocation.Bytes(run, callsPerRound: 5));
    }

    [Fact]
    public void RejectsMismatchedTensorsNamingTheParameter()
    {
        var random = new Random(23);
        var expand = ConvTestData.Tensor(random, 12, 4, 1, 1);
        var depthwise = ConvTestData.Tensor(random, 12, 1, 3, 3);
        var project = ConvTestData.Tensor(random, 5, 12);
        Assert.Equal("expandWeights", Assert.Throws<ArgumentException>(() => InvertedResidualConv2d.Prepare(ConvTestData.Tensor(random, 12, 4, 3, 3), null, depthwise, null, project, null)).ParamName);
        Assert.Equal("expandBias", Assert.Throws<ArgumentException>(() => InvertedResidualConv2d.Prepare(expand, ConvTestData.Tensor(random, 4), depthwise, null, project, null)).ParamName);
        Assert.Equal("depthwiseWeights", Assert.Throws<ArgumentException>(() => InvertedResidualConv2d.Prepare(expand, null, ConvTestData.Tensor(random, 24, 1, 3, 3), null, project, null)).ParamName);
        Assert.Equal("depthwiseBias", Assert.Throws<ArgumentException>(() => InvertedResidualConv2d.Prepare(expand, null, depthwise, ConvTestData.Tensor(random, 7), project, null)).ParamName);
        Assert.Equal("projectWeights", Assert.Throws<ArgumentException>(() => InvertedResidualConv2d.Prepare(expand, null, depthwise, null, ConvTestData.Tensor(random, 5, 11), null)).ParamName);
        Assert.Equal("projectBias", Assert.Throws<ArgumentException>(() => InvertedResidualConv2d.Prepare(expand, null, depthwise, null, project, ConvTestData.Tensor(random, 6))).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => InvertedResidualConv2d.Prepare(expand, null, depthwise, null, project, null, new InvertedResidualConv2dOptions { Threads = -1 })).ParamName);

        var plan = InvertedResidualConv2d.Prepare(expand, null, depthwise, null, project, null);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => plan.Forward(ConvTestData.Image(random, 1, 12, 5, 5, TensorLayout.Nchw))).ParamName);
        var input = ConvTestData.Image(random, 1, 4, 5, 5, TensorLayout.Nchw);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Forward(input, null, Tensor.Image(1, 5, 5, 5))).ParamName);
        Assert.Equal("residual", Assert.Throws<ArgumentException>(() => plan.Forward(input, Tensor.Image(1, 4, 3, 3), Tensor.Image(1, 5, 3, 3))).ParamName);
        var output = Tensor.Image(1, 5, 3, 3);
        Assert.Equal("residual", Assert.Throws<ArgumentException>(() => plan.Forward(input, output, output)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => plan.Bind(input, null, Tensor.Image(1, 5, 5, 5))).ParamName);
        Assert.Equal("residual", Assert.Throws<ArgumentException>(() => plan.Bind(input, Tensor.Image(1, 4, 3, 3), output)).ParamName);
        Assert.Equal(5, plan.Forward(input).Channels);
    }

    private static void AssertIdentical(Tensor expected, Tensor actual, string context)
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
