using Depthwise.Geometry;
using Depthwise.Nn;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;
using AvgPool2d = Depthwise.Nn.AvgPool2d;
using Conv2d = Depthwise.Nn.Conv2d;
using GlobalAveragePool = Depthwise.Nn.GlobalAveragePool;
using Linear = Depthwise.Nn.Linear;
using MaxPool2d = Depthwise.Nn.MaxPool2d;

namespace Depthwise.Tests.Nn;

/// <summary>Module backward passes: a whole small network against finite differences of a double-precision copy, and the cache and accumulation rules.</summary>
public sealed class ModuleBackwardTests
{
    [Fact]
    public void ConvBatchNormReluPoolLinearChainMatchesFiniteDifferences()
    {
        var random = new Random(31);
        var conv = new Conv2d(2, 4, 3, options: new Conv2dOptions { Padding = Padding.Explicit(1) });
        var norm = new BatchNorm2d(4);
        var linear = new Linear(4, 3);
        var model = new Sequential(conv, norm, new Relu(), new GlobalAveragePool(), new Flatten(), linear);
        Initialization.KaimingUniform(conv.Weight.Value, random);
        Initialization.Uniform(conv.Bias!.Value, random, -0.5, 0.5);
        Initialization.Uniform(norm.Weight!.Value, random, 0.5, 1.5);
        Initialization.Uniform(norm.Bias!.Value, random, -0.5, 0.5);
        Initialization.XavierUniform(linear.Weight.Value, random);
        var input = ConvTestData.Image(random, 3, 2, 5, 5, TensorLayout.Nchw);
        int[] labels = [2, 0, 1];

        var (loss, gradLogits) = new CrossEntropyLoss().Compute(model.Forward(input), labels);
        var gradInput = model.Backward(gradLogits);

        var x = DoubleReference.ToDouble(input.Span);
        var w1 = DoubleReference.ToDouble(conv.Weight.Value.Span);
        var b1 = DoubleReference.ToDouble(conv.Bias.Value.Span);
        var gamma = DoubleReference.ToDouble(norm.Weight.Value.Span);
        var beta = DoubleReference.ToDouble(norm.Bias.Value.Span);
        var w2 = DoubleReference.ToDouble(linear.Weight.Value.Span);
        var b2 = DoubleReference.ToDouble(linear.Bias!.Value.Span);
        var geometry = ConvGeometry.Create(5, 5, 3, 1, 1, Padding.Explicit(1));
        double Loss()
        {
            var h = DoubleReference.Conv2d(x, 3, 2, w1, b1, 4, 1, geometry);
            h = DoubleReference.Map(DoubleReference.BatchNorm(h, 3, 4, 25, gamma, beta, 1e-5), DoubleReference.Relu);
            h = DoubleReference.GlobalAveragePool(h, 12, 25);
            return DoubleReference.CrossEntropy(DoubleReference.Linear(h, 3, 4, w2, b2, 3), 3, 3, labels);
        }

        Assert.Equal(Loss(), loss, 1e-5);
        GradientCheck.AssertMatches(gradInput.Span, GradientCheck.Numeric(x, Loss), "input");
        GradientCheck.AssertMatches(conv.Weight.Gradient!.Span, GradientCheck.Numeric(w1, Loss), "conv.weight");
        GradientCheck.AssertMatches(conv.Bias.Gradient!.Span, GradientCheck.Numeric(b1, Loss), "conv.bias");
        GradientCheck.AssertMatches(norm.Weight.Gradient!.Span, GradientCheck.Numeric(gamma, Loss), "norm.weight");
        GradientCheck.AssertMatches(norm.Bias.Gradient!.Span, GradientCheck.Numeric(beta, Loss), "norm.bias");
        GradientCheck.AssertMatches(linear.Weight.Gradient!.Span, GradientCheck.Numeric(w2, Loss), "linear.weight");
        GradientCheck.AssertMatches(linear.Bias.Gradient!.Span, GradientCheck.Numeric(b2, Loss), "linear.bias");
    }

    [Fact]
    public void SeparableNetworkWithFusedActivationsAndMaxPoolMatchesFiniteDifferences()
    {
        // Conv → BN → ReLU → depthwise (fused ReLU6) → pointwise (fused HardSwish) → MaxPool → GAP → Linear → CE
        var random = new Random(34);
        var conv = new Conv2d(1, 4, 3, options: new Conv2dOptions { Padding = Padding.Explicit(1) });
        var norm = new BatchNorm2d(4);
        var separable = new DepthwiseSeparableConv2d(
            4, 6, 3, options: new Conv2dOptions { Padding = Padding.Explicit(1), Activation = Activation.Relu6 }, activation: Activation.HardSwish);
        var linear = new Linear(6, 3);
        var model = new Sequential(conv, norm, new Relu(), separable, new MaxPool2d(2), new GlobalAveragePool(), new Flatten(), linear);
        foreach (var (_, parameter) in model.NamedParameters())
        {
            Initialization.Uniform(parameter.Value, random, -0.8, 0.8);
        }

        var input = ConvTestData.Image(random, 2, 1, 6, 6, TensorLayout.Nchw);
        int[] labels = [1, 2];

        var (loss, gradLogits) = new CrossEntropyLoss().Compute(model.Forward(input), labels);
        var gradInput = model.Backward(gradLogits);

        var x = DoubleReference.ToDouble(input.Span);
        var values = model.NamedParameters().ToDictionary(pair => pair.Name, pair => DoubleReference.ToDouble(pair.Parameter.Value.Span));
        var same = ConvGeometry.Create(6, 6, 3, 1, 1, Padding.Explicit(1));
        var pointwise = ConvGeometry.Create(6, 6, 1, 1, 1, Padding.Valid);
        var pool = ConvGeometry.Create(6, 6, 2, 2, 1, Padding.Valid);
        double Loss()
        {
            var h = DoubleReference.Conv2d(x, 2, 1, values["0.weight"], values["0.bias"], 4, 1, same);
            h = DoubleReference.Map(DoubleReference.BatchNorm(h, 2, 4, 36, values["1.weight"], values["1.bias"], 1e-5), DoubleReference.Relu);
            h = DoubleReference.Map(DoubleReference.Conv2d(h, 2, 4, values["3.depthwise.weight"], values["3.depthwise.bias"], 4, 4, same), DoubleReference.Relu6);
            h = DoubleReference.Map(DoubleReference.Conv2d(h, 2, 4, values["3.pointwise.weight"], values["3.pointwise.bias"], 6, 1, pointwise), DoubleReference.HardSwish);
            h = DoubleReference.GlobalAveragePool(DoubleReference.Pool(h, 12, pool, max: true), 12, 9);
            return DoubleReference.CrossEntropy(DoubleReference.Linear(h, 2, 6, values["7.weight"], values["7.bias"], 3), 2, 3, labels);
        }

        Assert.Equal(Loss(), loss, 1e-5);
        GradientCheck.AssertMatches(gradInput.Span, GradientCheck.Numeric(x, Loss), "input");
        foreach (var (name, parameter) in model.NamedParameters())
        {
            GradientCheck.AssertMatches(parameter.Gradient!.Span, GradientCheck.Numeric(values[name], Loss), name);
        }
    }

    [Fact]
    public void ChannelsLastInvertedResidualWithSqueezeExcitationMatchesFiniteDifferences()
    {
        // NHWC: residual(expand 1×1 ReLU6 → depthwise 3×3 → BN → HardSwish → SE → project 1×1) → AvgPool → Flatten → Linear → CE
        var random = new Random(35);
        var body = new Sequential(
            new Depthwise.Nn.PointwiseConv2d(3, 6, activation: Activation.Relu6),
            new Depthwise.Nn.DepthwiseConv2d(6, 3, bias: false, options: new Conv2dOptions { Padding = Padding.SameUpper }),
            new BatchNorm2d(6),
            new HardSwish(),
            new SqueezeExcitation(6, 2),
            new Depthwise.Nn.PointwiseConv2d(6, 3));
        var model = new Sequential(new InvertedResidual(body, useResidual: true), new AvgPool2d(2, padding: Padding.Explicit(0, 0, 1, 1)), new Flatten(), new Linear(12, 4));
        foreach (var (_, parameter) in model.NamedParameters())
        {
            Initialization.Uniform(parameter.Value, random, -0.9, 0.9);
        }

        var input = ConvTestData.Image(random, 2, 3, 3, 3, TensorLayout.Nchw);
        int[] labels = [3, 0];

        var (loss, gradLogits) = new CrossEntropyLoss(labelSmoothing: 0.1f).Compute(model.Forward(input.ToLayout(TensorLayout.Nhwc)), labels);
        var gradInput = model.Backward(gradLogits);

        var x = DoubleReference.ToDouble(input.Span);
        var v = model.NamedParameters().ToDictionary(pair => pair.Name, pair => DoubleReference.ToDouble(pair.Parameter.Value.Span));
        var one = ConvGeometry.Create(3, 3, 1, 1, 1, Padding.Valid);
        var unit = ConvGeometry.Create(1, 1, 1, 1, 1, Padding.Valid);
        var same = ConvGeometry.Create(3, 3, 3, 1, 1, Padding.SameUpper);
        var pool = ConvGeometry.Create(3, 3, 2, 2, 1, Padding.Explicit(0, 0, 1, 1));
        double Loss()
        {
            var h = DoubleReference.Map(DoubleReference.Conv2d(x, 2, 3, v["0.conv.0.weight"], v["0.conv.0.bias"], 6, 1, one), DoubleReference.Relu6);
            h = DoubleReference.Conv2d(h, 2, 6, v["0.conv.1.weight"], null, 6, 6, same);
            h = DoubleReference.Map(DoubleReference.BatchNorm(h, 2, 6, 9, v["0.conv.2.weight"], v["0.conv.2.bias"], 1e-5), DoubleReference.HardSwish);
            var s = DoubleReference.GlobalAveragePool(h, 12, 9);
            s = DoubleReference.Map(DoubleReference.Conv2d(s, 2, 6, v["0.conv.4.fc1.weight"], v["0.conv.4.fc1.bias"], 2, 1, unit), DoubleReference.Relu);
            s = DoubleReference.Map(DoubleReference.Conv2d(s, 2, 2, v["0.conv.4.fc2.weight"], v["0.conv.4.fc2.bias"], 6, 1, unit), DoubleReference.HardSigmoid);
            h = h.Select((value, i) => value * s[i / 9]).ToArray();
            h = DoubleReference.Conv2d(h, 2, 6, v["0.conv.5.weight"], v["0.conv.5.bias"], 3, 1, one);
            h = h.Select((value, i) => value + x[i]).ToArray();
            h = DoubleReference.Pool(h, 6, pool, max: false);
            return DoubleReference.CrossEntropy(DoubleReference.Linear(h, 2, 12, v["3.weight"], v["3.bias"], 4), 2, 4, labels, 0.1);
        }

        Assert.Equal(Loss(), loss, 1e-5);
        Assert.Equal(TensorLayout.Nhwc, gradInput.Layout);
        GradientCheck.AssertMatches(gradInput.ToLayout(TensorLayout.Nchw).Span, GradientCheck.Numeric(x, Loss), "input");
        foreach (var (name, parameter) in model.NamedParameters())
        {
            GradientCheck.AssertMatches(parameter.Gradient!.Span, GradientCheck.Numeric(v[name], Loss), name);
        }
    }

    [Fact]
    public void DropoutBackwardUsesTheForwardMaskAndSigmoidItsOutput()
    {
        var random = new Random(36);
        var input = ConvTestData.Tensor(random, 4, 50);
        var gradOutput = ConvTestData.Tensor(random, 4, 50);
        var dropout = new Dropout(0.4, seed: 5);

        var output = dropout.Forward(input);
        var gradInput = dropout.Backward(gradOutput);

        for (var i = 0; i < input.Length; i++)
        {
            // The mask is output / input: 0 where dropped, 1/(1 − p) where kept.
            var mask = output.Span[i] == 0 ? 0f : (float)(1 / 0.6);
            Assert.Equal(gradOutput.Span[i] * mask, gradInput.Span[i], 1e-6f);
        }

        var sigmoid = new Sigmoid();
        var y = sigmoid.Forward(input);
        var gradSigmoid = sigmoid.Backward(gradOutput);
        for (var i = 0; i < input.Length; i++)
        {
            var s = 1 / (1 + Math.Exp(-input.Span[i]));
            Assert.Equal(gradOutput.Span[i] * s * (1 - s), gradSigmoid.Span[i], 1e-6);
        }

        Assert.Equal(input.Length, y.Length);
    }

    [Fact]
    public void ConvolutionThreadCountDoesNotChangeTheNetworkGradients()
    {
        float[][] Gradients(int threads)
        {
            var random = new Random(37);
            var options = new Conv2dOptions { Padding = Padding.Explicit(1), Threads = threads };
            var model = new Sequential(
                new Conv2d(3, 16, 3, options: options), new BatchNorm2d(16), new Relu6(),
                new DepthwiseSeparableConv2d(16, 24, 3, options: options with { Stride = 2 }), new BatchNorm2d(24), new HardSwish(),
                new Conv2d(24, 24, 3, groups: 4, options: options), new MaxPool2d(2), new GlobalAveragePool(), new Flatten(), new Linear(24, 5));
            foreach (var (_, parameter) in model.NamedParameters())
            {
                Initialization.Uniform(parameter.Value, random, -0.3, 0.3);
            }

            var input = ConvTestData.Image(random, 9, 3, 16, 16, TensorLayout.Nchw);
            var (_, gradLogits) = new CrossEntropyLoss().Compute(model.Forward(input), [0, 1, 2, 3, 4, 0, 1, 2, 3]);
            var gradInput = model.Backward(gradLogits);
            return [gradInput.Span.ToArray(), .. model.NamedParameters().Select(pair => pair.Parameter.Gradient!.Span.ToArray())];
        }

        var single = Gradients(1);
        var multi = Gradients(3);
        Assert.Equal(single.Length, multi.Length);
        for (var i = 0; i < single.Length; i++)
        {
            Assert.Equal(single[i], multi[i]);
        }
    }

    [Fact]
    public void PlainGradientDescentStepsReduceTheLoss()
    {
        var random = new Random(38);
        var model = new Sequential(
            new Conv2d(1, 8, 3, options: new Conv2dOptions { Padding = Padding.Explicit(1) }), new BatchNorm2d(8), new Relu(),
            new DepthwiseSeparableConv2d(8, 8, 3, options: new Conv2dOptions { Padding = Padding.Explicit(1) }), new Relu(),
            new AvgPool2d(2), new Flatten(), new Dropout(0.1, seed: 3), new Linear(8 * 4 * 4, 4));
        foreach (var (_, parameter) in model.NamedParameters())
        {
            if (parameter.Value.Rank > 1)
            {
                Initialization.KaimingUniform(parameter.Value, random);
            }
        }

        var input = ConvTestData.Image(random, 16, 1, 8, 8, TensorLayout.Nchw);
        var labels = Enumerable.Range(0, 16).Select(i => i % 4).ToArray();
        var criterion = new CrossEntropyLoss();
        var losses = new List<float>();
        for (var step = 0; step < 40; step++)
        {
            var (loss, gradLogits) = criterion.Compute(model.Forward(input), labels);
            losses.Add(loss);
            model.ZeroGrad();
            model.Backward(gradLogits);
            foreach (var (_, parameter) in model.NamedParameters())
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(parameter.Gradient!.Span, -0.1f, parameter.Value.Span, parameter.Value.Span);
            }
        }

        Assert.True(losses[^1] < 0.5f * losses[0], $"loss went from {losses[0]} to {losses[^1]}.");
    }

    [Fact]
    public void GradientsAccumulateUntilZeroGrad()
    {
        var random = new Random(32);
        var linear = new Linear(3, 2);
        Initialization.XavierUniform(linear.Weight.Value, random);
        var input = ConvTestData.Tensor(random, 4, 3);
        var gradOutput = ConvTestData.Tensor(random, 4, 2);
        Assert.Null(linear.Weight.Gradient);

        linear.Forward(input);
        linear.Backward(gradOutput);
        var once = linear.Weight.Gradient!.Span.ToArray();
        linear.Forward(input);
        linear.Backward(gradOutput);

        Assert.Equal(once.Select(value => value * 2).ToArray(), linear.Weight.Gradient!.Span.ToArray());
        linear.ZeroGrad();
        Assert.All(linear.Weight.Gradient!.Span.ToArray(), value => Assert.Equal(0f, value));
        Assert.All(linear.Bias!.Gradient!.Span.ToArray(), value => Assert.Equal(0f, value));
    }

    public static TheoryData<string> Modules() =>
    [
        "conv", "depthwise", "pointwise", "separable", "batchnorm", "relu", "relu6", "hardswish", "hardsigmoid", "sigmoid",
        "dropout", "flatten", "gap", "maxpool", "avgpool", "linear", "sequential", "residual", "se",
    ];

    [Theory]
    [MemberData(nameof(Modules))]
    public void BackwardWithoutATrainingForwardThrowsAClearError(string name)
    {
        var module = CreateModule(name);
        var input = name == "linear" ? ConvTestData.Tensor(new Random(33), 2, 4) : ConvTestData.Image(new Random(33), 2, 4, 4, 4, TensorLayout.Nchw);
        var output = module.Eval().Forward(input);

        var error = Assert.Throws<InvalidOperationException>(() => module.Backward(output));
        Assert.Contains("training-mode Forward", error.Message, StringComparison.Ordinal);

        module.Train();
        var trainingOutput = module.Forward(input);
        var gradInput = module.Backward(trainingOutput);
        Assert.Equal(input.ShapeArray(), gradInput.ShapeArray());
        Assert.Throws<InvalidOperationException>(() => module.Backward(trainingOutput));
    }

    private static Module CreateModule(string name) => name switch
    {
        "conv" => new Conv2d(4, 3, 3),
        "depthwise" => new Depthwise.Nn.DepthwiseConv2d(4, 3),
        "pointwise" => new Depthwise.Nn.PointwiseConv2d(4, 2),
        "separable" => new DepthwiseSeparableConv2d(4, 2, 3),
        "batchnorm" => new BatchNorm2d(4),
        "relu" => new Relu(),
        "relu6" => new Relu6(),
        "hardswish" => new HardSwish(),
        "hardsigmoid" => new HardSigmoid(),
        "sigmoid" => new Sigmoid(),
        "dropout" => new Dropout(0.5, seed: 1),
        "flatten" => new Flatten(),
        "gap" => new GlobalAveragePool(),
        "maxpool" => new MaxPool2d(2),
        "avgpool" => new AvgPool2d(2),
        "linear" => new Linear(4, 3),
        "sequential" => new Sequential(new Relu(), new Flatten()),
        "residual" => new InvertedResidual(new Sequential(new Depthwise.Nn.PointwiseConv2d(4, 4), new Relu()), useResidual: true),
        _ => new SqueezeExcitation(4, 2),
    };
}
