using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// 3×3 and 5×5 stride-1 rows of 14·k pixels with "same" padding (one or two columns each side), which the blocked
/// kernel computes in runs of 14 pixels (AVX-512) instead of eight-pixel blocks, and 5×5 rows of 7 pixels (one run): against the scalar reference through
/// every entry point, and bit for bit against the eight-pixel blocks, reached by giving the same problem its left and
/// right padding as real zero columns.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseConvRunTests
{
    // 14 is one run with both edges; 28 a first and a last run; 42, 56 and 112 (MobileNet's widest, since session 11)
    // add middle runs; 126, past the widest run row, takes the eight-pixel blocks, as does 7 at 3×3, while a 5×5 row of
    // 7 is one whole-row run; each with a 3×3 and a 5×5 kernel.
    public static TheoryData<int, int> RunWidths()
    {
        var data = new TheoryData<int, int>();
        foreach (var kernel in new[] { 3, 5 })
        {
            foreach (var width in new[] { 7, 14, 28, 42, 56, 112, 126 })
            {
                data.Add(kernel, width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RunWidths))]
    public void RunRowsMatchTheReferenceOnEveryPath(int kernel, int width)
    {
        var activations = new[] { Activation.None, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f) };
        var cases = 0;
        foreach (var path in new[] { DepthwiseConvPath.Blocked, DepthwiseConvPath.Prepared, DepthwiseConvPath.Static })
        {
            foreach (var layout in path == DepthwiseConvPath.Blocked ? [TensorLayout.Nchw] : new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
            {
                // Heights 1–3 (1–4 at 5×5) have rows whose top and bottom tap rows are both padding; 16 channels are one whole block,
                // 35 three blocks with a padded (or, channels-last, overlapping) last one.
                foreach (var (height, channels) in new[] { (1, 16), (2, 35), (3, 16), (4, 16), (width, 35) })
                {
                    cases++;
                    (DepthwiseConvCase.Default with
                    {
                        Kernel = kernel,
                        Channels = channels,
                        Height = height,
                        Width = width,
                        Layout = layout,
                        Path = path,
                        Activation = activations[cases % activations.Length],
                        HasBias = cases % 2 == 0,
                        Threads = 1 + (cases % 3),
                        Seed = cases + width + kernel,
                    }).AssertOptimizedMatchesReference();
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(RunWidths))]
    public void RunRowsWithMultipliersAndBatchesMatchTheReference(int kernel, int width)
    {
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            foreach (var (multiplier, channels) in new[] { (2, 8), (3, 7), (2, 20) })
            {
                (DepthwiseConvCase.Default with
                {
                    Kernel = kernel,
                    Batch = 2,
                    Channels = channels,
                    Multiplier = multiplier,
                    Height = 5,
                    Width = width,
                    Layout = layout,
                    Activation = Activation.Relu6,
                    Seed = multiplier + channels + width,
                }).AssertOptimizedMatchesReference();
            }
        }
    }

    // The same sums with the padding columns made real zero columns and no left/right padding: those rows are not run
    // rows, so the eight-pixel blocks compute them, adding fma(0, w, acc) at the same taps as the runs do.
    [Theory]
    [MemberData(nameof(RunWidths))]
    public void RunRowsEqualTheEightPixelBlocksBitForBit(int kernel, int width)
    {
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            foreach (var threads in new[] { 1, 2 })
            {
                var problem = DepthwiseConvCase.Default with
                {
                    Kernel = kernel,
                    Channels = 35,
                    Height = 9,
                    Width = width,
                    Layout = layout,
                    Activation = Activation.Relu6,
                    Threads = threads,
                    Seed = width + threads,

                    // NCHW through the operator may take the planar or flat-plane kernels; the blocked entry point does not.
                    Path = layout == TensorLayout.Nchw ? DepthwiseConvPath.Blocked : DepthwiseConvPath.Prepared,
                };
                var (input, weights, bias) = problem.CreateTensors();
                var runs = problem.RunOptimized(input, weights, bias).ToLayout(TensorLayout.Nchw);

                var pad = kernel / 2;
                using var widened = WithZeroColumns(input.ToLayout(TensorLayout.Nchw), pad);
                var blocks = (problem with { Width = width + (2 * pad), Padding = Padding.Explicit(pad, 0, pad, 0) })
                    .RunOptimized(widened.ToLayout(layout), weights, bias)
                    .ToLayout(TensorLayout.Nchw);
                Assert.True(runs.Span.SequenceEqual(blocks.Span), $"{kernel}×{kernel}, width {width}, {layout}, {threads} threads: runs and eight-pixel blocks differ.");
            }
        }
    }

    // 3×3 rows of 14·k pixels run two output rows at a time (Taps3x3Stride1RowPair), whose first and last pairs must
    // skip the padding row above the image and below it, as every kernel does, not add fma(0, w, acc): with infinite
    // weights in kernel row 0 (2) and positive inputs, only output row 0 (the last one) stays finite (the others are +∞,
    // or NaN in their edge pixels, whose padding columns add fma(0, ∞, acc)). Heights 2 (one pair
    // with padding on both sides), 3 (a pair and a single row) and 14; two threads cut the rows into tiles that start
    // pairs at odd rows.
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void RowPairsSkipThePaddingRows(int infiniteKernelRow)
    {
        const int width = 28;
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            foreach (var height in new[] { 2, 3, 14 })
            {
                foreach (var threads in new[] { 1, 2 })
                {
                    var problem = DepthwiseConvCase.Default with
                    {
                        Channels = 35,
                        Height = height,
                        Width = width,
                        Layout = layout,
                        Threads = threads,
                        Seed = height + threads,
                        Path = layout == TensorLayout.Nchw ? DepthwiseConvPath.Blocked : DepthwiseConvPath.Prepared,
                    };
                    var (input, weights, bias) = problem.CreateTensors();
                    var values = input.Span;
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = MathF.Abs(values[i]) + 0.5f;
                    }

                    var taps = weights.Span;
                    for (var channel = 0; channel < problem.Channels; channel++)
                    {
                        taps.Slice((channel * 9) + (infiniteKernelRow * 3), 3).Fill(float.PositiveInfinity);
                    }

                    var output = problem.RunOptimized(input, weights, bias).ToLayout(TensorLayout.Nchw).Span;
                    var finiteRow = infiniteKernelRow == 0 ? 0 : height - 1;
                    for (var i = 0; i < output.Length; i++)
                    {
                        var row = i / width % height;
                        Assert.True(
                            float.IsFinite(output[i]) == (row == finiteRow),
                            $"{layout}, height {height}, {threads} threads: output row {row} is {output[i]}, expected {(row == finiteRow ? "finite" : "not finite")}.");
                    }
                }
            }
        }
    }

    // NCHW (N, C, H, W) → (N, C, H, W + 2·pad) with pad zero columns on each side.
    internal static Tensor WithZeroColumns(Tensor nchw, int pad)
    {
        var shape = nchw.ShapeArray();
        var (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3]);
        var widenedWidth = width + (2 * pad);
        var widened = new float[planes * height * widenedWidth];
        var source = nchw.Span;
        for (var row = 0; row < planes * height; row++)
        {
            source.Slice(row * width, width).CopyTo(widened.AsSpan((row * widenedWidth) + pad, width));
        }

        return new Tensor(widened, [shape[0], shape[1], height, widenedWidth]);
    }
}
