using System.Globalization;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Kernels;

namespace Depthwise.Tests.Operators;

/// <summary>
/// The depthwise backward pass checked against computations that share no code with it: finite differences of a
/// double-precision forward written here, the adjoint identity, and the forward operator on one-hot weights.
/// </summary>
public sealed class DepthwiseConv2dBackwardTests
{
    /// <summary>Small problems covering non-square kernels, unequal strides, dilation, asymmetric and 'same' padding, M &gt; 1, both layouts.</summary>
    public static TheoryData<DepthwiseConvCase> SmallProblems()
    {
        var data = new TheoryData<DepthwiseConvCase>();
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            data.Add(DepthwiseConvCase.Default with
            {
                Batch = 2,
                Channels = 3,
                Multiplier = 2,
                Height = 5,
                Width = 6,
                Kernel = new Size2D(2, 3),
                Stride = new Size2D(2, 1),
                Dilation = new Size2D(1, 2),
                Padding = Padding.Explicit(1, 0, 2, 1),
                Layout = layout,
                Seed = 3,
            });
            data.Add(DepthwiseConvCase.Default with
            {
                Batch = 1,
                Channels = 4,
                Multiplier = 1,
                Height = 7,
                Width = 5,
                Kernel = 3,
                Stride = new Size2D(1, 2),
                Padding = Padding.SameLower,
                Layout = layout,
                Seed = 4,
            });
            data.Add(DepthwiseConvCase.Default with
            {
                Batch = 2,
                Channels = 2,
                Multiplier = 3,
                Height = 6,
                Width = 7,
                Kernel = new Size2D(3, 1),
                Stride = 3,
                Dilation = 2,
                Padding = Padding.SameUpper,
                Layout = layout,
                Seed = 5,
            });
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SmallProblems))]
    public void GradientsMatchFiniteDifferencesOfADoubleForward(DepthwiseConvCase problem)
    {
        var (input, weights, bias) = problem.CreateTensors();
        var gradOutput = DepthwiseConvBackwardCheck.GradOutput(problem, input, weights);
        var geometry = DepthwiseConv2d.Geometry(input, weights, problem.Options);
        var x = ToDouble(input);
        var w = ToDouble(weights);
        var b = ToDouble(bias!);
        var g = ToDouble(gradOutput);

        // L = Σ gradOutput · output is linear in every parameter, so the central difference is exact up to rounding.
        const double H = 1e-3;
        double Loss() => Dot(DoubleForward(x, w, b, problem, geometry), g);
        double[] Numeric(double[] parameter)
        {
            var gradient = new double[parameter.Length];
            for (var i = 0; i < parameter.Length; i++)
            {
                var saved = parameter[i];
                parameter[i] = saved + H;
                var plus = Loss();
                parameter[i] = saved - H;
                var minus = Loss();
                parameter[i] = saved;
                gradient[i] = (plus - minus) / (2 * H);
            }

            return gradient;
        }

        var expectedInput = Numeric(x);
        var expectedWeights = Numeric(w);
        var expectedBias = Numeric(b);
        foreach (var (name, gradients) in new[]
        {
            ("optimized", DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options)),
            ("reference", DepthwiseConv2d.BackwardReference(input, weights, gradOutput, problem.Options)),
        })
        {
            AssertClose($"{name} gradInput of {problem}", expectedInput, gradients.GradInput);
            AssertClose($"{name} gradWeights of {problem}", expectedWeights, gradients.GradWeights);
            AssertClose($"{name} gradBias of {problem}", expectedBias, gradients.GradBias!);
        }
    }

    [Theory]
    [MemberData(nameof(SmallProblems))]
    public void GradInputIsTheAdjointOfTheForward(DepthwiseConvCase problem)
    {
        // ⟨conv(x), g⟩ = ⟨x, convᵀ(g)⟩ for random x and g, with the forward operator on one side.
        var (input, weights, _) = problem.CreateTensors();
        var gradOutput = DepthwiseConvBackwardCheck.GradOutput(problem, input, weights);
        var forward = DepthwiseConv2d.Forward(input, weights, null, problem.Options);
        var scale = Dot(
            ToDouble(DepthwiseConv2d.Forward(ConvTestData.Abs(input), ConvTestData.Abs(weights), null, problem.Options)),
            ToDouble(ConvTestData.Abs(gradOutput)));
        var left = Dot(ToDouble(forward), ToDouble(gradOutput));
        foreach (var gradients in new[]
        {
            DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options),
            DepthwiseConv2d.BackwardReference(input, weights, gradOutput, problem.Options),
        })
        {
            var right = Dot(ToDouble(input), ToDouble(gradients.GradInput));
            Assert.True(Math.Abs(left - right) <= 1e-5 * scale, $"{problem}: ⟨conv(x), g⟩ = {left}, ⟨x, gradInput⟩ = {right}.");
        }
    }

    [Theory]
    [MemberData(nameof(SmallProblems))]
    public void GradWeightsAreTheForwardOfOneHotWeightsDottedWithTheOutputGradient(DepthwiseConvCase problem)
    {
        var (input, weights, _) = problem.CreateTensors();
        var gradOutput = DepthwiseConvBackwardCheck.GradOutput(problem, input, weights);
        var gradients = DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options);
        var g = ToDouble(gradOutput);
        var expected = new double[weights.Length];
        for (var k = 0; k < weights.Length; k++)
        {
            var oneHot = new Tensor(weights.Shape);
            oneHot.Span[k] = 1f;
            expected[k] = Dot(ToDouble(DepthwiseConv2d.Reference(input, oneHot, null, problem.Options)), g);
        }

        AssertClose($"gradWeights of {problem}", expected, gradients.GradWeights);
    }

    [Fact]
    public void BiasIsOptional()
    {
        var problem = DepthwiseConvCase.Default;
        var (input, weights, _) = problem.CreateTensors();
        var gradOutput = DepthwiseConvBackwardCheck.GradOutput(problem, input, weights);
        Assert.Null(DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options, computeBias: false).GradBias);
        Assert.Null(DepthwiseConv2d.BackwardReference(input, weights, gradOutput, problem.Options, computeBias: false).GradBias);
    }

    [Theory]
    [InlineData(TensorLayout.Nchw, 1)]
    [InlineData(TensorLayout.Nhwc, 1)]
    [InlineData(TensorLayout.Nchw, 2)]
    public void CallerProvidedGradientsGetTheSameBitsAndAreOverwritten(TensorLayout layout, int multiplier)
    {
        var problem = DepthwiseConvCase.Default with { Batch = 2, Channels = 19, Multiplier = multiplier, Height = 12, Width = 21, Layout = layout };
        var (input, weights, _) = problem.CreateTensors();
        var gradOutput = DepthwiseConvBackwardCheck.GradOutput(problem, input, weights);
        var expected = DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options);
        var gradients = new DepthwiseConv2dGradients(
            Tensor.Image(problem.Batch, problem.Channels, problem.Height, problem.Width, layout), new Tensor(weights.Shape), new Tensor([weights.Shape[0]]));
        foreach (var tensor in new[] { gradients.GradInput, gradients.GradWeights, gradients.GradBias! })
        {
            tensor.Span.Fill(float.NaN);
        }

        DepthwiseConv2d.BackwardInto(input, weights, gradOutput, gradients, problem.Options);
        Assert.Equal(expected.GradInput.Span.ToArray(), gradients.GradInput.Span.ToArray());
        Assert.Equal(expected.GradWeights.Span.ToArray(), gradients.GradWeights.Span.ToArray());
        Assert.Equal(expected.GradBias!.Span.ToArray(), gradients.GradBias!.Span.ToArray());

        var withoutBias = gradients with { GradBias = null };
        DepthwiseConv2d.BackwardInto(input, weights, gradOutput, withoutBias, problem.Options);
        Assert.Equal(expected.GradWeights.Span.ToArray(), withoutBias.GradWeights.Span.ToArray());
    }

    [Fact]
    public void CallerProvidedGradientsAreChecked()
    {
        var input = Tensor.Image(1, 2, 5, 5);
        var weights = new Tensor([2, 1, 3, 3]);
        var gradOutput = Tensor.Image(1, 2, 3, 3);
        DepthwiseConv2dGradients Good() => new(Tensor.Image(1, 2, 5, 5), new Tensor([2, 1, 3, 3]), new Tensor([2]));
        foreach (var bad in new[]
        {
            Good() with { GradInput = Tensor.Image(1, 2, 5, 4) },
            Good() with { GradInput = Tensor.Image(1, 2, 5, 5, TensorLayout.Nhwc) },
            Good() with { GradWeights = new Tensor([2, 1, 3, 2]) },
            Good() with { GradBias = new Tensor([3]) },
            Good() with { GradInput = input },
            Good() with { GradBias = weights },
        })
        {
            Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => DepthwiseConv2d.BackwardInto(input, weights, gradOutput, bad)).ParamName);
        }

        Assert.Equal("gradients", Assert.Throws<ArgumentNullException>(() => DepthwiseConv2d.BackwardInto(input, weights, gradOutput, null!)).ParamName);
    }

    [Fact]
    public void BadInputIsRejectedNamingTheParameter()
    {
        var input = Tensor.Image(1, 2, 5, 5);
        var weights = new Tensor([4, 1, 3, 3]);
        var gradOutput = Tensor.Image(1, 4, 3, 3);
        Assert.Equal("gradOutput", Assert.Throws<ArgumentNullException>(() => DepthwiseConv2d.Backward(input, weights, null!)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => DepthwiseConv2d.Backward(null!, weights, gradOutput)).ParamName);
        Assert.Equal("gradOutput", Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Backward(input, weights, Tensor.Image(1, 4, 3, 4))).ParamName);
        Assert.Equal("gradOutput", Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Backward(input, weights, Tensor.Image(1, 4, 3, 3, TensorLayout.Nhwc))).ParamName);
        Assert.Equal("gradOutput", Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Backward(input, weights, new Tensor([4, 3, 3]))).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Backward(input, new Tensor([3, 1, 3, 3]), gradOutput)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => DepthwiseConv2d.Backward(input, weights, gradOutput, new Conv2dOptions { Activation = Activation.Relu })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => DepthwiseConv2d.Backward(input, weights, gradOutput, new Conv2dOptions { Threads = -1 })).ParamName);
        Assert.Equal("gradOutput", Assert.Throws<ArgumentException>(() => DepthwiseConv2d.BackwardReference(input, weights, Tensor.Image(2, 4, 3, 3))).ParamName);
    }

    // output[n, j, y, x] = b[j] + Σ x[n, j/M, y·sH − padTop + ky·dH, x·sW − padLeft + kx·dW] · w[j, ky, kx], in double, any layout.
    private static double[] DoubleForward(double[] input, double[] weights, double[] bias, DepthwiseConvCase problem, ConvGeometry geometry)
    {
        var outputChannels = problem.Channels * problem.Multiplier;
        var output = new double[problem.Batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth];
        for (var n = 0; n < problem.Batch; n++)
        {
            for (var j = 0; j < outputChannels; j++)
            {
                for (var y = 0; y < geometry.OutputHeight; y++)
                {
                    for (var x = 0; x < geometry.OutputWidth; x++)
                    {
                        var sum = bias[j];
                        for (var ky = 0; ky < geometry.Kernel.Height; ky++)
                        {
                            for (var kx = 0; kx < geometry.Kernel.Width; kx++)
                            {
                                var row = (y * geometry.Stride.Height) - geometry.PadTop + (ky * geometry.Dilation.Height);
                                var column = (x * geometry.Stride.Width) - geometry.PadLeft + (kx * geometry.Dilation.Width);
                                if (row >= 0 && row < geometry.InputHeight && column >= 0 && column < geometry.InputWidth)
                                {
                                    sum += input[Offset(problem.Layout, n, j / problem.Multiplier, row, column, problem.Channels, geometry.InputHeight, geometry.InputWidth)]
                                        * weights[(((j * geometry.Kernel.Height) + ky) * geometry.Kernel.Width) + kx];
                                }
                            }
                        }

                        output[Offset(problem.Layout, n, j, y, x, outputChannels, geometry.OutputHeight, geometry.OutputWidth)] = sum;
                    }
                }
            }
        }

        return output;
    }

    private static int Offset(TensorLayout layout, int n, int c, int y, int x, int channels, int height, int width) =>
        layout == TensorLayout.Nchw ? (((((n * channels) + c) * height) + y) * width) + x : (((((n * height) + y) * width) + x) * channels) + c;

    private static double[] ToDouble(Tensor tensor)
    {
        var values = new double[tensor.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = tensor.Span[i];
        }

        return values;
    }

    private static double Dot(double[] left, double[] right)
    {
        var sum = 0.0;
        for (var i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }


    // Each gradient here sums at most a few dozen products of values in [-1, 1]; float rounding stays far below 1e-4.
    private static void AssertClose(string context, double[] expected, Tensor actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual.Span[i]) <= 1e-4))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{context}: element {i} is {actual.Span[i]}, expected {expected[i]}."));
            }
        }
    }
}
