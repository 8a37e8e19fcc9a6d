using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Nn;

/// <summary>
/// Training-mode modules write into buffers kept across steps: a reused buffer must give the same bits as a fresh
/// one, and skipping the input gradient must not change the parameter gradients.
/// </summary>
public sealed class TrainingBufferTests
{
    [Fact]
    public void ASecondStepOnReusedBuffersMatchesAFreshModelBitForBit()
    {
        var random = new Random(5);
        var first = ConvTestData.Image(random, 4, 1, 28, 28, TensorLayout.Nchw);
        var second = ConvTestData.Image(random, 4, 1, 28, 28, TensorLayout.Nchw);
        int[] labels = [1, 7, 3, 0];
        var loss = new CrossEntropyLoss();

        var reused = SmallCnn.CreateSeparable(seed: 3);
        var (_, gradLogits) = loss.Compute(reused.Forward(first), labels);
        reused.Backward(gradLogits);
        reused.ZeroGrad();
        var (reusedLoss, reusedGradLogits) = loss.Compute(reused.Forward(second), labels);
        var reusedGradInput = reused.Backward(reusedGradLogits).Span.ToArray();

        var fresh = SmallCnn.CreateSeparable(seed: 3);
        var (freshLoss, freshGradLogits) = loss.Compute(fresh.Forward(second), labels);
        var freshGradInput = fresh.Backward(freshGradLogits).Span.ToArray();

        Assert.Equal(freshLoss, reusedLoss);
        Assert.Equal(freshGradInput, reusedGradInput);
        var freshGradients = fresh.NamedParameters().Select(pair => pair.Parameter.Gradient!.Span.ToArray()).ToArray();
        var reusedGradients = reused.NamedParameters().Select(pair => pair.Parameter.Gradient!.Span.ToArray()).ToArray();
        Assert.Equal(freshGradients, reusedGradients);
    }

    [Fact]
    public void SkippingTheInputGradientReturnsNullAndKeepsParameterGradients()
    {
        var random = new Random(6);
        var input = ConvTestData.Image(random, 3, 1, 28, 28, TensorLayout.Nchw);
        int[] labels = [4, 2, 9];
        var loss = new CrossEntropyLoss();
        var full = SmallCnn.CreateStandard(seed: 4);
        var skipping = SmallCnn.CreateStandard(seed: 4);

        full.Backward(loss.Compute(full.Forward(input), labels).GradLogits);
        var gradInput = skipping.Backward(loss.Compute(skipping.Forward(input), labels).GradLogits, computeInputGradient: false);

        Assert.Null(gradInput);
        Assert.Equal(
            full.NamedParameters().Select(pair => pair.Parameter.Gradient!.Span.ToArray()).ToArray(),
            skipping.NamedParameters().Select(pair => pair.Parameter.Gradient!.Span.ToArray()).ToArray());
    }

    [Fact]
    public void InferenceForwardsReturnNewTensors()
    {
        var model = SmallCnn.CreateSeparable(seed: 2);
        model.Eval();
        var input = ConvTestData.Image(new Random(7), 2, 1, 28, 28, TensorLayout.Nchw);
        Assert.NotSame(model.Forward(input), model.Forward(input));
    }
}
