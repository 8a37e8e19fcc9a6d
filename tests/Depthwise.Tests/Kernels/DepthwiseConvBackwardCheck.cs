using System.Globalization;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>Runs the optimized backward pass and the scalar reference on one <see cref="DepthwiseConvCase"/> and compares them.</summary>
internal static class DepthwiseConvBackwardCheck
{
    // Both sides add the same products in different orders (the reference scatters one product at a time; the
    // kernels gather with FMAs and per-lane partial sums), so each gradient may differ by a few float roundings of
    // Σ|terms|; the weight gradients sum N·Ho·Wo terms, hence a looser bound than the forward's.
    private const float RelativeTolerance = 3e-5f;

    /// <summary>∂L/∂output for the case: random values in [-1, 1] in the case's layout.</summary>
    public static Tensor GradOutput(DepthwiseConvCase problem, Tensor input, Tensor weights)
    {
        var geometry = DepthwiseConv2d.Geometry(input, weights, problem.Options);
        var random = new Random(problem.Seed + 7919);
        var gradOutput = Tensor.Image(problem.Batch, problem.Channels * problem.Multiplier, geometry.OutputHeight, geometry.OutputWidth, problem.Layout);
        var span = gradOutput.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (random.NextSingle() * 2f) - 1f;
        }

        return gradOutput;
    }

    public static void AssertOptimizedMatchesReference(DepthwiseConvCase problem)
    {
        var (input, weights, _) = problem.CreateTensors();
        var options = problem.Options with { Activation = Activation.None };
        var gradOutput = GradOutput(problem, input, weights);
        var optimized = DepthwiseConv2d.Backward(input, weights, gradOutput, options, problem.HasBias);
        var reference = DepthwiseConv2d.BackwardReference(input, weights, gradOutput, options, problem.HasBias);
        var magnitude = DepthwiseConv2d.BackwardReference(ConvTestData.Abs(input), ConvTestData.Abs(weights), ConvTestData.Abs(gradOutput), options, problem.HasBias);

        AssertClose(problem, "gradInput", reference.GradInput, optimized.GradInput, magnitude.GradInput);
        AssertClose(problem, "gradWeights", reference.GradWeights, optimized.GradWeights, magnitude.GradWeights);
        Assert.Equal(problem.HasBias, optimized.GradBias is not null);
        if (problem.HasBias)
        {
            AssertClose(problem, "gradBias", reference.GradBias!, optimized.GradBias!, magnitude.GradBias!);
        }
    }

    private static void AssertClose(DepthwiseConvCase problem, string what, Tensor expected, Tensor actual, Tensor magnitude)
    {
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        Assert.Equal(expected.Layout, actual.Layout);
        for (var i = 0; i < expected.Length; i++)
        {
            var error = MathF.Abs(actual.Span[i] - expected.Span[i]);
            var allowed = RelativeTolerance * (1f + magnitude.Span[i]);
            if (!(error <= allowed))
            {
                Assert.Fail(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{problem}: {what} element {i} is {actual.Span[i]}, reference {expected.Span[i]} (error {error}, allowed {allowed})."));
            }
        }
    }

}
