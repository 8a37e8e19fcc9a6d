using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

/// <summary>
/// The grouped-convolution and pointwise backward passes against finite differences of a double-precision forward,
/// against the scalar reference backward, and across thread counts.
/// </summary>
public sealed class Conv2dBackwardTests
{
    public static TheoryData<Case> Cases() =>
    [
        new(2, 3, 4, 1, 6, 5, 3, 3, 1, 1, 1, TensorLayout.Nchw),
        new(1, 4, 6, 2, 7, 6, 3, 2, 2, 1, 1, TensorLayout.Nchw),
        new(2, 4, 4, 4, 6, 6, 3, 3, 1, 2, 2, TensorLayout.Nchw),
        new(2, 6, 3, 3, 5, 7, 1, 3, 1, 1, 0, TensorLayout.Nhwc),
        new(1, 2, 5, 1, 5, 5, 2, 2, 2, 2, 1, TensorLayout.Nhwc),
        new(2, 3, 4, 1, 4, 3, 1, 1, 1, 1, 0, TensorLayout.Nchw),
        new(2, 1, 4, 1, 5, 5, 3, 3, 1, 1, 1, TensorLayout.Nchw),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchFiniteDifferences(Case test)
    {
        var (batch, inputChannels, outputChannels, groups, height, width, kernelHeight, kernelWidth, stride, dilation, pad, layout) = test;
        var random = new Random((batch * 31) + (groups * 7) + height);
        var options = new Conv2dOptions { Stride = stride, Dilation = dilation, Padding = Padding.Explicit(pad, pad, pad + 1, pad) };
        var input = ConvTestData.Image(random, batch, inputChannels, height, width, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, outputChannels, inputChannels / groups, kernelHeight, kernelWidth);
        var bias = ConvTestData.Tensor(random, outputChannels);
        var geometry = Depthwise.Operators.Conv2d.Geometry(input, weights, groups, options);
        var gradOutput = ConvTestData.Tensor(random, batch, outputChannels, geometry.OutputHeight, geometry.OutputWidth);

        var gradients = Depthwise.Operators.Conv2d.Backward(input.ToLayout(layout), weights, gradOutput.ToLayout(layout), groups, options);

        var x = DoubleReference.ToDouble(input.Span);
        var w = DoubleReference.ToDouble(weights.Span);
        var b = DoubleReference.ToDouble(bias.Span);
        var r = gradOutput.Span.ToArray();
        double Loss() => DoubleReference.Dot(DoubleReference.Conv2d(x, batch, inputChannels, w, b, outputChannels, groups, geometry), r);
        GradientCheck.AssertMatches(gradients.GradInput.ToLayout(TensorLayout.Nchw).Span, GradientCheck.Numeric(x, Loss), "gradInput");
        GradientCheck.AssertMatches(gradients.GradWeights.Span, GradientCheck.Numeric(w, Loss), "gradWeights");
        GradientCheck.AssertMatches(gradients.GradBias!.Span, GradientCheck.Numeric(b, Loss), "gradBias");
        Assert.Equal(layout, gradients.GradInput.Layout);
    }

    [Theory]
    [InlineData(TensorLayout.Nchw, 2)]
    [InlineData(TensorLayout.Nhwc, 1)]
    public void FastPathMatchesTheReferenceBackward(TensorLayout layout, int groups)
    {
        var random = new Random(11);
        var options = new Conv2dOptions { Stride = new Size2D(2, 1), Padding = Padding.SameUpper };
        var input = ConvTestData.Image(random, 3, 8, 13, 11, layout);
        var weights = ConvTestData.Tensor(random, 12, 8 / groups, 3, 3);
        var geometry = Depthwise.Operators.Conv2d.Geometry(input, weights, groups, options);
        var gradOutput = ConvTestData.Image(random, 3, 12, geometry.OutputHeight, geometry.OutputWidth, layout);

        var fast = Depthwise.Operators.Conv2d.Backward(input, weights, gradOutput, groups, options);
        var reference = Depthwise.Operators.Conv2d.BackwardReference(input, weights, gradOutput, groups, options);

        AssertClose(reference.GradInput.Span, fast.GradInput.Span);
        AssertClose(reference.GradWeights.Span, fast.GradWeights.Span);
        AssertClose(reference.GradBias!.Span, fast.GradBias!.Span);
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyThreadCount()
    {
        var random = new Random(12);
        var input = ConvTestData.Image(random, 11, 6, 9, 9, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 10, 3, 3, 3);
        var gradOutput = ConvTestData.Image(random, 11, 10, 9, 9, TensorLayout.Nchw);
        Conv2dGradients Run(int threads) =>
            Depthwise.Operators.Conv2d.Backward(input, weights, gradOutput, 2, new Conv2dOptions { Padding = Padding.Explicit(1), Threads = threads });

        var single = Run(1);
        foreach (var threads in new[] { 2, 3, 5 })
        {
            var multi = Run(threads);
            Assert.Equal(single.GradInput.Span.ToArray(), multi.GradInput.Span.ToArray());
            Assert.Equal(single.GradWeights.Span.ToArray(), multi.GradWeights.Span.ToArray());
            Assert.Equal(single.GradBias!.Span.ToArray(), multi.GradBias!.Span.ToArray());
        }
    }

    [Fact]
    public void OneChannelPerGroupRoutesToTheDepthwiseBackward()
    {
        var random = new Random(13);
        var options = new Conv2dOptions { Stride = 2, Padding = Padding.Explicit(1) };
        var input = ConvTestData.Image(random, 2, 5, 8, 8, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 10, 1, 3, 3);
        var geometry = Depthwise.Operators.Conv2d.Geometry(input, weights, 5, options);
        var gradOutput = ConvTestData.Image(random, 2, 10, geometry.OutputHeight, geometry.OutputWidth, TensorLayout.Nchw);

        var grouped = Depthwise.Operators.Conv2d.Backward(input, weights, gradOutput, 5, options);
        var depthwise = Depthwise.Operators.DepthwiseConv2d.Backward(input, weights, gradOutput, options);

        Assert.Equal(depthwise.GradInput.Span.ToArray(), grouped.GradInput.Span.ToArray());
        Assert.Equal(depthwise.GradWeights.Span.ToArray(), grouped.GradWeights.Span.ToArray());
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void PointwiseGradientsMatchFiniteDifferences(TensorLayout layout)
    {
        var random = new Random(14);
        var input = ConvTestData.Image(random, 2, 5, 3, 4, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 7, 5);
        var bias = ConvTestData.Tensor(random, 7);
        var gradOutput = ConvTestData.Image(random, 2, 7, 3, 4, TensorLayout.Nchw);

        var gradients = PointwiseConv2d.Backward(input.ToLayout(layout), weights, gradOutput.ToLayout(layout));

        var geometry = ConvGeometry.Create(3, 4, 1, 1, 1, Padding.Valid);
        var x = DoubleReference.ToDouble(input.Span);
        var w = DoubleReference.ToDouble(weights.Span);
        var b = DoubleReference.ToDouble(bias.Span);
        var r = gradOutput.Span.ToArray();
        double Loss() => DoubleReference.Dot(DoubleReference.Conv2d(x, 2, 5, w, b, 7, 1, geometry), r);
        GradientCheck.AssertMatches(gradients.GradInput.ToLayout(TensorLayout.Nchw).Span, GradientCheck.Numeric(x, Loss), "gradInput");
        GradientCheck.AssertMatches(gradients.GradWeights.Span, GradientCheck.Numeric(w, Loss), "gradWeights");
        GradientCheck.AssertMatches(gradients.GradBias!.Span, GradientCheck.Numeric(b, Loss), "gradBias");
        Assert.Equal([7, 5], gradients.GradWeights.ShapeArray());
    }

    [Fact]
    public void RejectsAFusedActivationAndAMisshapedGradient()
    {
        var random = new Random(15);
        var input = ConvTestData.Image(random, 1, 2, 5, 5, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 3, 2, 3, 3);
        var gradOutput = ConvTestData.Image(random, 1, 3, 3, 3, TensorLayout.Nchw);

        var activation = Assert.Throws<ArgumentException>(() =>
            Depthwise.Operators.Conv2d.Backward(input, weights, gradOutput, options: new Conv2dOptions { Activation = Activation.Relu }));
        Assert.Equal("options", activation.ParamName);
        var shape = Assert.Throws<ArgumentException>(() =>
            Depthwise.Operators.Conv2d.Backward(input, weights, ConvTestData.Image(random, 1, 3, 4, 3, TensorLayout.Nchw)));
        Assert.Equal("gradOutput", shape.ParamName);
        Assert.Throws<ArgumentException>(() => PointwiseConv2d.Backward(input, ConvTestData.Tensor(random, 3, 2), gradOutput));
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"[{i}]: expected {expected[i]}, got {actual[i]}.");
        }
    }

    /// <summary>One small grouped convolution; the bottom pad is one more than the others (asymmetric).</summary>
    public sealed record Case(
        int Batch, int InputChannels, int OutputChannels, int Groups, int Height, int Width, int KernelHeight, int KernelWidth, int Stride, int Dilation, int Pad, TensorLayout Layout);
}
