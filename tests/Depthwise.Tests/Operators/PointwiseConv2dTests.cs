using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

[Trait("Category", "Kernel")]
public class PointwiseConv2dTests
{
    [Theory]
    // batch, Cin, Cout, H, W, activation, bias
    [InlineData(1, 1, 1, 1, 1, "none", false)]
    [InlineData(1, 3, 5, 7, 7, "relu", true)]
    [InlineData(2, 24, 144, 9, 9, "relu6", true)]
    [InlineData(3, 33, 17, 5, 6, "hardswish", true)]
    [InlineData(1, 144, 24, 4, 4, "none", true)]
    [InlineData(1, 16, 32, 1, 37, "clip:-1,0.25", false)]
    public void MatchesTheReferenceInBothLayouts(int batch, int inputChannels, int outputChannels, int height, int width, string activation, bool withBias)
    {
        var parsed = Activation.Parse(activation);
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            var random = new Random(inputChannels + outputChannels);
            var input = ConvTestData.Image(random, batch, inputChannels, height, width, layout);
            var weights = ConvTestData.Tensor(random, outputChannels, inputChannels, 1, 1);
            var bias = withBias ? ConvTestData.Tensor(random, outputChannels) : null;

            var expected = PointwiseConv2d.Reference(input, weights, bias, parsed);
            var actual = PointwiseConv2d.Forward(input, weights, bias, parsed, threads: 2);

            var magnitude = ConvTestData.Magnitude(input, weights, bias, 1, Conv2dOptions.Default);
            ConvTestData.AssertClose(expected, actual, magnitude, $"pointwise {layout}");
        }
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void EqualsConv2dWithAOneByOneKernelAndAcceptsTwoDimensionalWeights(TensorLayout layout)
    {
        var random = new Random(2);
        var input = ConvTestData.Image(random, 2, 12, 6, 5, layout);
        var weights = ConvTestData.Tensor(random, 20, 12, 1, 1);
        var flatWeights = new Tensor(weights.Span.ToArray(), [20, 12]);
        var bias = ConvTestData.Tensor(random, 20);
        var options = new Conv2dOptions { Activation = Activation.HardSwish };

        var conv = Conv2d.Forward(input, weights, bias, 1, options);
        var pointwise = PointwiseConv2d.Forward(input, weights, bias, Activation.HardSwish);
        var pointwiseFlat = PointwiseConv2d.Forward(input, flatWeights, bias, Activation.HardSwish);

        var magnitude = ConvTestData.Magnitude(input, weights, bias, 1, options);
        ConvTestData.AssertClose(conv, pointwise, magnitude, "pointwise vs conv 1x1");
        ConvTestData.AssertClose(conv, pointwiseFlat, magnitude, "pointwise (Cout, Cin) weights vs conv 1x1");
    }

    [Fact]
    public void NhwcIsTheTransposeOfNchw()
    {
        var random = new Random(4);
        var input = ConvTestData.Image(random, 2, 24, 7, 9, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, 40, 24);
        var bias = ConvTestData.Tensor(random, 40);

        var nchw = PointwiseConv2d.Forward(input, weights, bias, Activation.Relu);
        var nhwc = PointwiseConv2d.Forward(input.ToLayout(TensorLayout.Nhwc), weights, bias, Activation.Relu);

        var magnitude = ConvTestData.Magnitude(input, new Tensor(weights.Span.ToArray(), [40, 24, 1, 1]), bias, 1, Conv2dOptions.Default);
        ConvTestData.AssertClose(nchw, nhwc.ToLayout(TensorLayout.Nchw), magnitude, "pointwise NHWC vs NCHW");
    }

    [Fact]
    public void ForwardIntoAnOutputWritesEveryElement()
    {
        var random = new Random(8);
        var input = ConvTestData.Image(random, 1, 8, 5, 5, TensorLayout.Nhwc);
        var weights = ConvTestData.Tensor(random, 3, 8);
        var output = Tensor.Image(1, 3, 5, 5, TensorLayout.Nhwc);
        output.Span.Fill(float.NaN);

        PointwiseConv2d.Forward(input, weights, null, output);

        Assert.Equal(PointwiseConv2d.Reference(input, weights).Span.Length, output.Span.Length);
        Assert.DoesNotContain(output.Span.ToArray(), float.IsNaN);
    }
}
