using System.Globalization;
using CsCheck;
using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

[Trait("Category", "Kernel")]
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class FewChannelConvKernelTests
{
    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.3f, 0.7f)];

    [Theory]
    // Cin, Cout, H, W, k, stride, padding: the stems of MobileNetV1/V2/V3 and PP-OCR det, a 4-channel (RGBA) input, a 7×7 stem.
    [InlineData(3, 32, 224, 224, 3, 2, "same")]
    [InlineData(3, 16, 64, 96, 3, 2, "1")]
    [InlineData(4, 24, 30, 41, 3, 2, "1")]
    [InlineData(3, 64, 40, 40, 7, 2, "3")]
    [InlineData(1, 9, 17, 33, 5, 1, "2")]
    public void StemShapesMatchTheReference(int inputChannels, int outputChannels, int height, int width, int kernel, int stride, string padding)
    {
        var options = new Conv2dOptions { Stride = stride, Padding = Padding.Parse(padding), Activation = Activation.Relu6 };
        Assert.True(FewChannelConvKernel.Suits(TensorLayout.Nchw, inputChannels, 1, Conv2d.Geometry(Tensor.Image(1, inputChannels, height, width), new Tensor([outputChannels, inputChannels, kernel, kernel]), 1, options)));
        Conv2dTests.CompareWithReference(new Random(outputChannels), 1, inputChannels, outputChannels, 1, height, width, kernel, kernel, withBias: true, options, TensorLayout.Nchw);
    }

    [Fact]
    public void RandomGeometriesMatchTheReference()
    {
        // Widths below, at and past one and two registers of every tier (1, 4, 8, 16 lanes); output channels around the block of 8.
        var shapes = Gen.Select(Gen.Int[1, 2], Gen.Int[1, 4], Gen.OneOfConst(1, 2, 5, 7, 8, 9, 16, 17, 33), Gen.Bool);
        var kernels = Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Int[1, 2], Gen.Int[1, 2]);
        var sizes = Gen.Select(Gen.Int[0, 12], Gen.OneOfConst(0, 1, 3, 7, 15, 16, 17, 30, 31, 33, 47), Gen.Int[0, int.MaxValue]);
        var paddings = Gen.OneOf(
            Gen.Const(Padding.Valid),
            Gen.Const(Padding.SameUpper),
            Gen.Const(Padding.SameLower),
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], Padding.Explicit));

        Gen.Select(shapes, kernels, sizes, paddings).Sample(
            (shape, kernel, size, padding) =>
            {
                var (batch, inputChannels, outputChannels, withBias) = shape;
                var (kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth) = kernel;
                var (extraHeight, extraWidth, seed) = size;
                var height = ((kernelHeight - 1) * dilationHeight) + 1 + extraHeight;
                var width = ((kernelWidth - 1) * dilationWidth) + 1 + extraWidth;
                var options = new Conv2dOptions
                {
                    Stride = new Size2D(strideHeight, strideWidth),
                    Dilation = new Size2D(dilationHeight, dilationWidth),
                    Padding = padding,
                    Activation = Activations[seed % Activations.Length],
                };
                Conv2dTests.CompareWithReference(
                    new Random(seed), batch, inputChannels, outputChannels, 1, height, width, kernelHeight, kernelWidth, withBias, options, TensorLayout.Nchw);
            },
            iter: 200);
    }

    [Fact]
    public void StrideTwoRowsOfEveryWidthAndLeftPadMatchTheReference()
    {
        // Stride-2 band rows are split into even/odd phases a register of column pairs at a time, with the unpaired
        // first (odd left pad) and last (odd width) columns copied alone; rows end in whole pairs of registers, then one
        // register or a pair pulled back. Output widths 1–70 cover every remainder at 1, 4, 8 and 16 lanes.
        var random = new Random(23);
        for (var outputWidth = 1; outputWidth <= 70; outputWidth++)
        {
            for (var padLeft = 0; padLeft <= 3; padLeft++)
            {
                var kernelWidth = 1 + ((outputWidth + padLeft) % 4);
                var inputChannels = 1 + (outputWidth % 4);

                // Input width so that the output has outputWidth columns: 2·(Wo − 1) + kW − padLeft − padRight, padRight ∈ {0, 1}.
                var padRight = outputWidth % 2;
                var width = (2 * (outputWidth - 1)) + kernelWidth - padLeft - padRight;
                if (width < 1)
                {
                    continue;
                }

                var options = new Conv2dOptions
                {
                    Stride = new Size2D(2, 2),
                    Padding = Padding.Explicit(1, padLeft, 0, padRight),
                    Activation = Activations[outputWidth % Activations.Length],
                };
                Conv2dTests.CompareWithReference(random, 1, inputChannels, 9, 1, 5, width, 3, kernelWidth, withBias: padLeft % 2 == 0, options, TensorLayout.Nchw);
            }
        }
    }

    [Fact]
    public void ResultDoesNotDependOnTheThreadCountAndPlansMatchTheStaticForward()
    {
        var random = new Random(21);
        var input = ConvTestData.Image(random, 2, 3, 58, 61, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 20, 3, 3, 3);
        var bias = ConvTestData.Tensor(random, 20);
        var options = new Conv2dOptions { Stride = 2, Padding = Padding.SameUpper, Activation = Activation.HardSwish, Threads = 1 };
        var single = Conv2d.Forward(input, weights, bias, 1, options);
        foreach (var threads in new[] { 2, 3, 7 })
        {
            var many = Conv2d.Forward(input, weights, bias, 1, options with { Threads = threads });
            Assert.True(single.Span.SequenceEqual(many.Span), string.Create(CultureInfo.InvariantCulture, $"{threads} threads differ from 1."));
            var planned = Conv2d.Prepare(weights, bias, 1, options with { Threads = threads }).Forward(input);
            Assert.True(single.Span.SequenceEqual(planned.Span), string.Create(CultureInfo.InvariantCulture, $"the plan on {threads} threads differs from the static forward."));
        }
    }

    [Fact]
    public void PlanForwardDoesNotAllocateOnOneThreadOnceWarm()
    {
        var random = new Random(22);
        var input = ConvTestData.Image(random, 1, 3, 64, 64, TensorLayout.Nchw);
        var plan = Conv2d.Prepare(
            ConvTestData.Tensor(random, 32, 3, 3, 3), ConvTestData.Tensor(random, 32), 1,
            new Conv2dOptions { Stride = 2, Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = 1 });
        var output = Tensor.Image(1, 32, 32, 32);
        plan.Forward(input, output);

        Assert.Equal(0, Infrastructure.SteadyStateAllocation.Bytes(() => plan.Forward(input, output)));
    }

    [Fact]
    public void ManyInputChannelsAndOtherLayoutsStayOnTheGemmPath()
    {
        var geometry = ConvGeometry.Create(32, 32, new Size2D(3, 3), new Size2D(2, 2), new Size2D(1, 1), Padding.SameUpper);
        Assert.False(FewChannelConvKernel.Suits(TensorLayout.Nchw, 5, 1, geometry));
        Assert.False(FewChannelConvKernel.Suits(TensorLayout.Nhwc, 3, 1, geometry));
        Assert.False(FewChannelConvKernel.Suits(TensorLayout.Nchw, 4, 2, geometry));
        Assert.True(FewChannelConvKernel.Suits(TensorLayout.Nchw, 3, 1, geometry));
    }
}
