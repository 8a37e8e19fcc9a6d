using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>The reference kernel on a problem small enough to work by hand, and its multiply-add count.</summary>
public class DepthwiseConvReferenceTests
{
    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void ValidPaddingMatchesHandArithmetic(TensorLayout layout)
    {
        var (input, weights, bias) = HandWorkedExample.Tensors(layout);
        var output = new float[2 * 2 * 2];
        var geometry = ConvGeometry.Create(4, 4, 3, 1, 1, Padding.Valid);

        var multiplyAdds = DepthwiseConvReference.Forward(input.Span, weights.Span, bias.Span, output, layout, 1, 2, 1, geometry, Activation.None);

        Assert.Equal(HandWorkedExample.ValidOutput(layout), output);
        // 2 channels × 2×2 outputs × 9 taps, none in padding.
        Assert.Equal(2 * 4 * 9, multiplyAdds);
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void SamePaddingMatchesHandArithmeticAndSkipsPaddingTaps(TensorLayout layout)
    {
        var (input, weights, bias) = HandWorkedExample.Tensors(layout);
        var output = new float[2 * 4 * 4];
        var geometry = ConvGeometry.Create(4, 4, 3, 1, 1, Padding.SameUpper);

        var multiplyAdds = DepthwiseConvReference.Forward(input.Span, weights.Span, bias.Span, output, layout, 1, 2, 1, geometry, Activation.None);

        Assert.Equal(HandWorkedExample.SameOutput(layout), output);
        // Per axis, output positions 0…3 see 2, 3, 3, 2 in-bounds taps: (2+3+3+2)² = 100 per channel.
        Assert.Equal(2 * 10 * 10, multiplyAdds);
    }

    [Fact]
    public void CountsOnlyInBoundsTapsWithStrideDilationAndMultiplier()
    {
        // 1×5 input row, kernel 1×3 dilated by 2 (taps at offsets 0, 2, 4), pads 3/2 on the left/right, stride 2:
        // outputs start at columns −3, −1, 1 → taps (−3, −1, 1), (−1, 1, 3), (1, 3, 5): 1 + 2 + 2 = 5 in-bounds taps,
        // times M = 3 filters for the one channel.
        var geometry = ConvGeometry.Create(1, 5, new Size2D(1, 3), new Size2D(1, 2), new Size2D(1, 2), Padding.Explicit(0, 3, 0, 2));
        Assert.Equal(3, geometry.OutputWidth);
        var output = new float[3 * 3];

        var multiplyAdds = DepthwiseConvReference.Forward(
            new float[5], new float[3 * 3], default, output, TensorLayout.Nchw, 1, 1, 3, geometry, Activation.None);

        Assert.Equal(5 * 3, multiplyAdds);
    }
}
