using Depthwise.Geometry;

namespace Depthwise.Tests.Geometry;

public class ConvGeometryTests
{
    [Theory]
    // input, kernel, stride, dilation → ONNX SAME_UPPER pads and output
    [InlineData(28, 3, 1, 1, 1, 1, 28)]
    [InlineData(224, 3, 2, 1, 0, 1, 112)]
    [InlineData(7, 3, 2, 1, 1, 1, 4)]
    [InlineData(6, 3, 2, 1, 0, 1, 3)]
    [InlineData(10, 3, 1, 2, 2, 2, 10)]
    [InlineData(5, 4, 1, 1, 1, 2, 5)]
    public void SameUpperPutsTheExtraPixelAtTheEnd(int input, int kernel, int stride, int dilation, int padBegin, int padEnd, int output)
    {
        var geometry = ConvGeometry.Create(input, input, kernel, stride, dilation, Padding.SameUpper);
        Assert.Equal((padBegin, padEnd, output), (geometry.PadTop, geometry.PadBottom, geometry.OutputHeight));
        Assert.Equal((padBegin, padEnd, output), (geometry.PadLeft, geometry.PadRight, geometry.OutputWidth));
    }

    [Fact]
    public void SameLowerPutsTheExtraPixelAtTheBeginning()
    {
        var geometry = ConvGeometry.Create(224, 224, 3, 2, 1, Padding.SameLower);
        Assert.Equal((1, 0, 112), (geometry.PadTop, geometry.PadBottom, geometry.OutputHeight));
    }

    [Fact]
    public void ValidAndExplicitFollowTheFormula()
    {
        var valid = ConvGeometry.Create(28, 28, 3, 1, 1, Padding.Valid);
        Assert.Equal((26, 26), (valid.OutputHeight, valid.OutputWidth));

        // (H + top + bottom - ((k-1)d+1)) / s + 1 on each axis, with unequal strides.
        var explicitPads = ConvGeometry.Create(32, 100, new Size2D(3, 5), new Size2D(2, 1), new Size2D(1, 2), Padding.Explicit(1, 2, 0, 3));
        Assert.Equal((32 + 1 + 0 - 3) / 2 + 1, explicitPads.OutputHeight);
        Assert.Equal((100 + 2 + 3 - 9) / 1 + 1, explicitPads.OutputWidth);
    }

    [Theory]
    [InlineData(0, 1, "stride")]
    [InlineData(1, 0, "dilation")]
    [InlineData(-2, 1, "stride")]
    public void NonPositiveStrideOrDilationNamesTheParameter(int stride, int dilation, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ConvGeometry.Create(8, 8, 3, stride, dilation, Padding.Valid));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(stride <= 0 ? stride.ToString(System.Globalization.CultureInfo.InvariantCulture) : dilation.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void KernelLargerThanThePaddedInputIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvGeometry.Create(4, 4, 5, 1, 1, Padding.Valid));
        Assert.Equal("kernel", error.ParamName);
        Assert.Contains("does not fit", error.Message);
    }

    [Theory]
    [InlineData("valid", PaddingMode.Valid)]
    [InlineData("same", PaddingMode.SameUpper)]
    [InlineData("same-lower", PaddingMode.SameLower)]
    [InlineData("1,2,3,4", PaddingMode.Explicit)]
    public void PaddingParsesTheCliForms(string text, PaddingMode mode) => Assert.Equal(mode, Padding.Parse(text).Mode);

    [Fact]
    public void PaddingRejectsGarbage() =>
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => Padding.Parse("1,2,3")).ParamName);
}
