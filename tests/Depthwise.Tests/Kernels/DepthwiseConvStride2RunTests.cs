using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// 3×3 and 5×5 stride-2 rows of 7, 14, 28, 42 and 56 output pixels, which the blocked kernel computes in runs (AVX-512:
/// runs of 14, or rows of 7 two or three at a time) instead of eight-pixel blocks: against the scalar reference through every entry point
/// and with every kind of column padding a run handles, and bit for bit against the eight-pixel blocks, reached by
/// making the padding columns real zero columns and the row one pixel wider.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseConvStride2RunTests
{
    // 7 is a whole row (in groups of rows), 14 one run with both ends tested, 28 a first and a last run, 42 adds a middle
    // run, 56 two. Each with a 3×3 and a 5×5 kernel.
    public static TheoryData<int, int> RunWidths()
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
    [MemberData(nameof(RunWidths))]
    public void Stride2RunRowsMatchTheReferenceOnEveryPathAndPadding(int kernel, int outputWidth)
    {
        var activations = new[] { Activation.None, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f) };
        var cases = 0;
        foreach (var (padding, inputWidth) in Paddings(kernel, outputWidth))
        {
            foreach (var path in new[] { DepthwiseConvPath.Blocked, DepthwiseConvPath.Prepared, DepthwiseConvPath.Static })
            {
                foreach (var layout in path == DepthwiseConvPath.Blocked ? [TensorLayout.Nchw] : new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
                {
                    // Heights 1 and 2 have rows whose top and bottom tap rows are padding (with padding); 16 channels are one whole block,
                    // 35 three blocks with a padded (or, channels-last, overlapping) last one.
                    foreach (var (rows, channels) in new[] { (1, 16), (2, 35), (9, 16) })
                    {
                        // Without padding the image must hold the kernel's rows.
                        var height = padding.Mode == PaddingMode.Valid ? rows + kernel - 1 : rows;
                        cases++;
                        var problem = DepthwiseConvCase.Default with
                        {
                            Kernel = kernel,
                            Stride = 2,
                            Padding = padding,
                            Channels = channels,
                            Height = height,
                            Width = inputWidth,
                            Layout = layout,
                            Path = path,
                            Activation = activations[cases % activations.Length],
                            HasBias = cases % 2 == 0,
                            Threads = 1 + (cases % 3),
                            Seed = cases + outputWidth + kernel,
                        };
                        Assert.Equal(outputWidth, ConvGeometry.Create(height, inputWidth, kernel, 2, 1, padding).OutputWidth);
                        problem.AssertOptimizedMatchesReference();
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(RunWidths))]
    public void Stride2RunRowsWithMultipliersAndBatchesMatchTheReference(int kernel, int outputWidth)
    {
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            foreach (var (multiplier, channels) in new[] { (2, 8), (3, 7) })
            {
                (DepthwiseConvCase.Default with
                {
                    Kernel = kernel,
                    Stride = 2,
                    Batch = 2,
                    Channels = channels,
                    Multiplier = multiplier,
                    Height = 6,
                    Width = 2 * outputWidth,
                    Layout = layout,
                    Activation = Activation.Relu6,
                    Seed = multiplier + channels + outputWidth,
                }).AssertOptimizedMatchesReference();
            }
        }
    }

    // Rows of 7 run two or three rows at a time (the last three of a work item together, one row alone only in a
    // work item of one row; 3×3: a pair sharing its middle input row, and a third row alone): every height from 1 to 12
    // gives groups whose upper rows have kernel rows in the bottom padding or whose lower rows have some in the top
    // padding; with four padding rows above, a group's rows can share no kernel row at all. A group derives its rows'
    // input rows and in-image kernel rows from the vertical stride, so vertical strides 1 and 3 run too (5×5 rows
    // sharing four kernel rows' input, or two; 3×3 rows one at a time). Symmetric padding kernel / 2 on 14 columns
    // is the 5×5 rows whose padding columns are known when compiled. Against the reference on every entry point, and
    // bit for bit between one and three threads, whose work items cut the rows into groups at other places.
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void RowsOfSevenInGroupsMatchTheReferenceAtEveryHeight(int kernel)
    {
        foreach (var strideHeight in new[] { 2, 1, 3 })
        {
            foreach (var (padding, inputWidth) in new[] { (Padding.SameUpper, 14), (Padding.Explicit(4), kernel == 5 ? 9 : 7), (Padding.Explicit(kernel / 2), 14) })
            {
                for (var height = 1; height <= 12; height++)
                {
                    var stride = new Size2D(strideHeight, 2);
                    var problem = DepthwiseConvCase.Default with
                    {
                        Kernel = kernel,
                        Stride = stride,
                        Padding = padding,
                        Channels = 35,
                        Height = height,
                        Width = inputWidth,
                        Activation = Activation.Relu6,
                        Threads = 1,
                        Seed = height,
                    };
                    Assert.Equal(7, ConvGeometry.Create(height, inputWidth, kernel, stride, 1, padding).OutputWidth);
                    problem.AssertEntryPointsAgree("the blocked kernel");
                    var (input, weights, bias) = problem.CreateTensors();
                    using var oneThread = (problem with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
                    using var threeThreads = (problem with { Path = DepthwiseConvPath.Blocked, Threads = 3 }).RunOptimized(input, weights, bias);
                    Assert.True(oneThread.Span.SequenceEqual(threeThreads.Span), $"{padding}, stride {stride}, height {height}: one and three threads differ.");
                }
            }
        }
    }

    // The same sums with the padding columns made real zero columns, no left or right padding, and enough zero columns
    // on the right for one more output pixel: a row of 8, 15, 29, 43 or 57 pixels is not a run row, so the eight-pixel
    // blocks compute it, adding fma(0, w, acc) at the same taps as the runs do; its first pixels must equal the runs' bits.
    [Theory]
    [MemberData(nameof(RunWidths))]
    public void Stride2RunRowsEqualTheEightPixelBlocksBitForBit(int kernel, int outputWidth)
    {
        foreach (var (padding, inputWidth) in Paddings(kernel, outputWidth))
        {
            foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
            {
                var threads = layout == TensorLayout.Nchw ? 1 : 2;
                var problem = DepthwiseConvCase.Default with
                {
                    Kernel = kernel,
                    Stride = 2,
                    Padding = padding,
                    Channels = 35,
                    Height = 9,
                    Width = inputWidth,
                    Layout = layout,
                    Activation = Activation.Relu6,
                    Threads = threads,
                    Seed = outputWidth + threads,

                    // NCHW through the operator may take the planar or flat-plane kernels; the blocked entry point does not.
                    Path = layout == TensorLayout.Nchw ? DepthwiseConvPath.Blocked : DepthwiseConvPath.Prepared,
                };
                var (input, weights, bias) = problem.CreateTensors();
                using var runs = problem.RunOptimized(input, weights, bias).ToLayout(TensorLayout.Nchw);

                var geometry = ConvGeometry.Create(problem.Height, inputWidth, kernel, 2, 1, padding);
                var left = geometry.PadLeft;
                var right = (2 * outputWidth) + kernel - left - inputWidth;
                using var widened = WithZeroColumns(input.ToLayout(TensorLayout.Nchw), left, right);
                var blockPadding = Padding.Explicit(geometry.PadTop, 0, geometry.PadBottom, 0);
                using var blocks = (problem with { Width = inputWidth + left + right, Padding = blockPadding })
                    .RunOptimized(widened.ToLayout(layout), weights, bias)
                    .ToLayout(TensorLayout.Nchw);
                Assert.Equal(outputWidth + 1, blocks.ShapeArray()[3]);
                var runValues = runs.Span;
                var blockValues = blocks.Span;
                for (var row = 0; row < runValues.Length / outputWidth; row++)
                {
                    Assert.True(
                        runValues.Slice(row * outputWidth, outputWidth).SequenceEqual(blockValues.Slice(row * (outputWidth + 1), outputWidth)),
                        $"{kernel}×{kernel} s2, output width {outputWidth}, {padding}, {layout}: runs and eight-pixel blocks differ in row {row}.");
                }
            }
        }
    }

    // Paddings giving `outputWidth` pixels, and the input width for each: SAME_UPPER on an even width (3×3: none left,
    // one right; 5×5: one and two) and on an odd one (one and one; two and two), PyTorch's symmetric kernel / 2, and none.
    private static (Padding Padding, int InputWidth)[] Paddings(int kernel, int outputWidth) =>
    [
        (Padding.SameUpper, 2 * outputWidth),
        (Padding.SameUpper, (2 * outputWidth) - 1),
        (Padding.Explicit(kernel / 2), 2 * outputWidth),
        (Padding.Valid, (2 * outputWidth) + kernel - 2),
    ];

    // NCHW (N, C, H, W) → (N, C, H, left + W + right) with zero columns on each side.
    private static Tensor WithZeroColumns(Tensor nchw, int left, int right)
    {
        var shape = nchw.ShapeArray();
        var (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3]);
        var widenedWidth = left + width + right;
        var widened = new float[planes * height * widenedWidth];
        var source = nchw.Span;
        for (var row = 0; row < planes * height; row++)
        {
            source.Slice(row * width, width).CopyTo(widened.AsSpan((row * widenedWidth) + left, width));
        }

        return new Tensor(widened, [shape[0], shape[1], height, widenedWidth]);
    }
}
