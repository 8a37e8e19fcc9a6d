using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

/// <summary>Max and average pooling, forward against a double-precision loop and backward against its finite differences.</summary>
public sealed class PoolBackwardTests
{
    public static TheoryData<Case> Cases() =>
    [
        new(2, 2, 0, 0, TensorLayout.Nchw),
        new(3, 2, 1, 1, TensorLayout.Nchw),
        new(3, 1, 1, 0, TensorLayout.Nhwc),
        new(2, 3, 1, 1, TensorLayout.Nhwc),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void MaxPoolMatchesALoopAndFiniteDifferences(Case test)
    {
        var (kernel, stride, padBegin, padEnd, layout) = test;
        var random = new Random(41 + kernel + stride);
        var input = ConvTestData.Image(random, 2, 3, 7, 6, TensorLayout.Nchw);
        var padding = Padding.Explicit(padBegin, padBegin, padEnd, padEnd);
        var geometry = MaxPool2d.Geometry(7, 6, kernel, stride, padding);
        var gradOutput = ConvTestData.Image(random, 2, 3, geometry.OutputHeight, geometry.OutputWidth, TensorLayout.Nchw);

        var output = MaxPool2d.Forward(input.ToLayout(layout), kernel, stride, padding);
        var gradInput = MaxPool2d.Backward(input.ToLayout(layout), gradOutput.ToLayout(layout), kernel, stride, padding);

        var x = DoubleReference.ToDouble(input.Span);
        GradientCheck.AssertMatches(output.ToLayout(TensorLayout.Nchw).Span, DoubleReference.Pool(x, 6, geometry, max: true), "output", tolerance: 1e-7);
        var r = gradOutput.Span.ToArray();
        var numeric = GradientCheck.Numeric(x, () => DoubleReference.Dot(DoubleReference.Pool(x, 6, geometry, max: true), r));
        GradientCheck.AssertMatches(gradInput.ToLayout(TensorLayout.Nchw).Span, numeric, "gradInput");
        Assert.Equal(layout, gradInput.Layout);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AveragePoolMatchesALoopAndFiniteDifferences(Case test)
    {
        var (kernel, stride, padBegin, padEnd, layout) = test;
        var random = new Random(51 + kernel + stride);
        var input = ConvTestData.Image(random, 2, 3, 7, 6, TensorLayout.Nchw);
        var padding = Padding.Explicit(padBegin, padBegin, padEnd, padEnd);
        var geometry = MaxPool2d.Geometry(7, 6, kernel, stride, padding);
        var gradOutput = ConvTestData.Image(random, 2, 3, geometry.OutputHeight, geometry.OutputWidth, TensorLayout.Nchw);

        var output = AvgPool2d.Forward(input.ToLayout(layout), kernel, stride, padding);
        var gradInput = AvgPool2d.Backward(gradOutput.ToLayout(layout), 7, 6, kernel, stride, padding);

        var x = DoubleReference.ToDouble(input.Span);
        GradientCheck.AssertMatches(output.ToLayout(TensorLayout.Nchw).Span, DoubleReference.Pool(x, 6, geometry, max: false), "output", tolerance: 1e-6);
        var r = gradOutput.Span.ToArray();
        var numeric = GradientCheck.Numeric(x, () => DoubleReference.Dot(DoubleReference.Pool(x, 6, geometry, max: false), r));
        GradientCheck.AssertMatches(gradInput.ToLayout(TensorLayout.Nchw).Span, numeric, "gradInput");
    }

    [Fact]
    public void TiesGoToTheFirstMaximumAndResultsDoNotDependOnThreads()
    {
        var input = new Tensor(new float[] { 1, 5, 5, 2 }, [1, 1, 2, 2]);
        var gradInput = MaxPool2d.Backward(input, new Tensor(new float[] { 1 }, [1, 1, 1, 1]), 2);
        Assert.Equal([0f, 1f, 0f, 0f], gradInput.Span.ToArray());

        var random = new Random(61);
        var large = ConvTestData.Image(random, 8, 16, 24, 24, TensorLayout.Nchw);
        var gradOutput = ConvTestData.Image(random, 8, 16, 12, 12, TensorLayout.Nchw);
        Assert.Equal(
            MaxPool2d.Backward(large, gradOutput, 3, 2, Padding.Explicit(1, 1, 0, 0), threads: 1).Span.ToArray(),
            MaxPool2d.Backward(large, gradOutput, 3, 2, Padding.Explicit(1, 1, 0, 0), threads: 3).Span.ToArray());
        Assert.Equal(
            AvgPool2d.Backward(gradOutput, 24, 24, 3, 2, Padding.Explicit(1, 1, 0, 0), threads: 1).Span.ToArray(),
            AvgPool2d.Backward(gradOutput, 24, 24, 3, 2, Padding.Explicit(1, 1, 0, 0), threads: 3).Span.ToArray());
    }

    [Fact]
    public void RejectsPaddingAsLargeAsTheKernelAndMisshapedGradients()
    {
        var input = new Tensor([1, 1, 4, 4]);
        Assert.Equal("padding", Assert.Throws<ArgumentException>(() => MaxPool2d.Forward(input, 2, 1, Padding.Explicit(2))).ParamName);
        Assert.Equal("gradOutput", Assert.Throws<ArgumentException>(() => MaxPool2d.Backward(input, new Tensor([1, 1, 3, 2]), 2)).ParamName);
        Assert.Equal("gradOutput", Assert.Throws<ArgumentException>(() => AvgPool2d.Backward(new Tensor([1, 1, 3, 2]), 4, 4, 2)).ParamName);
    }

    /// <summary>Kernel k×k, stride s, pads (begin on top/left, end on bottom/right), layout.</summary>
    public sealed record Case(int Kernel, int Stride, int PadBegin, int PadEnd, TensorLayout Layout);
}
