using System.Globalization;
using CsCheck;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;

namespace Depthwise.Tests.Operators;

[Trait("Category", "Kernel")]
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class Conv2dTests
{
    [Theory]
    // batch, Cin, Cout, groups, H, W, kH, kW, sH, sW, dH, dW, padding, activation, bias
    // groups = 1: the traditional convolution
    [InlineData(1, 1, 1, 1, 5, 5, 1, 1, 1, 1, 1, 1, "valid", "none", false)]
    [InlineData(1, 3, 8, 1, 9, 9, 3, 3, 1, 1, 1, 1, "same", "relu", true)]
    [InlineData(3, 5, 7, 1, 8, 11, 3, 3, 2, 2, 1, 1, "same-lower", "relu6", true)]
    [InlineData(1, 17, 33, 1, 6, 7, 5, 5, 1, 1, 1, 1, "2", "hardswish", true)]
    [InlineData(2, 33, 16, 1, 7, 6, 1, 3, 1, 1, 1, 1, "0,1,0,1", "none", true)]
    [InlineData(1, 8, 9, 1, 9, 7, 3, 1, 2, 1, 1, 1, "1,0,1,0", "clip:-0.5,0.5", false)]
    [InlineData(1, 4, 6, 1, 13, 13, 3, 3, 3, 3, 3, 3, "0,2,3,1", "relu", true)]
    [InlineData(1, 2, 3, 1, 10, 9, 4, 2, 1, 3, 2, 1, "same", "none", true)]
    [InlineData(2, 6, 5, 1, 5, 5, 1, 1, 2, 2, 1, 1, "valid", "none", true)]
    [InlineData(1, 6, 5, 1, 5, 5, 1, 1, 1, 1, 1, 1, "1", "relu", true)]
    // groups = 2 and 3
    [InlineData(1, 4, 6, 2, 7, 7, 3, 3, 1, 1, 1, 1, "same", "relu6", true)]
    [InlineData(3, 6, 6, 3, 9, 8, 3, 3, 2, 1, 1, 1, "same-lower", "hardswish", false)]
    [InlineData(1, 10, 4, 2, 11, 11, 5, 5, 1, 1, 2, 2, "4", "none", true)]
    [InlineData(1, 32, 64, 2, 6, 6, 1, 1, 1, 1, 1, 1, "valid", "relu", true)]
    // groups = C: depthwise (and depthwise with multiplier 2)
    [InlineData(1, 16, 16, 16, 8, 8, 3, 3, 1, 1, 1, 1, "same", "relu6", true)]
    [InlineData(3, 33, 33, 33, 7, 9, 3, 3, 2, 2, 1, 1, "same", "none", true)]
    [InlineData(1, 5, 10, 5, 9, 9, 5, 5, 1, 1, 1, 1, "2,2,2,2", "hardswish", true)]
    [InlineData(1, 7, 7, 7, 12, 12, 3, 3, 1, 1, 3, 3, "3,3,3,3", "relu", false)]
    [InlineData(2, 9, 9, 9, 6, 6, 1, 1, 1, 1, 1, 1, "valid", "none", true)]
    [InlineData(1, 12, 12, 12, 10, 8, 3, 1, 2, 1, 1, 1, "same", "relu", true)]
    public void MatchesTheReference(
        int batch, int inputChannels, int outputChannels, int groups, int height, int width, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int dilationHeight, int dilationWidth, string padding, string activation, bool withBias)
    {
        var options = new Conv2dOptions
        {
            Stride = new Size2D(strideHeight, strideWidth),
            Dilation = new Size2D(dilationHeight, dilationWidth),
            Padding = Padding.Parse(padding),
            Activation = Activation.Parse(activation),
        };
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            var random = new Random(inputChannels * 31 + outputChannels);
            CompareWithReference(random, batch, inputChannels, outputChannels, groups, height, width, kernelHeight, kernelWidth, withBias, options, layout);
        }
    }

    [Fact]
    public void RandomGeometriesMatchTheReference()
    {
        var paddings = Gen.OneOf(
            Gen.Const(Padding.Valid),
            Gen.Const(Padding.SameUpper),
            Gen.Const(Padding.SameLower),
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], Padding.Explicit));
        var activations = Gen.OneOfConst(Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.3f, 0.7f));
        var shapes = Gen.Select(Gen.Int[1, 3], Gen.Int[1, 5], Gen.Int[1, 5], Gen.OneOfConst(1, 2, 3, 0), Gen.Bool);
        var kernels = Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Int[1, 3]);
        var sizes = Gen.Select(Gen.Int[0, 6], Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.OneOfConst(TensorLayout.Nchw, TensorLayout.Nhwc));

        Gen.Select(shapes, kernels, sizes, paddings, activations).Sample(
            (shape, kernel, size, padding, activation) =>
            {
                var (batch, inputPerGroup, outputPerGroup, groupChoice, withBias) = shape;
                var (kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth) = kernel;
                var (extraHeight, extraWidth, seed, layout) = size;

                // groups 0 stands for depthwise: one input channel per group, as many groups as channels.
                var groups = groupChoice == 0 ? 2 + (seed % 7) : groupChoice;
                var inputPerGroupUsed = groupChoice == 0 ? 1 : inputPerGroup;

                // The image is at least one dilated kernel tall and wide, so every padding mode fits.
                var height = ((kernelHeight - 1) * dilationHeight) + 1 + extraHeight;
                var width = ((kernelWidth - 1) * dilationWidth) + 1 + extraWidth;
                var options = new Conv2dOptions
                {
                    Stride = new Size2D(strideHeight, strideWidth),
                    Dilation = new Size2D(dilationHeight, dilationWidth),
                    Padding = padding,
                    Activation = activation,
                };
                CompareWithReference(
                    new Random(seed), batch, inputPerGroupUsed * groups, outputPerGroup * groups, groups, height, width, kernelHeight, kernelWidth, withBias, options, layout);
            },
            iter: 300);
    }

    [Theory]
    [InlineData(1, 4, 6, 1, 3, 1, "same")]
    [InlineData(2, 6, 6, 3, 3, 2, "1,0,2,1")]
    [InlineData(1, 8, 8, 8, 5, 1, "same-lower")]
    [InlineData(3, 10, 12, 2, 1, 1, "valid")]
    public void NhwcIsTheTransposeOfNchw(int batch, int inputChannels, int outputChannels, int groups, int kernel, int stride, string padding)
    {
        var random = new Random(5);
        var input = ConvTestData.Image(random, batch, inputChannels, 9, 10, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, outputChannels, inputChannels / groups, kernel, kernel);
        var bias = ConvTestData.Tensor(random, outputChannels);
        var options = new Conv2dOptions { Stride = stride, Padding = Padding.Parse(padding), Activation = Activation.Relu6 };

        var nchw = Conv2d.Forward(input, weights, bias, groups, options);
        var nhwc = Conv2d.Forward(input.ToLayout(TensorLayout.Nhwc), weights, bias, groups, options);

        Assert.Equal(TensorLayout.Nhwc, nhwc.Layout);
        ConvTestData.AssertClose(nchw, nhwc.ToLayout(TensorLayout.Nchw), ConvTestData.Magnitude(input, weights, bias, groups, options), "NHWC vs NCHW");
    }

    [Fact]
    public void ForwardIntoAnOutputOverwritesItAndMatchesTheAllocatingForward()
    {
        var random = new Random(3);
        var input = ConvTestData.Image(random, 2, 4, 8, 8, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 6, 2, 3, 3);
        var options = new Conv2dOptions { Padding = Padding.SameUpper, Stride = 2 };
        var output = Tensor.Image(2, 6, 4, 4);
        output.Span.Fill(float.NaN);

        Conv2d.Forward(input, weights, null, output, groups: 2, options);

        Assert.Equal(Conv2d.Forward(input, weights, null, 2, options).Span.ToArray(), output.Span.ToArray());
    }

    [Fact]
    public void ResultDoesNotDependOnTheThreadCount()
    {
        var random = new Random(11);
        var input = ConvTestData.Image(random, 2, 16, 20, 20, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 40, 16, 3, 3);
        var single = Conv2d.Forward(input, weights, null, 1, new Conv2dOptions { Padding = Padding.SameUpper, Threads = 1 });
        foreach (var threads in new[] { 2, 3, 7 })
        {
            var many = Conv2d.Forward(input, weights, null, 1, new Conv2dOptions { Padding = Padding.SameUpper, Threads = threads });
            Assert.True(single.Span.SequenceEqual(many.Span), string.Create(CultureInfo.InvariantCulture, $"{threads} threads differ from 1."));
        }
    }

    [Theory]
    [InlineData(1, 1, TensorLayout.Nchw)]
    [InlineData(3, 1, TensorLayout.Nhwc)]
    [InlineData(1, 2, TensorLayout.Nchw)]
    public void ForwardIntoAnOutputDoesNotAllocateOnOneThreadOnceWarm(int kernel, int groups, TensorLayout layout)
    {
        var random = new Random(12);
        var input = ConvTestData.Image(random, 1, 8, 12, 12, layout);
        var weights = ConvTestData.Tensor(random, 16, 8 / groups, kernel, kernel);
        var bias = ConvTestData.Tensor(random, 16);
        var options = new Conv2dOptions { Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = 1 };
        var output = Tensor.Image(1, 16, 12, 12, layout);
        Conv2d.Forward(input, weights, bias, output, groups, options);

        Assert.Equal(0, SteadyStateAllocation.Bytes(() => Conv2d.Forward(input, weights, bias, output, groups, options), callsPerRound: 1));
    }

    [Fact]
    public void GeometryReportsTheOutputSizeAndPads()
    {
        var input = Tensor.Image(1, 4, 15, 20);
        var weights = new Tensor([8, 2, 3, 5]);
        var geometry = Conv2d.Geometry(input, weights, 2, new Conv2dOptions { Stride = new Size2D(2, 1), Padding = Padding.SameUpper });
        Assert.Equal((8, 20), (geometry.OutputHeight, geometry.OutputWidth));
        Assert.Equal((1, 2, 1, 2), (geometry.PadTop, geometry.PadLeft, geometry.PadBottom, geometry.PadRight));
    }

    internal static void CompareWithReference(
        Random random, int batch, int inputChannels, int outputChannels, int groups, int height, int width, int kernelHeight, int kernelWidth,
        bool withBias, Conv2dOptions options, TensorLayout layout)
    {
        var input = ConvTestData.Image(random, batch, inputChannels, height, width, layout);
        var weights = ConvTestData.Tensor(random, outputChannels, inputChannels / groups, kernelHeight, kernelWidth);
        var bias = withBias ? ConvTestData.Tensor(random, outputChannels) : null;

        var expected = Conv2d.Reference(input, weights, bias, groups, options);
        var actual = Conv2d.Forward(input, weights, bias, groups, options);

        var context = string.Create(
            CultureInfo.InvariantCulture,
            $"N={batch} Cin={inputChannels} Cout={outputChannels} g={groups} {height}x{width} k={kernelHeight}x{kernelWidth} stride={options.Stride} dilation={options.Dilation} pad={options.Padding} {options.Activation} bias={withBias} {layout}");
        ConvTestData.AssertClose(expected, actual, ConvTestData.Magnitude(input, weights, bias, groups, options), context);
    }
}
