using CsCheck;
using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Cost;

/// <summary>
/// The cost model's multiply-add counts against the multiply-adds the scalar reference kernels actually execute.
/// The rule: <see cref="OpCost.Macs"/> counts every tap, padding included (the papers' convention);
/// <see cref="OpCost.MacsExcludingPadding"/> counts the taps that read the input, which is what the references execute.
/// </summary>
public class CostModelAgreesWithKernelsTests
{
    private static readonly Gen<(int Batch, int Channels, int Multiplier, int Height, int Width, ConvGeometry Geometry)> Cases =
        from batch in Gen.Int[1, 2]
        from channels in Gen.Int[1, 6]
        from multiplier in Gen.Int[1, 3]
        from height in Gen.Int[1, 12]
        from width in Gen.Int[1, 12]
        from kernelHeight in Gen.Int[1, 5]
        from kernelWidth in Gen.Int[1, 5]
        from stride in Gen.Int[1, 3]
        from dilation in Gen.Int[1, 2]
        from pads in Gen.Int[0, 3].Array[4]
        let padding = Padding.Explicit(pads[0], pads[1], pads[2], pads[3])
        let fits = height + pads[0] + pads[2] >= ((kernelHeight - 1) * dilation) + 1 && width + pads[1] + pads[3] >= ((kernelWidth - 1) * dilation) + 1
        where fits
        select (batch, channels, multiplier, height, width, ConvGeometry.Create(height, width, new Size2D(kernelHeight, kernelWidth), stride, dilation, padding));

    [Fact]
    public void DepthwiseReferenceExecutesExactlyTheMacsExcludingPadding() => Cases.Sample(testCase =>
    {
        var (batch, channels, multiplier, height, width, geometry) = testCase;
        var outputChannels = channels * multiplier;
        var input = new float[batch * channels * height * width];
        var weights = new float[outputChannels * geometry.Taps];
        var output = new float[batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth];

        var executed = DepthwiseConvReference.Forward(input, weights, [], output, TensorLayout.Nchw, batch, channels, multiplier, geometry, Activation.None);

        var cost = CostModel.Depthwise(batch, channels, multiplier, geometry, bias: false);
        Assert.Equal(cost.MacsExcludingPadding, executed);
        Assert.Equal((long)batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth * geometry.Taps, cost.Macs);
        Assert.True(cost.Macs >= executed);
    }, iter: 300);

    [Fact]
    public void GroupedReferenceExecutesExactlyTheMacsExcludingPadding() => Cases.Sample(testCase =>
    {
        var (batch, channels, multiplier, height, width, geometry) = testCase;
        // Reuse the generated numbers as groups and channels per group: Cin = groups·channels, Cout = groups·multiplier.
        var groups = 1 + (channels % 3);
        var inputChannels = groups * channels;
        var outputChannels = groups * multiplier;
        var input = new float[batch * inputChannels * height * width];
        var weights = new float[outputChannels * channels * geometry.Taps];
        var output = new float[batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth];

        var executed = GroupedConvReference.Forward(input, weights, [], output, batch, inputChannels, outputChannels, groups, geometry, Activation.None, TensorLayout.Nchw);

        var cost = CostModel.Convolution(batch, inputChannels, outputChannels, groups, geometry, bias: false);
        Assert.Equal(cost.MacsExcludingPadding, executed);
        Assert.Equal((long)batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth * channels * geometry.Taps, cost.Macs);
    }, iter: 300);
}
