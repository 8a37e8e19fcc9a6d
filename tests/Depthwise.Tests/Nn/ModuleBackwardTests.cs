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
