using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

public class GroupedConvReferenceTests
{
    // One image, two 4×4 channels.
    //   channel 0 (a ramp)      channel 1
    //    1  2  3  4             2 0 1 3
    //    5  6  7  8             1 1 0 2
    //    9 10 11 12             0 2 2 1
    //   13 14 15 16             3 1 0 1
    private static readonly float[] Input =
    [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
        2, 0, 1, 3, 1, 1, 0, 2, 0, 2, 2, 1, 3, 1, 0, 1,
    ];

    // One 3×3×2 kernel: a horizontal Sobel on channel 0, a plus sign on channel 1.
    //    1 0 -1       0 1 0
    //    2 0 -2       1 1 1
    //    1 0 -1       0 1 0
    private static readonly float[] Weights =
    [
        1, 0, -1, 2, 0, -2, 1, 0, -1,
        0, 1, 0, 1, 1, 1, 0, 1, 0,
    ];

    private const float Bias = 0.5f;

    [Fact]
    public void TraditionalConvolutionWorkedByHand()
    {
        // Channel 0: on a ramp every row of a window is (x, x+1, x+2), so the Sobel gives (x - (x+2))·(1 + 2 + 1) = -8 everywhere.
        // Channel 1: the plus sign sums the window's centre column and centre row:
        //   (0,0) window rows 0-2, cols 0-2: top 0, left 1, centre 1, right 0, bottom 2 → 4
        //   (0,1) window rows 0-2, cols 1-3: top 1, left 1, centre 0, right 2, bottom 2 → 6
        //   (1,0) window rows 1-3, cols 0-2: top 1, left 0, centre 2, right 2, bottom 1 → 6
        //   (1,1) window rows 1-3, cols 1-3: top 0, left 2, centre 2, right 1, bottom 0 → 5
        // Output = -8 + channel 1 + 0.5.
        float[] expected = [-8 + 4 + 0.5f, -8 + 6 + 0.5f, -8 + 6 + 0.5f, -8 + 5 + 0.5f];

        var geometry = ConvGeometry.Create(4, 4, 3, 1, 1, Padding.Valid);
        var output = new float[4];
        var multiplyAdds = GroupedConvReference.Forward(Input, Weights, [Bias], output, 1, 2, 1, 1, geometry, Activation.None, TensorLayout.Nchw);

        Assert.Equal(expected, output);
        Assert.Equal(4 * 18, multiplyAdds); // 4 outputs × 2 channels × 9 taps, none in padding
    }

    [Fact]
    public void OptimizedConvolutionMatchesTheHandWorkedExample()
    {
        var input = new Tensor(Input, [1, 2, 4, 4]);
        var weights = new Tensor(Weights, [1, 2, 3, 3]);
        var bias = new Tensor([Bias], [1]);
        var output = Conv2d.Forward(input, weights, bias);
        Assert.Equal([-3.5f, -1.5f, -1.5f, -2.5f], output.Span.ToArray());

        var nhwc = Conv2d.Forward(input.ToLayout(TensorLayout.Nhwc), weights, bias);
        Assert.Equal([-3.5f, -1.5f, -1.5f, -2.5f], nhwc.Span.ToArray());
    }

    [Fact]
    public void PaddedCornerWorkedByHandAndPaddingTapsAreNotCounted()
    {
        // Padding 1: output (0,0) centres the kernel on input (0,0); only kernel rows/cols 1-2 land inside.
        // Channel 0: kernel (1,1)=0·1, (1,2)=-2·2, (2,1)=0·5, (2,2)=-1·6 → -4 - 6 = -10.
        // Channel 1: kernel (1,1)=1·2, (1,2)=1·0, (2,1)=1·1, (2,2)=0·1 → 3.
        // Output = -10 + 3 + 0.5 = -6.5.
        var geometry = ConvGeometry.Create(4, 4, 3, 1, 1, Padding.Explicit(1));
        var output = new float[16];
        var multiplyAdds = GroupedConvReference.Forward(Input, Weights, [Bias], output, 1, 2, 1, 1, geometry, Activation.None, TensorLayout.Nchw);

        Assert.Equal(-6.5f, output[0]);

        // Along each axis the 4 outputs see 2, 3, 3, 2 real taps (10); in 2-D 10 × 10 per channel, 2 channels.
        Assert.Equal(2 * 10 * 10, multiplyAdds);
    }

    [Theory]
    [InlineData(2, 6, 9, 3, 7, 5, 3, 2, 2, 1, 1, 2, "1,0,2,3")]
    [InlineData(1, 4, 4, 4, 6, 6, 5, 1, 1, 2, 1, 1, "same-lower")]
    [InlineData(3, 3, 6, 1, 5, 8, 1, 3, 1, 2, 3, 1, "same")]
    public void MultiplyAddCountIsEveryTapThatLandsInsideTheImage(
        int batch, int inputChannels, int outputChannels, int groups, int height, int width, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int dilationHeight, int dilationWidth, string padding)
    {
        var geometry = ConvGeometry.Create(
            height, width, new Size2D(kernelHeight, kernelWidth), new Size2D(strideHeight, strideWidth), new Size2D(dilationHeight, dilationWidth), Padding.Parse(padding));
        var random = new Random(1);
        var input = Operators.ConvTestData.Values(random, batch * inputChannels * height * width);
        var weights = Operators.ConvTestData.Values(random, outputChannels * (inputChannels / groups) * kernelHeight * kernelWidth);
        var output = new float[batch * outputChannels * geometry.OutputPixels];

        var counted = GroupedConvReference.Forward(input, weights, [], output, batch, inputChannels, outputChannels, groups, geometry, Activation.None, TensorLayout.Nhwc);

        // Independently: taps inside the image factor into (rows inside) × (columns inside) per output pixel.
        long expected = 0;
        for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
        {
            var rows = 0;
            for (var tap = 0; tap < kernelHeight; tap++)
            {
                var row = (outputRow * strideHeight) - geometry.PadTop + (tap * dilationHeight);
                rows += row >= 0 && row < height ? 1 : 0;
            }

            for (var outputColumn = 0; outputColumn < geometry.OutputWidth; outputColumn++)
            {
                var columns = 0;
                for (var tap = 0; tap < kernelWidth; tap++)
                {
                    var column = (outputColumn * strideWidth) - geometry.PadLeft + (tap * dilationWidth);
                    columns += column >= 0 && column < width ? 1 : 0;
                }

                expected += rows * columns;
            }
        }

        Assert.Equal(expected * batch * outputChannels * (inputChannels / groups), counted);
    }
}
