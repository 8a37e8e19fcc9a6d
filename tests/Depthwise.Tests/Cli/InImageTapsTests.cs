using Depthwise.Cli.Benchmarking;
using Depthwise.Geometry;

namespace Depthwise.Tests.Cli;

public sealed class InImageTapsTests
{
    [Fact]
    public void WithoutPaddingEveryTapIsInside()
    {
        var geometry = ConvGeometry.Create(14, 14, 3, 2, 1, Padding.Valid);

        Assert.Equal(1.0, InImageTaps.Fraction(geometry));
    }

    [Fact]
    public void ThreeByThreeSamePaddingLosesOneTapPerEdgePixelAndDimension()
    {
        // 14 outputs × 3 taps per dimension, the first and the last output each have one tap on the padding.
        var geometry = ConvGeometry.Create(14, 14, 3, 1, 1, Padding.Explicit(1));

        Assert.Equal(40.0 * 40.0 / (42.0 * 42.0), InImageTaps.Fraction(geometry), 12);
    }

    [Fact]
    public void TwoRowOcrLayerKeepsTwoOfFiveKernelRows()
    {
        // 5×5, pads 2, a 2×160 image: each output row sees rows 0 and 1 only; columns lose 2 + 1 taps at each end.
        var geometry = ConvGeometry.Create(2, 160, 5, 1, 1, Padding.Explicit(2));

        Assert.Equal((4.0 / 10.0) * (794.0 / 800.0), InImageTaps.Fraction(geometry), 12);
    }

    [Fact]
    public void DilatedTapsPastTheImageCountAsOutside()
    {
        // One output of a 3-tap kernel with dilation 4 on a 5-pixel row, pad 4: positions -4, 0, 4 → two inside.
        var geometry = ConvGeometry.Create(1, 5, new Size2D(1, 3), new Size2D(1, 5), new Size2D(1, 4), Padding.Explicit(0, 4, 0, 0));

        Assert.Equal(1, geometry.OutputWidth);
        Assert.Equal(2.0 / 3.0, InImageTaps.Fraction(geometry), 12);
    }
}
