using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;

namespace Depthwise.Tests.Operators;

/// <summary>
/// A stem run inside the separable block that reads its output (<see cref="SeparableConv2dPlan.BindAfterStem"/>), band by
/// band into the block's expanded rows: against the stem and then the block run one after the other, bit for bit.
/// </summary>
[Trait("Category", "Kernel")]
[Collection(SteadyStateAllocationCollection.Name)]
public class StemSeparableFusionTests
{
    [Theory]
    //        batch, Cin, C, Cout, H, W, stem kernel, stem stride, block kernel, block stride, padding, threads
    [InlineData(1, 3, 32, 16, 224, 224, 3, 2, 3, 1, "same", 1)] // MobileNetV2's stem and features.1: several bands
    [InlineData(1, 3, 32, 16, 224, 224, 3, 2, 3, 1, "same", 2)] // chunks per thread, each recomputing its halo rows
    [InlineData(2, 3, 20, 24, 61, 47, 3, 2, 3, 1, "same", 1)] // a batch; channels not a multiple of a register (zeroed lanes)
    [InlineData(1, 4, 48, 8, 40, 33, 5, 1, 5, 2, "same", 2)] // 5×5 stem at stride 1, a stride-2 block
    [InlineData(1, 1, 16, 12, 31, 29, 3, 3, 3, 1, "valid", 1)] // stride-3 stem, valid padding
    public void A_stem_run_inside_the_block_gives_the_bits_of_the_two_in_sequence(
        int batch, int inputChannels, int channels, int outputChannels, int height, int width, int stemKernel, int stemStride, int kernel, int stride, string padding, int threads)
    {
        var random = new Random((channels * 31) + height);
        var stemOptions = new Conv2dOptions { Stride = stemStride, Padding = Padding.Parse(padding), Activation = Activation.Relu6, Threads = threads };
        var stem = Conv2d.Prepare(ConvTestData.Tensor(random, channels, inputChannels, stemKernel, stemKernel), ConvTestData.Tensor(random, channels), 1, stemOptions);
        var blockOptions = new SeparableConv2dOptions
        {
            Stride = stride,
            Padding = Padding.Parse(padding),
            DepthwiseActivation = Activation.Relu6,
            PointwiseActivation = Activation.None,
            Threads = threads,
        };
        var block = SeparableConv2d.Prepare(
            ConvTestData.Tensor(random, channels, 1, kernel, kernel), ConvTestData.Tensor(random, channels), ConvTestData.Tensor(random, outputChannels, channels, 1, 1), null, blockOptions);
        var input = ConvTestData.Image(random, batch, inputChannels, height, width, TensorLayout.Nchw);
        var stemOutput = stem.Forward(input);
        var expected = block.Forward(stemOutput);

        var output = Tensor.Image(expected.Batch, expected.Channels, expected.Height, expected.Width, TensorLayout.Nchw);
        var fused = block.BindAfterStem(stem.Bind(input, stemOutput), stemOutput, output, () => input);
        Assert.NotNull(fused);

        // The stem's output buffer is neither read nor written: NaNs there change nothing.
        stemOutput.Span.Fill(float.NaN);
        fused();
        SeparableConv2dPlanTests.AssertIdentical(expected, output, "fused");
        output.Span.Clear();
        fused();
        SeparableConv2dPlanTests.AssertIdentical(expected, output, "fused, run again");
    }

    [Fact]
    public void The_fused_call_allocates_nothing_on_one_thread()
    {
        var random = new Random(3);
        var stem = Conv2d.Prepare(
            ConvTestData.Tensor(random, 32, 3, 3, 3), ConvTestData.Tensor(random, 32), 1, new Conv2dOptions { Stride = 2, Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = 1 });
        var block = SeparableConv2d.Prepare(
            ConvTestData.Tensor(random, 32, 1, 3, 3), null, ConvTestData.Tensor(random, 16, 32, 1, 1), null, new SeparableConv2dOptions { Padding = Padding.SameUpper, Threads = 1 });
        var input = ConvTestData.Image(random, 1, 3, 64, 64, TensorLayout.Nchw);
        var stemOutput = stem.Forward(input);
        var output = block.Forward(stemOutput);
        var fused = block.BindAfterStem(stem.Bind(input, stemOutput), stemOutput, output, () => input)!;
        fused();
        Assert.Equal(0, SteadyStateAllocation.Bytes(fused, callsPerRound: 5));
    }

    [Fact]
    public void Pairs_that_cannot_be_fused_give_no_call()
    {
        var random = new Random(4);
        var stemOptions = new Conv2dOptions { Stride = 2, Padding = Padding.SameUpper, Threads = 1 };
        var stem = Conv2d.Prepare(ConvTestData.Tensor(random, 8, 3, 3, 3), null, 1, stemOptions);
        var input = ConvTestData.Image(random, 1, 3, 20, 20, TensorLayout.Nchw);
        var stemOutput = stem.Forward(input);
        var stemCall = stem.Bind(input, stemOutput);
        var blockOptions = new SeparableConv2dOptions { Padding = Padding.SameUpper, Threads = 1 };

        // Depth multiplier 2: the block's depthwise stage does not read the stem's channels one to one.
        var multiplied = SeparableConv2d.Prepare(ConvTestData.Tensor(random, 16, 1, 3, 3), null, ConvTestData.Tensor(random, 4, 16, 1, 1), null, blockOptions);
        Assert.Null(multiplied.BindAfterStem(stemCall, stemOutput, multiplied.Forward(stemOutput), () => input));

        // A stem that is not a few-channel convolution (a 1×1) cannot write its rows into the block.
        var pointwise = Conv2d.Prepare(ConvTestData.Tensor(random, 8, 3, 1, 1), options: new Conv2dOptions { Threads = 1 });
        var pointwiseOutput = pointwise.Forward(input);
        var block = SeparableConv2d.Prepare(ConvTestData.Tensor(random, 8, 1, 3, 3), null, ConvTestData.Tensor(random, 4, 8, 1, 1), null, blockOptions);
        Assert.Null(block.BindAfterStem(pointwise.Bind(input, pointwiseOutput), pointwiseOutput, block.Forward(pointwiseOutput), () => input));
    }
}
