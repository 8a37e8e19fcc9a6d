using Depthwise.Geometry;
using Depthwise.Nn;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;
using Conv2d = Depthwise.Nn.Conv2d;
using DepthwiseConv2d = Depthwise.Nn.DepthwiseConv2d;
using GlobalAveragePool = Depthwise.Nn.GlobalAveragePool;
using Linear = Depthwise.Nn.Linear;
using PointwiseConv2d = Depthwise.Nn.PointwiseConv2d;

namespace Depthwise.Tests.Nn;

/// <summary>Each module against an independent computation: the operators' scalar references or a loop written here.</summary>
public sealed class LayerModuleTests
{
    private const float Tolerance = 1e-4f;

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void ConvolutionWithGroupsDilationAndAsymmetricPaddingMatchesTheReference(TensorLayout layout)
    {
        var random = new Random(1);
        var options = new Conv2dOptions { Stride = new(2, 1), Dilation = new(1, 2), Padding = Padding.Explicit(1, 0, 2, 3), Activation = Activation.Relu6 };
        var module = new Conv2d(4, 6, new Size2D(3, 2), groups: 2, options: options);
        Initialization.KaimingUniform(module.Weight.Value, random);
        Initialization.Uniform(module.Bias!.Value, random, -1, 1);
        var input = ConvTestData.Image(random, 2, 4, 9, 7, TensorLayout.Nchw);

        var actual = module.Forward(input.ToLayout(layout)).ToLayout(TensorLayout.Nchw);
        var expected = Depthwise.Operators.Conv2d.Reference(input, module.Weight.Value, module.Bias.Value, 2, options);

        AssertClose(expected.Span, actual.Span);
        Assert.Equal(module.Describe(input.Shape).OutputShape, actual.ShapeArray());
    }

    [Fact]
    public void DepthwiseWithMultiplierMatchesTheReference()
    {
        var random = new Random(2);
        var options = new Conv2dOptions { Stride = 2, Padding = Padding.SameUpper };
        var module = new DepthwiseConv2d(3, 5, depthMultiplier: 2, options: options);
        Initialization.KaimingNormal(module.Weight.Value, random);
        var input = ConvTestData.Image(random, 1, 3, 11, 10, TensorLayout.Nchw);

        var actual = module.Forward(input);
        var expected = Depthwise.Operators.DepthwiseConv2d.Reference(input, module.Weight.Value, module.Bias!.Value, options);

        AssertClose(expected.Span, actual.Span);
        Assert.Equal([6, 1, 5, 5], module.Weight.Value.ShapeArray());
        Assert.Equal(module.Describe(input.Shape).OutputShape, actual.ShapeArray());
    }

    [Fact]
    public void PointwiseMatchesTheReference()
    {
        var random = new Random(3);
        var module = new PointwiseConv2d(5, 7, activation: Activation.HardSwish);
        Initialization.KaimingNormal(module.Weight.Value, random);
        Initialization.Uniform(module.Bias!.Value, random, -1, 1);
        var input = ConvTestData.Image(random, 2, 5, 4, 3, TensorLayout.Nchw);

        var expected = Depthwise.Operators.PointwiseConv2d.Reference(input, module.Weight.Value, module.Bias.Value, Activation.HardSwish);
        AssertClose(expected.Span, module.Forward(input).Span);
    }

    [Fact]
    public void LinearMatchesALoop()
    {
        var random = new Random(4);
        var module = new Linear(9, 4);
        Initialization.XavierUniform(module.Weight.Value, random);
        Initialization.Uniform(module.Bias!.Value, random, -1, 1);
        var input = ConvTestData.Tensor(random, 3, 9);

        var actual = module.Forward(input);
        for (var n = 0; n < 3; n++)
        {
            for (var o = 0; o < 4; o++)
            {
                double sum = module.Bias.Value[o];
                for (var i = 0; i < 9; i++)
                {
                    sum += input[n, i] * module.Weight.Value[o, i];
                }

                Assert.Equal(sum, actual[n, o], 1e-4);
            }
        }
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void GlobalAveragePoolAveragesEachPlane(TensorLayout layout)
    {
        var input = ConvTestData.Image(new Random(5), 2, 3, 4, 5, TensorLayout.Nchw);
        var pooled = new GlobalAveragePool().Forward(input.ToLayout(layout));

        Assert.Equal(layout == TensorLayout.Nchw ? [2, 3, 1, 1] : [2, 1, 1, 3], pooled.ShapeArray());
        for (var n = 0; n < 2; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                double sum = 0;
                for (var y = 0; y < 4; y++)
                {
                    for (var x = 0; x < 5; x++)
                    {
                        sum += input[n, c, y, x];
                    }
                }

                Assert.Equal(sum / 20, pooled.Span[(n * 3) + c], 1e-5);
            }
        }
    }

    [Fact]
    public void FlattenUsesNchwOrderWhateverTheLayout()
    {
        var input = ConvTestData.Image(new Random(6), 2, 3, 2, 2, TensorLayout.Nchw);
        var fromNchw = new Flatten().Forward(input);
        var fromNhwc = new Flatten().Forward(input.ToLayout(TensorLayout.Nhwc));

        Assert.Equal([2, 12], fromNchw.ShapeArray());
        Assert.Equal(input.Span.ToArray(), fromNchw.Span.ToArray());
        Assert.Equal(fromNchw.Span.ToArray(), fromNhwc.Span.ToArray());
    }

    [Fact]
    public void ActivationsFollowTheirFormulas()
    {
        var input = new Tensor([-7f, -3f, -2.5f, -1f, -0.1f, 0f, 0.3f, 2f, 3f, 5.5f, 6f, 8f], [12]);
        var relu6 = new Relu6().Forward(input);
        var relu = new Relu().Forward(input);
        var hardSwish = new HardSwish().Forward(input);
        var hardSigmoid = new HardSigmoid().Forward(input);
        var sigmoid = new Sigmoid().Forward(input);
        for (var i = 0; i < input.Length; i++)
        {
            double x = input.Span[i];
            var gate = Math.Clamp(x + 3, 0, 6) / 6;
            Assert.Equal(Math.Clamp(x, 0, 6), relu6.Span[i], 1e-6);
            Assert.Equal(Math.Max(x, 0), relu.Span[i], 1e-6);
            Assert.Equal(x * gate, hardSwish.Span[i], 1e-5);
            Assert.Equal(gate, hardSigmoid.Span[i], 1e-6);
            Assert.Equal(1 / (1 + Math.Exp(-x)), sigmoid.Span[i], 1e-5);
        }

        Assert.Equal(-7f, input.Span[0]);
    }

    [Fact]
    public void DropoutIsTheIdentityInEvalAndSeededInTraining()
    {
        var input = new Tensor([1, 10_000]);
        input.Span.Fill(1f);
        var evaluation = new Dropout(0.25).Eval();
        Assert.Same(input, evaluation.Forward(input));

        var first = new Dropout(0.25, seed: 9).Forward(input).Span.ToArray();
        var second = new Dropout(0.25, seed: 9).Forward(input).Span.ToArray();
        Assert.Equal(first, second);
        Assert.All(first, value => Assert.True(value == 0f || Math.Abs(value - (1 / 0.75)) < 1e-6));
        var dropped = first.Count(value => value == 0f) / 10_000.0;
        Assert.InRange(dropped, 0.22, 0.28);
        Assert.NotEqual(first, new Dropout(0.25, seed: 10).Forward(input).Span.ToArray());
    }

    [Fact]
    public void SqueezeExcitationScalesChannelsByTheGatedBottleneck()
    {
        var random = new Random(7);
        var module = new SqueezeExcitation(4, 2);
        Initialization.Uniform(module.Reduce.Weight.Value, random, -1, 1);
        Initialization.Uniform(module.Reduce.Bias!.Value, random, -1, 1);
        Initialization.Uniform(module.Expand.Weight.Value, random, -1, 1);
        Initialization.Uniform(module.Expand.Bias!.Value, random, -1, 1);
        var input = ConvTestData.Image(random, 2, 4, 3, 3, TensorLayout.Nchw);

        var actual = module.Forward(input);
        for (var n = 0; n < 2; n++)
        {
            var pooled = new double[4];
            for (var c = 0; c < 4; c++)
            {
                for (var i = 0; i < 9; i++)
                {
                    pooled[c] += input[n, c, i / 3, i % 3] / 9;
                }
            }

            var hidden = new double[2];
            for (var s = 0; s < 2; s++)
            {
                hidden[s] = module.Reduce.Bias.Value[s];
                for (var c = 0; c < 4; c++)
                {
                    hidden[s] += module.Reduce.Weight.Value[s, c, 0, 0] * pooled[c];
                }

                hidden[s] = Math.Max(hidden[s], 0);
            }

            for (var c = 0; c < 4; c++)
            {
                double expanded = module.Expand.Bias.Value[c];
                for (var s = 0; s < 2; s++)
                {
                    expanded += module.Expand.Weight.Value[c, s, 0, 0] * hidden[s];
                }

                var gate = Math.Clamp(expanded + 3, 0, 6) / 6;
                for (var i = 0; i < 9; i++)
                {
                    Assert.Equal(input[n, c, i / 3, i % 3] * gate, actual[n, c, i / 3, i % 3], 1e-5);
                }
            }
        }

        var description = module.Describe(input.Shape);
        Assert.Equal((2 * 4) + 2 + (4 * 2) + 4, description.Cost.Parameters);
        Assert.Equal(2 * ((4 * 2) + (2 * 4)), description.Cost.Macs);
    }

    [Fact]
    public void InvertedResidualAddsItsInputOnlyWithTheShortcut()
    {
        var random = new Random(8);
        var body = new PointwiseConv2d(3, 3, bias: false);
        Initialization.KaimingNormal(body.Weight.Value, random);
        var input = ConvTestData.Image(random, 1, 3, 4, 4, TensorLayout.Nchw);
        var bodyOutput = body.Forward(input);

        var withShortcut = new InvertedResidual(body, useResidual: true).Forward(input);
        for (var i = 0; i < input.Length; i++)
        {
            Assert.Equal(bodyOutput.Span[i] + input.Span[i], withShortcut.Span[i], 1e-6);
        }

        var widening = new InvertedResidual(new PointwiseConv2d(3, 5), useResidual: true);
        Assert.Throws<ArgumentException>(() => widening.Describe([1, 3, 4, 4]));
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * (1 + Math.Abs(expected[i])), $"element {i}: {actual[i]} vs reference {expected[i]}");
        }
    }
}
