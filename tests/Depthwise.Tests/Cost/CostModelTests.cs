using Depthwise.Cost;
using Depthwise.Geometry;

namespace Depthwise.Tests.Cost;

public class CostModelTests
{
    [Fact]
    public void StandardConvolutionOnA28x28x3Image()
    {
        // One 3×3×3 filter, valid padding: 26×26 outputs, each 3·3·3 = 27 multiply-adds.
        var geometry = ConvGeometry.Create(28, 28, 3, 1, 1, Padding.Valid);
        var cost = CostModel.Convolution(1, 3, 1, 1, geometry, bias: false);
        Assert.Equal(27, cost.Parameters);
        Assert.Equal(26 * 26 * 27, cost.Macs);
        Assert.Equal(cost.Macs, cost.MacsExcludingPadding);
        Assert.Equal(2 * 26 * 26 * 27, cost.Flops);
        Assert.Equal(4 * ((28 * 28 * 3) + 27), cost.BytesRead);
        Assert.Equal(4 * 26 * 26, cost.BytesWritten);
        Assert.Equal(28, CostModel.Convolution(1, 3, 1, 1, geometry, bias: true).Parameters);
    }

    [Fact]
    public void DepthwiseConvolutionOnA28x28x3Image()
    {
        // Three 3×3 filters, one per channel: 9 multiply-adds per output pixel per channel, 27 weights, 3 biases.
        var geometry = ConvGeometry.Create(28, 28, 3, 1, 1, Padding.Valid);
        var cost = CostModel.Depthwise(1, 3, 1, geometry, bias: false);
        Assert.Equal(27, cost.Parameters);
        Assert.Equal(3 * 26 * 26 * 9, cost.Macs);
        Assert.Equal(4 * 3 * 26 * 26, cost.BytesWritten);
        Assert.Equal(30, CostModel.Depthwise(1, 3, 1, geometry, bias: true).Parameters);
        // Multiplier 2: six 3×3 filters.
        var doubled = CostModel.Depthwise(2, 3, 2, geometry, bias: true);
        Assert.Equal((6 * 9) + 6, doubled.Parameters);
        Assert.Equal(2 * 6 * 26 * 26 * 9, doubled.Macs);
    }

    [Fact]
    public void MobileNetFirstDepthwiseLayer()
    {
        // MobileNet V1 "Conv dw / s1, 3×3×32, 112×112×32", 'same' padding: 32·9·112·112 MACs.
        var geometry = ConvGeometry.Create(112, 112, 3, 1, 1, Padding.SameUpper);
        var cost = CostModel.Depthwise(1, 32, 1, geometry, bias: true);
        Assert.Equal(32L * 9 * 112 * 112, cost.Macs);
        Assert.Equal((32 * 9) + 32, cost.Parameters);
        // Per axis, the first and the last output each have one tap on the padding: 112·3 − 2 = 334 in-bounds taps.
        Assert.Equal(32L * 334 * 334, cost.MacsExcludingPadding);
        Assert.Equal(4L * ((32 * 112 * 112) + 288 + 32), cost.BytesRead);
        Assert.Equal(4L * 32 * 112 * 112, cost.BytesWritten);
        Assert.Equal(2.0 * 32 * 9 * 112 * 112 / (cost.BytesRead + cost.BytesWritten), cost.ArithmeticIntensity, 12);

        // The 1×1 conv that follows it: 32 → 64 channels.
        var pointwise = CostModel.Pointwise(1, 32, 64, 112, 112, bias: true);
        Assert.Equal(32L * 64 * 112 * 112, pointwise.Macs);
        Assert.Equal(pointwise.Macs, pointwise.MacsExcludingPadding);
        Assert.Equal((32 * 64) + 64, pointwise.Parameters);
        Assert.Equal(cost + pointwise, CostModel.Separable(1, 32, 64, 1, geometry, bias: true));
    }

    [Fact]
    public void MacsExcludingPaddingMatchesABruteForceCount()
    {
        var random = new Random(7);
        var checkedCases = 0;
        while (checkedCases < 400)
        {
            var padding = random.Next(4) switch
            {
                0 => Padding.Valid,
                1 => Padding.SameUpper,
                2 => Padding.SameLower,
                _ => Padding.Explicit(random.Next(5), random.Next(5), random.Next(5), random.Next(5)),
            };
            ConvGeometry geometry;
            try
            {
                geometry = ConvGeometry.Create(
                    random.Next(1, 13),
                    random.Next(1, 13),
                    new Size2D(random.Next(1, 6), random.Next(1, 6)),
                    new Size2D(random.Next(1, 4), random.Next(1, 4)),
                    new Size2D(random.Next(1, 4), random.Next(1, 4)),
                    padding);
            }
            catch (ArgumentException)
            {
                continue; // the kernel does not fit this input
            }

            var groups = random.Next(1, 4);
            var inputChannels = groups * random.Next(1, 4);
            var outputChannels = groups * random.Next(1, 4);
            var batch = random.Next(1, 3);
            var cost = CostModel.Convolution(batch, inputChannels, outputChannels, groups, geometry, bias: false);

            long inBounds = 0, all = 0;
            for (var y = 0; y < geometry.OutputHeight; y++)
            {
                for (var x = 0; x < geometry.OutputWidth; x++)
                {
                    for (var i = 0; i < geometry.Kernel.Height; i++)
                    {
                        for (var j = 0; j < geometry.Kernel.Width; j++)
                        {
                            var row = (y * geometry.Stride.Height) - geometry.PadTop + (i * geometry.Dilation.Height);
                            var column = (x * geometry.Stride.Width) - geometry.PadLeft + (j * geometry.Dilation.Width);
                            all++;
                            if (row >= 0 && row < geometry.InputHeight && column >= 0 && column < geometry.InputWidth)
                            {
                                inBounds++;
                            }
                        }
                    }
                }
            }

            // Every (batch, output channel, input channel of its group) repeats the same spatial count.
            long perPlane = (long)batch * outputChannels * (inputChannels / groups);
            Assert.Equal(perPlane * all, cost.Macs);
            Assert.Equal(perPlane * inBounds, cost.MacsExcludingPadding);
            checkedCases++;
        }
    }

    [Theory]
    [InlineData(3, 3, 32, 64, 112, 1, "same")]
    [InlineData(3, 3, 512, 512, 14, 1, "same")]
    [InlineData(5, 5, 24, 40, 28, 2, "same")]
    [InlineData(3, 5, 7, 13, 17, 2, "valid")]
    [InlineData(7, 7, 3, 1, 9, 3, "1,2,3,0")]
    [InlineData(1, 1, 8, 8, 4, 1, "valid")]
    public void SeparableToStandardRatioIsExactlyTheTextbookFormula(int kernelHeight, int kernelWidth, int inputChannels, int outputChannels, int size, int stride, string padding)
    {
        var kernel = new Size2D(kernelHeight, kernelWidth);
        var geometry = ConvGeometry.Create(size, size, kernel, stride, 1, Padding.Parse(padding));
        var separable = CostModel.Separable(2, inputChannels, outputChannels, 1, geometry, bias: true);
        var standard = CostModel.Convolution(2, inputChannels, outputChannels, 1, geometry, bias: true);

        // separable / standard = 1/N + 1/k² ⇔ separable · N · k² = standard · (k² + N), exactly, in integers.
        long taps = kernelHeight * kernelWidth;
        Assert.Equal(standard.Macs * (taps + outputChannels), separable.Macs * outputChannels * taps);
        Assert.Equal((double)separable.Macs / standard.Macs, CostModel.SeparableSavingFormula(outputChannels, kernel), 14);
    }

    [Fact]
    public void DepthwiseIsGroupedConvolutionWithOneGroupPerChannel()
    {
        var geometry = ConvGeometry.Create(15, 9, new Size2D(3, 5), 2, new Size2D(1, 2), Padding.Explicit(1, 0, 2, 3));
        Assert.Equal(CostModel.Convolution(3, 12, 36, 12, geometry, true), CostModel.Depthwise(3, 12, 3, geometry, true));
    }

    [Fact]
    public void SumsAddEveryCountAndRecomputeIntensity()
    {
        var a = new OpCost { Parameters = 1, Macs = 10, MacsExcludingPadding = 8, BytesRead = 40, BytesWritten = 20 };
        var b = new OpCost { Parameters = 2, Macs = 30, MacsExcludingPadding = 30, BytesRead = 4, BytesWritten = 16 };
        var sum = a + b;
        Assert.Equal(new OpCost { Parameters = 3, Macs = 40, MacsExcludingPadding = 38, BytesRead = 44, BytesWritten = 36 }, sum);
        Assert.Equal(80, sum.Flops);
        Assert.Equal(80.0 / 80.0, sum.ArithmeticIntensity);
        Assert.Equal(20.0 / 60.0, a.ArithmeticIntensity, 15);
        Assert.Equal(a, a + OpCost.Zero);
        Assert.Equal(0, OpCost.Zero.ArithmeticIntensity);
        Assert.Throws<OverflowException>(() => a + new OpCost { Macs = long.MaxValue });
    }

    [Fact]
    public void CountsTooLargeForALongOverflowInsteadOfWrapping() =>
        Assert.Throws<OverflowException>(() => CostModel.Pointwise(int.MaxValue, 1 << 20, 1 << 20, 1 << 10, 1 << 10, bias: false));

    [Fact]
    public void InvalidArgumentsNameTheParameterAndValue()
    {
        var geometry = ConvGeometry.Create(8, 8, 3, 1, 1, Padding.Valid);
        AssertRejected("batch", "0", () => CostModel.Convolution(0, 4, 4, 1, geometry, false));
        AssertRejected("inputChannels", "-1", () => CostModel.Convolution(1, -1, 4, 1, geometry, false));
        AssertRejected("outputChannels", "0", () => CostModel.Convolution(1, 4, 0, 1, geometry, false));
        AssertRejected("groups", "0", () => CostModel.Convolution(1, 4, 4, 0, geometry, false));
        AssertRejected("groups", "6", () => CostModel.Convolution(1, 6, 8, 4, geometry, false));
        AssertRejected("groups", "9", () => CostModel.Convolution(1, 8, 9, 4, geometry, false));
        AssertRejected("geometry", "ConvGeometry.Create", () => CostModel.Convolution(1, 4, 4, 1, default, false));
        AssertRejected("channels", "0", () => CostModel.Depthwise(1, 0, 1, geometry, false));
        AssertRejected("multiplier", "0", () => CostModel.Depthwise(1, 4, 0, geometry, false));
        AssertRejected("multiplier", "1073741824", () => CostModel.Depthwise(1, 4, 1 << 30, geometry, false));
        AssertRejected("height", "0", () => CostModel.Pointwise(1, 4, 4, 0, 4, false));
        AssertRejected("width", "-3", () => CostModel.Pointwise(1, 4, 4, 4, -3, false));
        AssertRejected("depthwiseGeometry", "ConvGeometry.Create", () => CostModel.Separable(1, 4, 4, 1, default, false));
        AssertRejected("outputChannels", "0", () => CostModel.SeparableSavingFormula(0, 3));
        AssertRejected("kernel", "0", () => CostModel.SeparableSavingFormula(4, new Size2D(3, 0)));
    }

    private static void AssertRejected(string parameter, string named, Action action)
    {
        var error = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(named, error.Message);
    }
}
