using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The entry points of the stride-2 runs (<see cref="IDepthwiseStride2RunTaps"/>: <c>RunAt</c> for a run of 14 and
/// <c>RunSevenRows</c> for one, two or three rows of 7), called directly with a channel block's
/// <see cref="ChannelBlockRows"/> and an output row, rows of 7 in groups of 1, 2 and 3 at every offset (3×3: a row pair
/// sharing an input row at vertical stride 2, rows one at a time otherwise): bit for bit against the eight-pixel blocks, reached by making the padding columns real zero columns and the row one pixel
/// wider. A run or group derives its input rows and in-image kernel rows from the block's vertical stride and top
/// padding, so vertical strides 1, 2 and 3 run with every column padding a run handles, at heights whose rows reach
/// into the top and bottom padding.
/// </summary>
[Trait("Category", "Kernel")]
public unsafe class Stride2RunEntryPointTests
{
    private const int Lanes = 16;

    public static TheoryData<int, int> KernelsAndWidths()
    {
        var data = new TheoryData<int, int>();
        foreach (var kernel in new[] { 3, 5 })
        {
            foreach (var width in new[] { 7, 14, 28, 42, 56 })
            {
                data.Add(kernel, width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsAndWidths))]
    public void EachRunAndGroupEqualsTheEightPixelBlocks(int kernel, int outputWidth)
    {
        // Only AVX-512 computes these rows in runs (the tier tests run the others in child processes).
        if (!Vector512.IsHardwareAccelerated)
        {
            return;
        }

        foreach (var strideHeight in new[] { 1, 2, 3 })
        {
            foreach (var (padding, inputWidth) in Paddings(kernel, outputWidth))
            {
                foreach (var rows in new[] { 1, 2, 5, 8 })
                {
                    var height = padding.Mode == PaddingMode.Valid ? rows + kernel - 1 : rows;
                    var stride = new Size2D(strideHeight, 2);
                    var geometry = ConvGeometry.Create(height, inputWidth, kernel, stride, 1, padding);
                    var dimensions = new DepthwiseConvDimensions(geometry, Lanes, 1);
                    Assert.Equal(outputWidth, geometry.OutputWidth);
                    Assert.True(kernel == 3 ? DepthwiseConvKernel.Stride2RunsFit<Taps3x3Stride2Run>(dimensions, Lanes) : DepthwiseConvKernel.Stride2RunsFit<Taps5x5Stride2Run>(dimensions, Lanes));
                    var random = new Random((kernel * 1000) + (outputWidth * 10) + strideHeight + height);
                    var weights = DepthwiseConvCase.RandomValues(random, Lanes * kernel * kernel);
                    var bias = DepthwiseConvCase.RandomValues(random, Lanes);
                    var input = DepthwiseConvCase.RandomValues(random, height * inputWidth * Lanes);
                    var expected = EightPixelBlocks(input, weights, bias, geometry, stride);
                    var actual = kernel == 3
                        ? EntryPoints<Taps3x3Stride2Run>(input, weights, bias, dimensions)
                        : EntryPoints<Taps5x5Stride2Run>(input, weights, bias, dimensions);
                    Assert.True(
                        expected.AsSpan().SequenceEqual(actual),
                        $"{kernel}×{kernel}, stride {stride}, {padding}, input {height}×{inputWidth}: the entry points differ from the eight-pixel blocks.");
                }
            }
        }
    }

    // Taps in padding columns add fma(0, w, acc) in every body, so a lane with an infinite weight is NaN wherever that
    // tap meets a padding column and ±∞ elsewhere, and a lane of +0 weights on a −0 bias turns +0 at its first padding
    // tap (or positive input): 5×5 rows of 7 at vertical stride 2 (pairs of rows reading their shared input rows once, and a third row alone)
    // give the eight-pixel blocks' bits for both, compared as integers (−0 and +0 compare equal as floats).
    [Fact]
    public void FiveByFiveRowsOfSevenKeepThePaddingTapsOfInfiniteWeightsAndNegativeZeroBias()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return;
        }

        const int kernel = 5;
        var stride = new Size2D(2, 2);
        foreach (var (padding, inputWidth) in Paddings(kernel, 7))
        {
            for (var height = 1; height <= 12; height++)
            {
                var inputHeight = padding.Mode == PaddingMode.Valid ? height + kernel - 1 : height;
                var geometry = ConvGeometry.Create(inputHeight, inputWidth, kernel, stride, 1, padding);
                var dimensions = new DepthwiseConvDimensions(geometry, Lanes, 1);
                var random = new Random(height);
                var weights = DepthwiseConvCase.RandomValues(random, Lanes * kernel * kernel);
                var bias = DepthwiseConvCase.RandomValues(random, Lanes);
                var input = DepthwiseConvCase.RandomValues(random, inputHeight * inputWidth * Lanes);

                // Lanes 0–4: kernel row `lane`'s first tap infinite (pixel 0's left padding column), lanes 5–9 its second
                // (a second padding column with padding 2), lanes 10–14 its last (pixel 6's right padding column); lane
                // 15: +0 weights, bias −0. NaN is sticky, so each kernel row's padding taps need lanes of their own.
                for (var ky = 0; ky < kernel; ky++)
                {
                    weights[(ky * kernel * kernel) + (ky * kernel)] = float.PositiveInfinity;
                    weights[((ky + 5) * kernel * kernel) + (ky * kernel) + 1] = float.PositiveInfinity;
                    weights[((ky + 10) * kernel * kernel) + (ky * kernel) + 4] = float.PositiveInfinity;
                }

                weights.AsSpan(15 * kernel * kernel, kernel * kernel).Clear();
                bias[15] = -0f;
                var expected = EightPixelBlocks(input, weights, bias, geometry, stride);
                var actual = EntryPoints<Taps5x5Stride2Run>(input, weights, bias, dimensions);
                for (var y = 0; y < geometry.OutputHeight && geometry.PadLeft > 0; y++)
                {
                    for (var ky = 0; ky < kernel; ky++)
                    {
                        var inputRow = (y * stride.Height) - geometry.PadTop + ky;
                        Assert.Equal((uint)inputRow < (uint)inputHeight, float.IsNaN(expected[(y * geometry.OutputWidth * Lanes) + ky]));
                    }
                }

                Assert.True(
                    MemoryMarshal.Cast<float, int>(expected).SequenceEqual(MemoryMarshal.Cast<float, int>(actual)),
                    $"{padding}, input {inputHeight}×{inputWidth}: the rows of 7 differ from the eight-pixel blocks' bits.");
            }
        }
    }

    // Paddings giving `outputWidth` pixels, and the input width for each: SAME_UPPER on an even and an odd width,
    // symmetric kernel / 2 (with four padding rows above and below, so that rows of a group share no kernel row; for 5×5
    // rows of 7 the padding columns known when compiled), none.
    private static (Padding Padding, int InputWidth)[] Paddings(int kernel, int outputWidth) =>
    [
        (Padding.SameUpper, 2 * outputWidth),
        (Padding.SameUpper, (2 * outputWidth) - 1),
        (Padding.Explicit(4, kernel / 2, 4, kernel / 2), 2 * outputWidth),
        (Padding.Valid, (2 * outputWidth) + kernel - 2),
    ];

    // input (H, W, 16), one channel block → output (Ho, Wo, 16) through TRunTaps's entry points: rows of 7 in groups of
    // 1, 2, 3, 1, 2, 3 … rows (as many as are left), rows of 14·k run by run
    private static float[] EntryPoints<TRunTaps>(float[] input, float[] weights, float[] bias, DepthwiseConvDimensions dimensions)
        where TRunTaps : struct, IDepthwiseStride2RunTaps
    {
        var geometry = dimensions.Geometry;
        var kernelArea = geometry.Kernel.Height * geometry.Kernel.Width;
        var packedWeights = new float[kernelArea * Lanes];
        var packedBias = new float[Lanes];
        DepthwiseConvKernel.PackWeights(weights, bias, Lanes, kernelArea, Lanes, packedWeights, packedBias);
        var actual = new float[geometry.OutputHeight * geometry.OutputWidth * Lanes];
        fixed (float* inputStart = input)
        fixed (float* weightStart = packedWeights)
        fixed (float* biasStart = packedBias)
        fixed (float* outputStart = actual)
        {
            var block = new ChannelBlockRows(inputStart, Lanes, (nint)geometry.InputWidth * Lanes, weightStart, biasStart, dimensions);
            var output = new BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>(outputStart, Lanes, geometry.OutputWidth, geometry.OutputHeight);
            var width = geometry.OutputWidth;
            var groups = 0;
            for (var y = 0; y < geometry.OutputHeight;)
            {
                if (width == 7)
                {
                    var rows = Math.Min((groups++ % 3) + 1, geometry.OutputHeight - y);
                    SevenRows<TRunTaps>(block, y, rows, ref output);
                    y += rows;
                    continue;
                }

                RunsAcrossRow<TRunTaps>(block, y, width, ref output);
                y++;
            }
        }

        return actual;
    }

    private static void SevenRows<TRunTaps>(in ChannelBlockRows block, int y, int rows, ref BlockedOutput<SimdFloat512, Vector512<float>, CachedStores> output)
        where TRunTaps : struct, IDepthwiseStride2RunTaps
    {
        switch (rows)
        {
            case 1:
                TRunTaps.RunSevenRows<SimdFloat512, Vector512<float>, GemmCount.One, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(block, y, ref output, default);
                break;
            case 2:
                TRunTaps.RunSevenRows<SimdFloat512, Vector512<float>, GemmCount.Two, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(block, y, ref output, default);
                break;
            default:
                TRunTaps.RunSevenRows<SimdFloat512, Vector512<float>, GemmCount.Three, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(block, y, ref output, default);
                break;
        }
    }

    // Left to right, as a row driver does: a run's second eight-pixel store lands on the next run's first two pixels.
    private static void RunsAcrossRow<TRunTaps>(in ChannelBlockRows block, int y, int width, ref BlockedOutput<SimdFloat512, Vector512<float>, CachedStores> output)
        where TRunTaps : struct, IDepthwiseStride2RunTaps
    {
        if (width == 14)
        {
            TRunTaps.RunAt<SimdFloat512, Vector512<float>, PaddedEnds.Both, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(block, y, 0, ref output, default);
            return;
        }

        TRunTaps.RunAt<SimdFloat512, Vector512<float>, PaddedEnds.First, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(block, y, 0, ref output, default);
        for (var x = 14; x < width - 14; x += 14)
        {
            TRunTaps.RunAt<SimdFloat512, Vector512<float>, PaddedEnds.None, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(block, y, x, ref output, default);
        }

        TRunTaps.RunAt<SimdFloat512, Vector512<float>, PaddedEnds.Last, BlockedOutput<SimdFloat512, Vector512<float>, CachedStores>, IdentityOperator>(block, y, width - 14, ref output, default);
    }

    // The same sums through the eight-pixel blocks: the padding columns made zero columns of a wider input (no left or
    // right padding) with one more output pixel per row, so the row is no run row; its first Wo pixels per row.
    private static float[] EightPixelBlocks(float[] input, float[] weights, float[] bias, ConvGeometry geometry, Size2D stride)
    {
        var (height, width, kernel) = (geometry.InputHeight, geometry.InputWidth, geometry.Kernel.Width);
        var left = geometry.PadLeft;
        var right = (2 * geometry.OutputWidth) + kernel - left - width;
        var widenedWidth = left + width + right;
        var widened = new float[height * widenedWidth * Lanes];
        for (var row = 0; row < height; row++)
        {
            input.AsSpan(row * width * Lanes, width * Lanes).CopyTo(widened.AsSpan(((row * widenedWidth) + left) * Lanes));
        }

        var wideOutputWidth = geometry.OutputWidth + 1;
        var wide = new float[geometry.OutputHeight * wideOutputWidth * Lanes];
        using (var weightTensor = Tensor.FromSpan(weights, [Lanes, 1, kernel, kernel]))
        using (var biasTensor = Tensor.FromSpan(bias, [Lanes]))
        {
            var padding = Padding.Explicit(geometry.PadTop, 0, geometry.PadBottom, 0);
            Assert.Equal(wideOutputWidth, ConvGeometry.Create(height, widenedWidth, kernel, stride, 1, padding).OutputWidth);
            var plan = DepthwiseConv2d.Prepare(weightTensor, biasTensor, new Conv2dOptions { Stride = stride, Padding = padding, Threads = 1 });
            plan.ForwardBlocked(widened, wide, 1, Lanes, height, widenedWidth);
        }

        var expected = new float[geometry.OutputHeight * geometry.OutputWidth * Lanes];
        for (var row = 0; row < geometry.OutputHeight; row++)
        {
            wide.AsSpan(row * wideOutputWidth * Lanes, geometry.OutputWidth * Lanes).CopyTo(expected.AsSpan(row * geometry.OutputWidth * Lanes));
        }

        return expected;
    }
}
