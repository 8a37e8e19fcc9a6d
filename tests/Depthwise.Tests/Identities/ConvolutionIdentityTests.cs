using CsCheck;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Identities;

/// <summary>
/// Algebraic identities between the operators, checked on random shapes (CsCheck): each side is computed by a
/// different code path, so an error in either breaks the identity.
/// </summary>
public class ConvolutionIdentityTests
{
    private static readonly Gen<Padding> Paddings = Gen.OneOf(
        Gen.Const(Padding.Valid),
        Gen.Const(Padding.SameUpper),
        Gen.Const(Padding.SameLower),
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 2], Padding.Explicit));

    private static readonly Gen<Activation> Activations = Gen.OneOf(
        Gen.Const(Activation.None), Gen.Const(Activation.Relu), Gen.Const(Activation.Relu6), Gen.Const(Activation.HardSwish), Gen.Const(Activation.Clip(-0.5f, 0.25f)));

    // (batch, channels, multiplier, height, width, kernelHeight, kernelWidth, options, layout, seed)
    private static readonly Gen<DepthwiseShape> Shapes =
        from batch in Gen.Int[1, 3]
        from channels in Gen.Int[1, 20]
        from multiplier in Gen.Int[1, 3]
        from kernelHeight in Gen.Int[1, 5]
        from kernelWidth in Gen.Int[1, 5]
        from strideHeight in Gen.Int[1, 3]
        from strideWidth in Gen.Int[1, 3]
        from dilation in Gen.Int[1, 2]
        from padding in Paddings
        from activation in Activations
        from extraHeight in Gen.Int[0, 9]
        from extraWidth in Gen.Int[0, 9]
        from layout in Gen.OneOf(Gen.Const(TensorLayout.Nchw), Gen.Const(TensorLayout.Nhwc))
        from seed in Gen.Int
        select new DepthwiseShape(
            batch, channels, multiplier,
            ((kernelHeight - 1) * dilation) + 1 + extraHeight, ((kernelWidth - 1) * dilation) + 1 + extraWidth,
            new Size2D(kernelHeight, kernelWidth),
            new Conv2dOptions { Stride = new Size2D(strideHeight, strideWidth), Dilation = dilation, Padding = padding, Activation = activation, Threads = 1 },
            layout, seed);

    [Fact]
    public void DepthwiseIsGroupedConvolutionWithOneGroupPerChannel() => Shapes.Sample(shape =>
    {
        var (input, weights, bias) = shape.Tensors();
        var depthwise = DepthwiseConv2d.Reference(input, weights, bias, shape.Options);
        var grouped = Conv2d.Reference(input, weights, bias, shape.Channels, shape.Options);
        var optimized = DepthwiseConv2d.Forward(input, weights, bias, shape.Options);
        var magnitude = ConvTestData.Magnitude(input, weights, bias, shape.Channels, shape.Options);
        ConvTestData.AssertClose(grouped, depthwise, magnitude, $"depthwise reference vs grouped reference, {shape}");
        ConvTestData.AssertClose(grouped, optimized, magnitude, $"depthwise kernel vs grouped reference, {shape}");
    }, iter: 150);

    [Fact]
    public void SeparableIsDepthwiseThenPointwise() => Shapes.Sample(shape =>
    {
        var random = new Random(shape.Seed + 1);
        var (input, depthwiseWeights, depthwiseBias) = shape.Tensors();
        var outputChannels = 1 + random.Next(12);
        var pointwiseWeights = ConvTestData.Tensor(random, outputChannels, shape.Channels * shape.Multiplier, 1, 1);
        var pointwiseBias = ConvTestData.Tensor(random, outputChannels);
        var options = new SeparableConv2dOptions
        {
            Stride = shape.Options.Stride,
            Dilation = shape.Options.Dilation,
            Padding = shape.Options.Padding,
            DepthwiseActivation = shape.Options.Activation,
            PointwiseActivation = Activation.Relu6,
            Threads = 1,
        };

        var middle = DepthwiseConv2d.Reference(input, depthwiseWeights, depthwiseBias, shape.Options);
        var composed = PointwiseConv2d.Reference(middle, pointwiseWeights, pointwiseBias, Activation.Relu6);
        var separable = SeparableConv2d.Forward(input, depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options);
        var separableReference = SeparableConv2d.Reference(input, depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options);

        // Σ|terms| of the composition bounds the rounding of both halves.
        var middleMagnitude = DepthwiseConv2d.Reference(ConvTestData.Abs(input), ConvTestData.Abs(depthwiseWeights), ConvTestData.Abs(depthwiseBias), shape.Options with { Activation = Activation.None });
        var magnitude = PointwiseConv2d.Reference(middleMagnitude, ConvTestData.Abs(pointwiseWeights), ConvTestData.Abs(pointwiseBias));
        ConvTestData.AssertClose(composed, separable, magnitude, $"separable vs depthwise∘pointwise, {shape}");
        ConvTestData.AssertClose(composed, separableReference, magnitude, $"separable reference vs depthwise∘pointwise, {shape}");
    }, iter: 100);

    [Fact]
    public void NhwcIsTransposedNchw() => Shapes.Sample(shape =>
    {
        var (input, weights, bias) = shape.Tensors();
        var nchw = DepthwiseConv2d.Forward(input.ToLayout(TensorLayout.Nchw), weights, bias, shape.Options);
        var nhwc = DepthwiseConv2d.Forward(input.ToLayout(TensorLayout.Nhwc), weights, bias, shape.Options);
        Assert.Equal(TensorLayout.Nhwc, nhwc.Layout);
        Assert.Equal(nchw.Span.ToArray(), nhwc.ToLayout(TensorLayout.Nchw).Span.ToArray());
    }, iter: 100);

    [Fact]
    public void ResultDoesNotDependOnThreadCount() => Shapes.Sample(shape =>
    {
        var (input, weights, bias) = shape.Tensors();
        var one = DepthwiseConv2d.Forward(input, weights, bias, shape.Options with { Threads = 1 });
        var two = DepthwiseConv2d.Forward(input, weights, bias, shape.Options with { Threads = 2 });
        var five = DepthwiseConv2d.Forward(input, weights, bias, shape.Options with { Threads = 5 });
        Assert.Equal(one.Span.ToArray(), two.Span.ToArray());
        Assert.Equal(one.Span.ToArray(), five.Span.ToArray());
    }, iter: 60);

    internal sealed record DepthwiseShape(int Batch, int Channels, int Multiplier, int Height, int Width, Size2D Kernel, Conv2dOptions Options, TensorLayout Layout, int Seed)
    {
        public (Tensor Input, Tensor Weights, Tensor Bias) Tensors()
        {
            var random = new Random(Seed);
            return (
                ConvTestData.Image(random, Batch, Channels, Height, Width, Layout),
                ConvTestData.Tensor(random, Channels * Multiplier, 1, Kernel.Height, Kernel.Width),
                ConvTestData.Tensor(random, Channels * Multiplier));
        }

        public override string ToString() =>
            $"N{Batch} C{Channels} M{Multiplier} {Height}x{Width} k{Kernel} s{Options.Stride} d{Options.Dilation} pad {Options.Padding} {Options.Activation} {Layout}";
    }
}
