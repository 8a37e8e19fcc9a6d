using System.Runtime.Intrinsics;
using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The one-row entry points of <see cref="Taps5x5Stride2Run"/> (<c>Run</c> and <c>RunSeven</c> on a
/// <see cref="DepthwiseRow"/>, which the operator's 5×5 drivers no longer call: they pass an output row and the block's
/// <see cref="ChannelBlockRows"/>), each row computed alone: bit for bit against the operator's blocked kernel.
/// </summary>
[Trait("Category", "Kernel")]
public unsafe class Taps5x5Stride2RunRowTests
{
    // Rows of 7 (14² input), 14 (28²: both ends tested) and 28 (56²: a first and a last run); vertical strides 2 and 1.
    [Theory]
    [InlineData(14, 2)]
    [InlineData(28, 2)]
    [InlineData(56, 2)]
    [InlineData(14, 1)]
    [InlineData(28, 1)]
    public void OneRowAtATimeEqualsTheBlockedKernel(int size, int strideHeight)
    {
        // Only AVX-512 computes these rows in runs (the tier tests run the others in child processes).
        if (!Vector512.IsHardwareAccelerated)
        {
            return;
        }

        const int lanes = 16;
        var stride = new Size2D(strideHeight, 2);
        var geometry = ConvGeometry.Create(size, size, 5, stride, 1, Padding.SameUpper);
        var dimensions = new DepthwiseConvDimensions(geometry, lanes, 1);
        Assert.True(DepthwiseConvKernel.Stride2RunsFit<Taps5x5Stride2Run>(dimensions, lanes));
        var random = new Random(size + strideHeight);
        var weights = DepthwiseConvCase.RandomValues(random, lanes * 25);
        var bias = DepthwiseConvCase.RandomValues(random, lanes);
        var input = DepthwiseConvCase.RandomValues(random, size * size * lanes);
        var expected = new float[geometry.OutputHeight * geometry.OutputWidth * lanes];
        using (var weightTensor = Tensor.FromSpan(weights, [lanes, 1, 5, 5]))
        using (var biasTensor = Tensor.FromSpan(bias, [lanes]))
        {
            var plan = DepthwiseConv2d.Prepare(weightTensor, biasTensor, new Conv2dOptions { Stride = stride, Padding = Padding.SameUpper, Threads = 1 });
            plan.ForwardBlocked(input, expected, 1, lanes, size, size);
        }

        var packedWeights = new float[25 * lanes];
        var packedBias = new float[lanes];
        DepthwiseConvKernel.PackWeights(weights, bias, lanes, 25, lanes, packedWeights, packedBias);
        var actual = new float[expected.Length];
        fixed (float* inputStart = input)
        fixed (float* weightStart = packedWeights)
        fixed (float* biasStart = packedBias)
        fixed (float* outputStart = actual)
        {
            var rowStride = (nint)size * lanes;
            var output = new BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>(outputStart, lanes, geometry.OutputWidth, geometry.OutputHeight);
            for (var y = 0; y < geometry.OutputHeight; y++)
            {
                var origin = geometry.InputRowOrigin(y);
                var (kyFirst, kyEnd) = DepthwiseConvDimensions.TapRange(origin, size, 5, 1);
                var row = new DepthwiseRow(inputStart + (origin * rowStride), lanes, rowStride, kyFirst, kyEnd, weightStart, biasStart, dimensions, y, Math.Min(geometry.OutputWidth, 8));
                RunRow(row, geometry.OutputWidth, ref output);
            }
        }

        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{size}², stride {stride}: one row at a time differs from the blocked kernel.");
    }

    private static void RunRow(in DepthwiseRow row, int width, ref BlockedOutput<SimdFloat512, Vector512<float>, CachedStores> output)
    {
        if (width == 7)
        {
            Taps5x5Stride2Run.RunSeven<SimdFloat512, Vector512<float>, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(row, ref output, default);
            return;
        }

        if (width == 14)
        {
            Taps5x5Stride2Run.Run<SimdFloat512, Vector512<float>, PaddedEnds.Both, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(row, 0, ref output, default);
            return;
        }

        Taps5x5Stride2Run.Run<SimdFloat512, Vector512<float>, PaddedEnds.First, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(row, 0, ref output, default);
        Taps5x5Stride2Run.Run<SimdFloat512, Vector512<float>, PaddedEnds.Last, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(row, width - 14, ref output, default);
    }
}
