using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Kernels;

namespace Depthwise.Tests.Operators;

[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class DepthwiseConv2dTests
{
    public static TheoryData<TensorLayout, bool> LayoutsAndPaths() => new()
    {
        { TensorLayout.Nchw, true },
        { TensorLayout.Nchw, false },
        { TensorLayout.Nhwc, true },
        { TensorLayout.Nhwc, false },
    };

    [Theory]
    [MemberData(nameof(LayoutsAndPaths))]
    public void HandWorkedValidPadding(TensorLayout layout, bool optimized)
    {
        var (input, weights, bias) = HandWorkedExample.Tensors(layout);
        var options = new Conv2dOptions { Padding = Padding.Valid };
        var output = optimized ? DepthwiseConv2d.Forward(input, weights, bias, options) : DepthwiseConv2d.Reference(input, weights, bias, options);

        Assert.Equal(layout == TensorLayout.Nchw ? [1, 2, 2, 2] : [1, 2, 2, 2], output.ShapeArray());
        Assert.Equal(layout, output.Layout);
        Assert.Equal(HandWorkedExample.ValidOutput(layout), output.Span.ToArray());
    }

    [Theory]
    [MemberData(nameof(LayoutsAndPaths))]
    public void HandWorkedSamePadding(TensorLayout layout, bool optimized)
    {
        var (input, weights, bias) = HandWorkedExample.Tensors(layout);
        var options = new Conv2dOptions { Padding = Padding.SameUpper };
        var output = optimized ? DepthwiseConv2d.Forward(input, weights, bias, options) : DepthwiseConv2d.Reference(input, weights, bias, options);

        Assert.Equal(layout == TensorLayout.Nchw ? [1, 2, 4, 4] : [1, 4, 4, 2], output.ShapeArray());
        Assert.Equal(HandWorkedExample.SameOutput(layout), output.Span.ToArray());
    }

    [Fact]
    public void HandWorkedWithReluAndNoBias()
    {
        // Without bias, channel 1 of the valid example is in[y][x] + in[y+1][x+1] − in[y+2][x+2] = 0, 0, 0, 1; ReLU keeps them.
        var (input, weights, _) = HandWorkedExample.Tensors(TensorLayout.Nchw);
        var output = DepthwiseConv2d.Forward(input, weights, null, new Conv2dOptions { Activation = Activation.Relu6 });
        float[] expected = [6, 6, 6, 6, 0, 0, 0, 1];
        Assert.Equal(expected, output.Span.ToArray());
    }

    [Fact]
    public void CallerProvidedOutputIsFilled()
    {
        var (input, weights, bias) = HandWorkedExample.Tensors(TensorLayout.Nhwc);
        var output = Tensor.Image(1, 2, 4, 4, TensorLayout.Nhwc);
        output.Span.Fill(float.NaN);

        DepthwiseConv2d.Forward(input, weights, bias, output, new Conv2dOptions { Padding = Padding.SameUpper });

        Assert.Equal(HandWorkedExample.SameOutput(TensorLayout.Nhwc), output.Span.ToArray());
    }

    [Fact]
    public void GeometryReportsOutputSizeAndPads()
    {
        var input = Tensor.Image(1, 3, 7, 9, TensorLayout.Nhwc);
        var weights = new Tensor([6, 1, 3, 5]);
        var geometry = DepthwiseConv2d.Geometry(input, weights, new Conv2dOptions { Stride = new Size2D(2, 1), Padding = Padding.SameUpper });

        Assert.Equal(new Size2D(3, 5), geometry.Kernel);
        // Height: ceil(7/2) = 4, total pad (4−1)·2 + 3 − 7 = 2 → 1/1. Width: 9, total pad 4 → 2/2.
        Assert.Equal((4, 9, 1, 1, 2, 2), (geometry.OutputHeight, geometry.OutputWidth, geometry.PadTop, geometry.PadBottom, geometry.PadLeft, geometry.PadRight));
    }

    [Fact]
    public void DepthMultiplierMakesMOutputsPerChannel()
    {
        // One channel of ones, three 1×1 filters 1, 2, 3: output channel m is (m + 1) everywhere.
        var input = new Tensor([1, 1, 2, 2]);
        input.Span.Fill(1);
        var weights = new Tensor([1f, 2f, 3f], [3, 1, 1, 1]);

        var output = DepthwiseConv2d.Forward(input, weights);

        Assert.Equal([1, 3, 2, 2], output.ShapeArray());
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3], output.Span.ToArray());
    }

    [Fact]
    public void InputMustBe4D()
    {
        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Forward(new Tensor([2, 4, 4]), new Tensor([2, 1, 3, 3])));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("(2, 4, 4)", error.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 3 })]
    [InlineData(new[] { 2, 2, 3, 3 })]
    public void WeightsMustBeDepthwiseFilters(int[] weightShape)
    {
        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Forward(Tensor.Image(1, 2, 5, 5), new Tensor(weightShape)));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains(Tensor.FormatShape(weightShape), error.Message);
        Assert.Contains("(C*M, 1, kH, kW)", error.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(1)]
    public void FilterCountMustBeAMultipleOfTheChannels(int filters)
    {
        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Forward(Tensor.Image(1, 2, 5, 5), new Tensor([filters, 1, 3, 3])));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("multiplier", error.Message);
        Assert.Contains(filters.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Theory]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { 4, 1 })]
    public void BiasMustHaveOneValuePerOutputChannel(int[] biasShape)
    {
        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Forward(Tensor.Image(1, 2, 5, 5), new Tensor([4, 1, 3, 3]), new Tensor(biasShape)));
        Assert.Equal("bias", error.ParamName);
        Assert.Contains("(4)", error.Message);
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 3 }, TensorLayout.Nhwc)]
    [InlineData(new[] { 1, 2, 3, 4 }, TensorLayout.Nchw)]
    [InlineData(new[] { 1, 3, 3, 2 }, TensorLayout.Nchw)]
    [InlineData(new[] { 2, 3, 3 }, TensorLayout.Nchw)]
    public void OutputMustMatchShapeAndLayout(int[] outputShape, TensorLayout outputLayout)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DepthwiseConv2d.Forward(Tensor.Image(1, 2, 5, 5), new Tensor([2, 1, 3, 3]), null, new Tensor(outputShape, outputLayout)));
        Assert.Equal("output", error.ParamName);
        Assert.Contains("(1, 2, 3, 3)", error.Message);
    }

    [Fact]
    public void OutputMustNotShareMemoryWithTheInput()
    {
        var input = Tensor.Image(1, 2, 3, 3);
        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Forward(input, new Tensor([2, 1, 1, 1]), null, input));
        Assert.Equal("output", error.ParamName);
    }

    [Fact]
    public void NegativeThreadsAreRejected()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            DepthwiseConv2d.Forward(Tensor.Image(1, 2, 5, 5), new Tensor([2, 1, 3, 3]), null, new Conv2dOptions { Threads = -1 }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("-1", error.Message);
    }

    [Fact]
    public void KernelLargerThanThePaddedInputIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DepthwiseConv2d.Forward(Tensor.Image(1, 2, 4, 4), new Tensor([2, 1, 7, 3]), null, new Conv2dOptions { Padding = Padding.Explicit(1) }));
        Assert.Equal("kernel", error.ParamName);
        Assert.Contains("does not fit", error.Message);
    }

    [Theory]
    [InlineData(0, 1, "stride")]
    [InlineData(1, 0, "dilation")]
    public void GeometryErrorsComeFromConvGeometry(int stride, int dilation, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() =>
            DepthwiseConv2d.Geometry(Tensor.Image(1, 2, 8, 8), new Tensor([2, 1, 3, 3]), new Conv2dOptions { Stride = stride, Dilation = dilation }));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void HugeOutputFromPaddingIsRejectedBeforeAllocating()
    {
        // A 1×1 input padded by 60 000 on every side would give a 120 001² = 1.4e10-element output.
        var input = Tensor.Image(1, 1, 1, 1);
        var weights = new Tensor([1, 1, 1, 1]);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Forward(input, weights, null, new Conv2dOptions { Padding = Padding.Explicit(60_000) }));

        Assert.Equal("input", error.ParamName);
        Assert.Contains("120001", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the rejected call allocated more than 1 MiB.");
    }

    [Fact]
    public void HugeOutputFromTheDepthMultiplierIsRejectedBeforeAllocating()
    {
        // 70 000 filters on one channel of width 40 000: 2.8e9 outputs.
        var input = Tensor.Image(1, 1, 1, 40_000);
        var weights = new Tensor([70_000, 1, 1, 1]);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Forward(input, weights));

        Assert.Equal("input", error.ParamName);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the rejected call allocated more than 1 MiB.");
    }

    [Fact]
    public void PaddedExtentBeyondIntRangeIsRejected()
    {
        // Pads of 2e9 on both sides with a stride of 2e9 give a tiny output, but the padded row is 4e9 long.
        var options = new Conv2dOptions { Stride = new Size2D(2_000_000_000, 1), Padding = Padding.Explicit(2_000_000_000, 0, 2_000_000_000, 0) };
        var error = Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Forward(Tensor.Image(1, 1, 1, 1), new Tensor([1, 1, 1, 1]), null, options));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void NullTensorsAreRejected()
    {
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => DepthwiseConv2d.Forward(null!, new Tensor([1, 1, 1, 1]))).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentNullException>(() => DepthwiseConv2d.Forward(Tensor.Image(1, 1, 1, 1), null!)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentNullException>(() => DepthwiseConv2d.Forward(Tensor.Image(1, 1, 1, 1), new Tensor([1, 1, 1, 1]), null, (Tensor)null!)).ParamName);
    }
}
