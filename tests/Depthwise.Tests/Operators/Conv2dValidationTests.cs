using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

public class Conv2dValidationTests
{
    private static readonly Tensor Input = Tensor.Image(1, 4, 6, 6);
    private static readonly Tensor Weights = new([8, 2, 3, 3]);

    [Fact]
    public void InputMustBeFourDimensional()
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(new Tensor([4, 6, 6]), Weights, null, 2));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("(4, 6, 6)", error.Message);
    }

    [Fact]
    public void WeightsMustBeFourDimensional()
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, new Tensor([8, 4, 9])));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("(8, 4, 9)", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void GroupsMustBePositive(int groups)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Forward(Input, Weights, null, groups));
        Assert.Equal("groups", error.ParamName);
        Assert.Contains(groups.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void InputChannelsMustBeDivisibleByGroups()
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, new Tensor([9, 1, 3, 3]), null, 3));
        Assert.Equal("groups", error.ParamName);
        Assert.Contains("Cin = 4", error.Message);
        Assert.Contains("g = 3", error.Message);
    }

    [Fact]
    public void OutputChannelsMustBeDivisibleByGroups()
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, new Tensor([6, 1, 3, 3]), null, 4));
        Assert.Equal("groups", error.ParamName);
        Assert.Contains("Cout = 6", error.Message);
        Assert.Contains("g = 4", error.Message);
    }

    [Fact]
    public void WeightsMustHoldCinOverGroupsChannels()
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, new Tensor([8, 4, 3, 3]), null, 2));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("4 input channels per group", error.Message);
        Assert.Contains("= 2", error.Message);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    public void BiasMustHaveOneValuePerOutputChannel(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, Weights, new Tensor([length]), 2));
        Assert.Equal("bias", error.ParamName);
        Assert.Contains($"({length})", error.Message);
        Assert.Contains("(8)", error.Message);
    }

    [Fact]
    public void BiasMustBeOneDimensional()
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, Weights, new Tensor([2, 4]), 2));
        Assert.Equal("bias", error.ParamName);
    }

    [Fact]
    public void OutputShapeMustMatch()
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, Weights, null, Tensor.Image(1, 8, 6, 6), 2));
        Assert.Equal("output", error.ParamName);
        Assert.Contains("(1, 8, 6, 6)", error.Message);
        Assert.Contains("(1, 8, 4, 4)", error.Message);
    }

    [Fact]
    public void OutputLayoutMustMatchTheInput()
    {
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, Weights, null, new Tensor([1, 8, 4, 4], TensorLayout.Nhwc), 2));
        Assert.Equal("output", error.ParamName);
        Assert.Contains("Nhwc", error.Message);
    }

    [Fact]
    public void OutputMustNotBeTheInput()
    {
        var input = Tensor.Image(1, 4, 5, 5);
        var error = Assert.Throws<ArgumentException>(() => PointwiseConv2d.Forward(input, new Tensor([4, 4]), null, input));
        Assert.Equal("output", error.ParamName);
    }

    [Fact]
    public void NegativeThreadsAreRejected()
    {
        var conv = Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Forward(Input, Weights, null, 2, new Conv2dOptions { Threads = -1 }));
        Assert.Equal("options", conv.ParamName);
        Assert.Contains("-1", conv.Message);

        var pointwise = Assert.Throws<ArgumentOutOfRangeException>(() => PointwiseConv2d.Forward(Input, new Tensor([3, 4]), threads: -2));
        Assert.Equal("threads", pointwise.ParamName);
        Assert.Contains("-2", pointwise.Message);
    }

    [Fact]
    public void GeometryErrorsComeFromConvGeometry()
    {
        var tooBig = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, new Tensor([8, 2, 7, 7]), null, 2));
        Assert.Equal("kernel", tooBig.ParamName);
        Assert.Contains("does not fit", tooBig.Message);

        var stride = Assert.ThrowsAny<ArgumentException>(() => Conv2d.Forward(Input, Weights, null, 2, new Conv2dOptions { Stride = new Size2D(0, 1) }));
        Assert.Equal("stride", stride.ParamName);

        var dilation = Assert.ThrowsAny<ArgumentException>(() => Conv2d.Geometry(Input, Weights, 2, new Conv2dOptions { Dilation = new Size2D(1, -1) }));
        Assert.Equal("dilation", dilation.ParamName);
    }

    [Fact]
    public void HugePaddingIsRejectedBeforeAnyAllocation()
    {
        var options = new Conv2dOptions { Stride = 2, Padding = Padding.Explicit(0, 0, 0, int.MaxValue - 2) };
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Input, Weights, null, 2, options));
        Assert.Equal("padding", error.ParamName);

        var wide = new Conv2dOptions { Padding = Padding.Explicit(0, 0, 0, 1 << 28) };
        var tooMany = Assert.Throws<ArgumentException>(() => Conv2d.Forward(Tensor.Image(1, 4, 64, 6), Weights, null, 2, wide));
        Assert.Equal("input", tooMany.ParamName);
        Assert.Contains("elements", tooMany.Message);
    }

    [Fact]
    public void PointwiseWeightsMustBeOneByOne()
    {
        var kernel = Assert.Throws<ArgumentException>(() => PointwiseConv2d.Forward(Input, new Tensor([3, 4, 3, 3])));
        Assert.Equal("weights", kernel.ParamName);
        Assert.Contains("3x3", kernel.Message);

        var rank = Assert.Throws<ArgumentException>(() => PointwiseConv2d.Forward(Input, new Tensor([3, 4, 1])));
        Assert.Equal("weights", rank.ParamName);

        var channels = Assert.Throws<ArgumentException>(() => PointwiseConv2d.Forward(Input, new Tensor([3, 5])));
        Assert.Equal("weights", channels.ParamName);
        Assert.Contains("expected Cin / g = 4 / 1 = 4", channels.Message);
    }

    [Fact]
    public void NullTensorsAreRejected()
    {
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => Conv2d.Forward(null!, Weights)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentNullException>(() => PointwiseConv2d.Forward(Input, null!)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentNullException>(() => Conv2d.Forward(Input, Weights, null, null!, 2)).ParamName);
    }
}
