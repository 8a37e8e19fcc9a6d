using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The NCHW pointwise convolution split by image and its backward pass (∂in as a pointwise convolution with Wᵀ, in
/// either GEMM orientation), each against an independent per-image GEMM, bit for bit, and across thread counts.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class PointwiseConvKernelTests
{
    // With AVX-512, 32 → 96 at 7² runs with pixels as GEMM rows (forward and ∂in), the others with pixels in the vectors.
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 32, 96, 7, 7 },
        { 24, 40, 7, 7 },
        { 40, 24, 14, 14 },
        { 6, 20, 28, 28 },
        { 3, 4, 5, 5 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardSplitByImageEqualsPlainPerImageGemms(int inputChannels, int outputChannels, int height, int width)
    {
        var random = new Random(inputChannels + height);
        const int batch = 13;
        var input = ConvTestData.Image(random, batch, inputChannels, height, width, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, outputChannels, inputChannels);
        var bias = ConvTestData.Tensor(random, outputChannels);
        var pixels = height * width;

        // Independent of the orientation and the image split: one plain GEMM per image, W (Cout, Cin) · in_n (Cin, HW).
        var expected = new float[batch * outputChannels * pixels];
        for (var image = 0; image < batch; image++)
        {
            GemmKernel.Multiply(
                outputChannels, pixels, inputChannels, weights.Span, inputChannels, 1, input.Span[(image * inputChannels * pixels)..], pixels, 1,
                expected.AsSpan(image * outputChannels * pixels), pixels, bias.Span, GemmBias.PerRow, Activation.Relu6, threads: 1);
        }

        foreach (var threads in new[] { 1, 2, 3 })
        {
            Assert.Equal(threads > 1, PointwiseConvKernel.SplitsImages(batch, threads));
            var output = PointwiseConv2d.Forward(input, weights, bias, Activation.Relu6, threads);
            Assert.Equal(expected, output.Span.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardInputGradientEqualsPlainPerImageGemmsForAnyThreadCount(int inputChannels, int outputChannels, int height, int width)
    {
        var random = new Random(inputChannels * height);
        const int batch = 11;
        var input = ConvTestData.Image(random, batch, inputChannels, height, width, TensorLayout.Nchw);
        var weights = ConvTestData.Tensor(random, outputChannels, inputChannels, 1, 1);
        var gradOutput = ConvTestData.Image(random, batch, outputChannels, height, width, TensorLayout.Nchw);
        var pixels = height * width;

        // ∂in_n (Cin, HW) = Wᵀ · ∂out_n: W read in place as its transpose, ∂out_n in place.
        var expected = new float[batch * inputChannels * pixels];
        for (var image = 0; image < batch; image++)
        {
            GemmKernel.Multiply(
                inputChannels, pixels, outputChannels, weights.Span, 1, inputChannels, gradOutput.Span[(image * outputChannels * pixels)..], pixels, 1,
                expected.AsSpan(image * inputChannels * pixels), pixels, [], GemmBias.None, Activation.None, threads: 1);
        }

        var single = PointwiseConv2d.Backward(input, weights, gradOutput, threads: 1);
        var reference = Depthwise.Operators.Conv2d.BackwardReference(input, weights, gradOutput);
        Assert.Equal(expected, single.GradInput.Span.ToArray());
        AssertClose(reference.GradWeights.Span, single.GradWeights.Span);
        AssertClose(reference.GradBias!.Span, single.GradBias!.Span);
        foreach (var threads in new[] { 2, 3 })
        {
            var multi = PointwiseConv2d.Backward(input, weights, gradOutput, threads: threads);
            Assert.Equal(expected, multi.GradInput.Span.ToArray());
            Assert.Equal(single.GradWeights.Span.ToArray(), multi.GradWeights.Span.ToArray());
            Assert.Equal(single.GradBias!.Span.ToArray(), multi.GradBias!.Span.ToArray());
        }
    }

    [Fact]
    public void TheShapesCoverBothOrientations()
    {
        // Forward Cin → Cout and ∂in Cout → Cin, with pixels as rows at 7² (where the transposed stores run in
        // registers, AVX-512) and with pixels in the vectors at 28².
        if (GemmKernel.Lanes == 16)
        {
            Assert.True(PointwiseConvKernel.TransposesNchw(32, 96, 7 * 7));
            Assert.True(PointwiseConvKernel.TransposesNchw(96, 32, 7 * 7));
        }

        Assert.False(PointwiseConvKernel.TransposesNchw(6, 20, 28 * 28));
        Assert.False(PointwiseConvKernel.TransposesNchw(20, 6, 28 * 28));
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"[{i}]: expected {expected[i]}, got {actual[i]}.");
        }
    }
}
