using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

/// <summary>The operators added for whole networks reject bad input once, naming the parameter.</summary>
public sealed class ModelOperatorValidationTests
{
    [Fact]
    public void BatchNormalizationChecksItsVectorsAndEpsilon()
    {
        var input = new Tensor([1, 3, 2, 2]);
        var three = new Tensor([3]);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => BatchNormalization.Forward(input, new Tensor([4]), three, null, null, 1e-5f)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentException>(() => BatchNormalization.Forward(input, three, three, new Tensor([3, 1]), null, 1e-5f)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormalization.Forward(input, three, three, null, null, -1f)).ParamName);
        var negative = new Tensor([1f, -1f, 1f], [3]);
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => BatchNormalization.Forward(input, three, negative, null, null, 1e-5f)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => BatchNormalization.Forward(new Tensor([3, 2]), three, three, null, null, 0f)).ParamName);
    }

    [Fact]
    public void ElementwiseOperatorsCheckShapes()
    {
        Assert.Equal("right", Assert.Throws<ArgumentException>(() => Elementwise.Add(new Tensor([1, 2, 3, 3]), new Tensor([1, 2, 3, 4]))).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentException>(() => Elementwise.Add(Tensor.Image(1, 2, 3, 3), Tensor.Image(1, 2, 3, 3, TensorLayout.Nhwc))).ParamName);
        Assert.Equal("scales", Assert.Throws<ArgumentException>(() => Elementwise.ScaleChannels(new Tensor([2, 3, 4, 4]), new Tensor([2, 4]))).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => GlobalAveragePool.Forward(new Tensor([2, 3]))).ParamName);
    }

    [Fact]
    public void ScaleChannelsTakesEitherScaleShape()
    {
        var input = ConvTestData.Image(new Random(1), 2, 3, 2, 2, TensorLayout.Nchw);
        var scales = ConvTestData.Tensor(new Random(2), 2, 3);
        var flat = Elementwise.ScaleChannels(input, scales);
        var image = Elementwise.ScaleChannels(input.ToLayout(TensorLayout.Nhwc), new Tensor(scales.Span.ToArray(), [2, 3, 1, 1])).ToLayout(TensorLayout.Nchw);
        for (var i = 0; i < input.Length; i++)
        {
            var plane = i / 4;
            Assert.Equal(input.Span[i] * scales.Span[plane], flat.Span[i], 1e-6);
            Assert.Equal(flat.Span[i], image.Span[i], 1e-6);
        }
    }

    [Fact]
    public void LinearChecksItsOperands()
    {
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => Linear.Forward(new Tensor([1, 4, 1, 1]), new Tensor([2, 4]))).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => Linear.Forward(new Tensor([1, 4]), new Tensor([2, 5]))).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Linear.Forward(new Tensor([1, 4]), new Tensor([2, 4]), new Tensor([3]))).ParamName);
    }
}
