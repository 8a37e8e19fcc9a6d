using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

/// <summary>
/// Backward passes of the non-convolution operators against finite differences of double-precision forwards written
/// in <see cref="DoubleReference"/>, plus thread-count determinism where the operator threads.
/// </summary>
public sealed class LayerBackwardTests
{
    [Theory]
    [InlineData(TensorLayout.Nchw, true)]
    [InlineData(TensorLayout.Nhwc, true)]
    [InlineData(TensorLayout.Nchw, false)]
    public void BatchNormalizationGradientsMatchFiniteDifferences(TensorLayout layout, bool affine)
    {
        var random = new Random(21);
        var (batch, channels, height, width) = (3, 4, 3, 2);
        var input = ConvTestData.Image(random, batch, channels, height, width, TensorLayout.Nchw);
        var gamma = ConvTestData.Tensor(random, channels);
        var beta = ConvTestData.Tensor(random, channels);
        var gradOutput = ConvTestData.Image(random, batch, channels, height, width, TensorLayout.Nchw);
        const float epsilon = 1e-3f;

        var training = BatchNormalization.ForwardTraining(input.ToLayout(layout), affine ? gamma : null, affine ? beta : null, epsilon);
        var gradients = BatchNormalization.Backward(
            input.ToLayout(layout), gradOutput.ToLayout(layout), training.Mean, training.InverseStandardDeviation, affine ? gamma : null);

        var x = DoubleReference.ToDouble(input.Span);
        var g = DoubleReference.ToDouble(gamma.Span);
        var b = DoubleReference.ToDouble(beta.Span);
        var r = gradOutput.Span.ToArray();
        double Loss() => DoubleReference.Dot(DoubleReference.BatchNorm(x, batch, channels, height * width, affine ? g : null, affine ? b : null, epsilon), r);
        var expectedOutput = DoubleReference.BatchNorm(x, batch, channels, height * width, affine ? g : null, affine ? b : null, epsilon);
        GradientCheck.AssertMatches(training.Output.ToLayout(TensorLayout.Nchw).Span, expectedOutput, "output", tolerance: 1e-5);
        GradientCheck.AssertMatches(gradients.GradInput.ToLayout(TensorLayout.Nchw).Span, GradientCheck.Numeric(x, Loss), "gradInput");
        if (affine)
        {
            GradientCheck.AssertMatches(gradients.GradScale.Span, GradientCheck.Numeric(g, Loss), "gradScale");
            GradientCheck.AssertMatches(gradients.GradShift.Span, GradientCheck.Numeric(b, Loss), "gradShift");
        }
    }

    [Fact]
    public void BatchNormalizationUpdatesRunningStatisticsLikePyTorch()
    {
        var random = new Random(22);
        var input = ConvTestData.Image(random, 2, 3, 2, 2, TensorLayout.Nchw);
        var runningMean = new Tensor([3]);
        var runningVariance = new Tensor(new float[] { 1, 1, 1 }, [3]);

        BatchNormalization.ForwardTraining(input, null, null, 1e-5f, runningMean, runningVariance, momentum: 0.25f);

        for (var c = 0; c < 3; c++)
        {
            var values = new List<double>();
            for (var n = 0; n < 2; n++)
            {
                for (var p = 0; p < 4; p++)
                {
                    values.Add(input.Span[(((n * 3) + c) * 4) + p]);
                }
            }

            var mean = values.Average();
            var unbiased = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
            Assert.Equal(0.25 * mean, runningMean.Span[c], 1e-6);
            Assert.Equal((0.75 * 1) + (0.25 * unbiased), runningVariance.Span[c], 1e-6);
        }
    }

    public static TheoryData<string> ActivationNames() => ["relu", "relu6", "hardswish", "clip", "hardsigmoid", "sigmoid"];

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void ActivationGradientsMatchFiniteDifferences(string name)
    {
        var random = new Random(23);

        // Values spread over [−8, 8] so every piece of every function is hit; none within 1e-3 of a kink.
        var values = new float[300];
        for (var i = 0; i < values.Length; i++)
        {
            do
            {
                values[i] = (float)((random.NextDouble() * 16) - 8);
            }
            while (new[] { -3f, 0f, 3f, 6f, -1f, 2f }.Any(kink => Math.Abs(values[i] - kink) < 1e-3));
        }

        var input = new Tensor(values, [3, 100]);
        var gradOutput = ConvTestData.Tensor(random, 3, 100);
        Func<double, double> function = name switch
        {
            "relu" => DoubleReference.Relu,
            "relu6" => DoubleReference.Relu6,
            "hardswish" => DoubleReference.HardSwish,
            "clip" => v => Math.Min(Math.Max(v, -1), 2),
            "hardsigmoid" => DoubleReference.HardSigmoid,
            _ => DoubleReference.Sigmoid,
        };
        var analytic = name switch
        {
            "relu" => ActivationGradient.Backward(input, gradOutput, Activation.Relu),
            "relu6" => ActivationGradient.Backward(input, gradOutput, Activation.Relu6),
            "hardswish" => ActivationGradient.Backward(input, gradOutput, Activation.HardSwish),
            "clip" => ActivationGradient.Backward(input, gradOutput, Activation.Clip(-1, 2)),
            "hardsigmoid" => ActivationGradient.HardSigmoidBackward(input, gradOutput),
            _ => ActivationGradient.SigmoidBackward(Elementwise.Sigmoid(input), gradOutput),
        };

        var x = DoubleReference.ToDouble(input.Span);
        var r = gradOutput.Span.ToArray();
        GradientCheck.AssertMatches(analytic.Span, GradientCheck.Numeric(x, () => DoubleReference.Dot(DoubleReference.Map(x, function), r)), name);
    }

    [Fact]
    public void ActivationSlopesAtTheKinksFollowPyTorch()
    {
        var input = new Tensor(new float[] { -3, 0, 3, 6 }, [4]);
        var ones = new Tensor(new float[] { 1, 1, 1, 1 }, [4]);

        Assert.Equal([0f, 0f, 1f, 1f], ActivationGradient.Backward(input, ones, Activation.Relu).Span.ToArray());
        Assert.Equal([0f, 0f, 1f, 0f], ActivationGradient.Backward(input, ones, Activation.Relu6).Span.ToArray());
        Assert.Equal([-0.5f, 0.5f, 1.5f, 1f], ActivationGradient.Backward(input, ones, Activation.HardSwish).Span.ToArray());
        Assert.Equal([0f, 1f / 6, 0f, 0f], ActivationGradient.HardSigmoidBackward(input, ones).Span.ToArray());
    }

    [Fact]
    public void LinearGradientsMatchFiniteDifferences()
    {
        var random = new Random(24);
        var input = ConvTestData.Tensor(random, 3, 7);
        var weights = ConvTestData.Tensor(random, 5, 7);
        var bias = ConvTestData.Tensor(random, 5);
        var gradOutput = ConvTestData.Tensor(random, 3, 5);

        var gradients = Linear.Backward(input, weights, gradOutput);

        var x = DoubleReference.ToDouble(input.Span);
        var w = DoubleReference.ToDouble(weights.Span);
        var b = DoubleReference.ToDouble(bias.Span);
        var r = gradOutput.Span.ToArray();
        double Loss() => DoubleReference.Dot(DoubleReference.Linear(x, 3, 7, w, b, 5), r);
        GradientCheck.AssertMatches(gradients.GradInput.Span, GradientCheck.Numeric(x, Loss), "gradInput");
        GradientCheck.AssertMatches(gradients.GradWeights.Span, GradientCheck.Numeric(w, Loss), "gradWeights");
        GradientCheck.AssertMatches(gradients.GradBias!.Span, GradientCheck.Numeric(b, Loss), "gradBias");
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void GlobalAveragePoolGradientMatchesFiniteDifferences(TensorLayout layout)
    {
        var random = new Random(25);
        var input = ConvTestData.Image(random, 2, 3, 4, 5, TensorLayout.Nchw);
        var gradOutput = ConvTestData.Image(random, 2, 3, 1, 1, TensorLayout.Nchw);

        var gradInput = GlobalAveragePool.Backward(gradOutput.ToLayout(layout), 4, 5);

        var x = DoubleReference.ToDouble(input.Span);
        var r = gradOutput.Span.ToArray();
        var numeric = GradientCheck.Numeric(x, () => DoubleReference.Dot(DoubleReference.GlobalAveragePool(x, 6, 20), r));
        GradientCheck.AssertMatches(gradInput.ToLayout(TensorLayout.Nchw).Span, numeric, "gradInput");
        Assert.Equal(layout, gradInput.Layout);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void CrossEntropyMatchesTheTextbookFormulaAndItsFiniteDifferences(float smoothing)
    {
        var random = new Random(26);
        var logits = ConvTestData.Tensor(random, 4, 6);
        int[] labels = [0, 5, 2, 2];

        var (loss, gradient) = SoftmaxCrossEntropy.Compute(logits, labels, smoothing);

        var x = DoubleReference.ToDouble(logits.Span);
        Assert.Equal(DoubleReference.CrossEntropy(x, 4, 6, labels, smoothing), loss, 1e-5);
        GradientCheck.AssertMatches(gradient.Span, GradientCheck.Numeric(x, () => DoubleReference.CrossEntropy(x, 4, 6, labels, smoothing)), "gradLogits");
    }

    [Fact]
    public void CrossEntropyIsStableForHugeLogits()
    {
        var logits = new Tensor(new float[] { 1e30f, -1e30f, 0f, 50000f, 50001f, 49999f }, [2, 3]);

        var (loss, gradient) = SoftmaxCrossEntropy.Compute(logits, [1, 1]);

        Assert.True(float.IsFinite(loss));
        Assert.All(gradient.Span.ToArray(), value => Assert.True(float.IsFinite(value)));
        var expectedSecond = Math.Log(Math.Exp(-1) + 1 + Math.Exp(-2));
        Assert.Equal((2e30 + expectedSecond) / 2, loss, 1e24);
    }

    [Fact]
    public void CrossEntropyRejectsBadLabels()
    {
        var logits = new Tensor([2, 3]);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => SoftmaxCrossEntropy.Compute(logits, [0, 3])).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => SoftmaxCrossEntropy.Compute(logits, [0])).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => SoftmaxCrossEntropy.Compute(new Tensor([6]), [0])).ParamName);
    }

    [Fact]
    public void DropoutMaskIsSeededScaledAndIndependentOfThreads()
    {
        var random = new Random(27);
        var input = ConvTestData.Tensor(random, 7, 10000);

        var (output, mask) = InvertedDropout.Forward(input, 0.3, seed: 42, threads: 1);
        var (parallel, parallelMask) = InvertedDropout.Forward(input, 0.3, seed: 42, threads: 3);
        var (_, otherMask) = InvertedDropout.Forward(input, 0.3, seed: 43, threads: 1);

        Assert.Equal(mask.Span.ToArray(), parallelMask.Span.ToArray());
        Assert.Equal(output.Span.ToArray(), parallel.Span.ToArray());
        Assert.NotEqual(mask.Span.ToArray(), otherMask.Span.ToArray());
        var dropped = mask.Span.ToArray().Count(value => value == 0f);
        Assert.InRange(dropped / 70000.0, 0.29, 0.31);
        Assert.All(mask.Span.ToArray(), value => Assert.True(value == 0f || value == (float)(1 / 0.7)));
        for (var i = 0; i < input.Length; i++)
        {
            Assert.Equal(input.Span[i] * mask.Span[i], output.Span[i]);
        }

        var gradOutput = ConvTestData.Tensor(random, 7, 10000);
        var gradInput = InvertedDropout.Backward(gradOutput, mask);
        for (var i = 0; i < input.Length; i += 97)
        {
            Assert.Equal(gradOutput.Span[i] * mask.Span[i], gradInput.Span[i]);
        }
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void ChannelScaleGradientsMatchFiniteDifferences(TensorLayout layout)
    {
        var random = new Random(28);
        var input = ConvTestData.Image(random, 2, 3, 2, 3, TensorLayout.Nchw);
        var scales = ConvTestData.Tensor(random, 2, 3);
        var gradOutput = ConvTestData.Image(random, 2, 3, 2, 3, TensorLayout.Nchw);

        var (gradInput, gradScales) = Elementwise.ScaleChannelsBackward(input.ToLayout(layout), scales, gradOutput.ToLayout(layout));

        var x = DoubleReference.ToDouble(input.Span);
        var s = DoubleReference.ToDouble(scales.Span);
        var r = gradOutput.Span.ToArray();
        double Loss() => DoubleReference.Dot(x.Select((value, i) => value * s[i / 6]).ToArray(), r);
        GradientCheck.AssertMatches(gradInput.ToLayout(TensorLayout.Nchw).Span, GradientCheck.Numeric(x, Loss), "gradInput");
        GradientCheck.AssertMatches(gradScales.Span, GradientCheck.Numeric(s, Loss), "gradScales");
    }

    [Fact]
    public void BatchNormalizationAndLinearAreBitIdenticalForAnyThreadCount()
    {
        var random = new Random(29);
        var input = ConvTestData.Image(random, 8, 16, 16, 16, TensorLayout.Nchw);
        var gradOutput = ConvTestData.Image(random, 8, 16, 16, 16, TensorLayout.Nchw);
        var training = BatchNormalization.ForwardTraining(input, null, null, 1e-5f);
        var single = BatchNormalization.Backward(input, gradOutput, training.Mean, training.InverseStandardDeviation, null, threads: 1);
        var multi = BatchNormalization.Backward(input, gradOutput, training.Mean, training.InverseStandardDeviation, null, threads: 3);
        Assert.Equal(single.GradInput.Span.ToArray(), multi.GradInput.Span.ToArray());
        Assert.Equal(single.GradScale.Span.ToArray(), multi.GradScale.Span.ToArray());

        // Channels-last takes its own path (pixel vectors, fixed runs): same numbers up to rounding, and bit-identical across threads.
        var nhwc = input.ToLayout(TensorLayout.Nhwc);
        var nhwcGrad = gradOutput.ToLayout(TensorLayout.Nhwc);
        var nhwcTraining = BatchNormalization.ForwardTraining(nhwc, null, null, 1e-5f);
        var nhwcSingle = BatchNormalization.Backward(nhwc, nhwcGrad, nhwcTraining.Mean, nhwcTraining.InverseStandardDeviation, null, threads: 1);
        var nhwcMulti = BatchNormalization.Backward(nhwc, nhwcGrad, nhwcTraining.Mean, nhwcTraining.InverseStandardDeviation, null, threads: 3);
        Assert.Equal(nhwcSingle.GradInput.Span.ToArray(), nhwcMulti.GradInput.Span.ToArray());
        Assert.Equal(nhwcSingle.GradScale.Span.ToArray(), nhwcMulti.GradScale.Span.ToArray());
        GradientCheck.AssertMatches(nhwcTraining.Mean.Span, DoubleReference.ToDouble(training.Mean.Span), "mean", tolerance: 1e-6);
        GradientCheck.AssertMatches(nhwcTraining.InverseStandardDeviation.Span, DoubleReference.ToDouble(training.InverseStandardDeviation.Span), "invStd", tolerance: 1e-5);
        GradientCheck.AssertMatches(nhwcSingle.GradInput.ToLayout(TensorLayout.Nchw).Span, DoubleReference.ToDouble(single.GradInput.Span), "gradInput", tolerance: 1e-5);
        GradientCheck.AssertMatches(nhwcSingle.GradScale.Span, DoubleReference.ToDouble(single.GradScale.Span), "gradScale", tolerance: 1e-5);

        var features = ConvTestData.Tensor(random, 64, 300);
        var weights = ConvTestData.Tensor(random, 40, 300);
        var gradFeatures = ConvTestData.Tensor(random, 64, 40);
        var one = Linear.Backward(features, weights, gradFeatures, threads: 1);
        var three = Linear.Backward(features, weights, gradFeatures, threads: 3);
        Assert.Equal(one.GradInput.Span.ToArray(), three.GradInput.Span.ToArray());
        Assert.Equal(one.GradWeights.Span.ToArray(), three.GradWeights.Span.ToArray());
    }
}
