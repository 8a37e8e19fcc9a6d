using System.Globalization;
using Depthwise.Kernels;
using Depthwise.Operators;

namespace Depthwise.Tests.Kernels;

[Trait("Category", "Kernel")]
public class GemmKernelTests
{
    // Sizes below, at and just past every tile height (4, 6, 7, 8), vector width (4, 8, 16) and panel width (8, 16, 32,
    // and 48 for in-place operands with Vector512), and 40 = two vectors and a half.
    private static readonly int[] Sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 40, 47, 48, 49, 64, 65, 70];

    private static readonly int[] Depths = [1, 2, 7, 16, 17, 33, 70];

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    // One micro-tile per work item (the block counts are clamped to the panels), so the sweep crosses every tile boundary.
    private static readonly GemmTiling Smallest = new(int.MaxValue, int.MaxValue);

    public static TheoryData<int> Rows => [.. Sizes];

    [Theory]
    [MemberData(nameof(Rows))]
    public void MatchesTheReferenceForEverySizeBiasAndActivation(int rows)
    {
        var random = new Random(rows);
        var variant = 0;
        foreach (var columns in Sizes)
        {
            foreach (var depth in Depths)
            {
                // Rotate bias mode, activation, operand orders, packing, output order and tiling so each meets many sizes
                // (variants 4, 18, 24 and 28 of every 30 store the tiles of a right operand read in place transposed).
                var layout = new Layout(
                    TransposeLeft: variant % 8 >= 6, TransposeRight: variant % 2 == 1, PackRight: variant % 3 == 2, TransposeOutput: variant % 5 >= 3);
                var tiling = variant % 4 < 2 ? Smallest : (GemmTiling?)null;
                Check(random, rows, columns, depth, (GemmBias)(variant % 3), Activations[variant % Activations.Length], layout, tiling, threads: 1);
                variant++;
            }
        }
    }

    [Theory]
    [InlineData(100, 400, 300)]
    [InlineData(24, 3136, 144)]
    [InlineData(49, 160, 576)]
    [InlineData(97, 390, 257)]
    [InlineData(896, 16, 144)] // one-vector tiles (folded broadcasts) over many row panels: MobileNetV2's 32 → 16 projection band
    [InlineData(203, 24, 32)] // a one-vector tile beside a half-vector one, and a 3-row remainder
    [InlineData(49, 1000, 40)] // 32 packed panels, each prefetching the next; the last (8 columns) narrower than the prefetch stride
    [InlineData(144, 3136, 24)] // MobileNetV2's 24 → 144 @ 56²: 8 × 48 tiles over the image read in place, a last panel of 16
    [InlineData(24, 1176, 144)] // a fused block's 144 → 24 projection over 21 rows of 56 pixels: 24 panels of 48, rows in 3 tiles
    [InlineData(19, 136, 9)] // 48-column in-place panels with a last one of two vectors and a half (136 = 2·48 + 40)
    public void DefaultTilingMatchesTheReferenceOnLargerProblems(int rows, int columns, int depth)
    {
        var random = new Random(rows + columns + depth);
        Check(random, rows, columns, depth, GemmBias.PerRow, Activation.Relu6, new Layout(false, false, false, false), null, threads: 2);
        Check(random, rows, columns, depth, GemmBias.PerRow, Activation.None, new Layout(false, false, false, true), null, threads: 1);
        Check(random, rows, columns, depth, GemmBias.PerColumn, Activation.None, new Layout(false, true, false, false), null, threads: 2);
        Check(random, rows, columns, depth, GemmBias.PerColumn, Activation.HardSwish, new Layout(true, true, true, true), null, threads: 2);
    }

    // One thread, operands in place, an output over 1 MiB and more than 32 rows: each row tile sweeps across a chunk of
    // 48-column panels (256 KiB of the right operand) before the next, then the columns after the last whole panel run
    // panel by panel.
    [Theory]
    [InlineData(144, 3136, 24)] // MobileNetV2's 24 → 144 @ 56²: one chunk of all 65 panels, then a panel of 16
    [InlineData(43, 7000, 300)] // 36 chunks of 4 panels and one of 1, then 40 columns; row tiles of 8 × 5 and 3
    [InlineData(37, 7400, 1400)] // chunks of one panel, then 8 columns; row tiles of 8 × 4 and 5
    public void OneThreadSweepsAcrossChunksOfPanelsAsTheReference(int rows, int columns, int depth)
    {
        var random = new Random(rows + columns + depth);
        var variant = 0;
        foreach (var biasMode in new[] { GemmBias.None, GemmBias.PerRow, GemmBias.PerColumn })
        {
            foreach (var transposeLeft in new[] { false, true })
            {
                Check(random, rows, columns, depth, biasMode, Activations[variant++ % Activations.Length], new Layout(transposeLeft, false, false, false), null, threads: 1);
            }
        }
    }

    [Theory]
    [InlineData(70, 69, 50, false)]
    [InlineData(43, 7000, 300, false)]
    [InlineData(130, 800, 300, false)]
    [InlineData(49, 200, 96, true)]
    [InlineData(113, 16, 40, true)]
    [InlineData(49, 1000, 40, true)]
    [InlineData(40, 3136, 24, false)]
    public void ResultIsBitwiseIdenticalForAnyThreadCountAndTiling(int rows, int columns, int depth, bool transposeOutput)
    {
        var random = new Random(7);
        var left = Values(random, rows * depth);
        var right = Values(random, depth * columns);
        var bias = Values(random, columns);
        var layout = new Layout(TransposeLeft: false, TransposeRight: false, PackRight: transposeOutput, transposeOutput);
        float[]? first = null;
        foreach (var (threads, tiling) in new[] { (1, (GemmTiling?)null), (2, null), (3, null), (7, null), (2, Smallest), (1, new GemmTiling(3, 2)) })
        {
            var output = new float[rows * columns];
            Run(rows, columns, depth, left, right, output, bias, GemmBias.PerColumn, Activation.HardSwish, layout, tiling, threads);
            first ??= output;
            Assert.True(
                first.AsSpan().SequenceEqual(output),
                string.Create(CultureInfo.InvariantCulture, $"{threads} threads with tiling {tiling} differ from 1 thread."));
        }
    }

    [Fact]
    public void ReferenceMultipliesATwoByTwoByHand()
    {
        // [1 2; 3 4] · [5 6; 7 8] = [1·5+2·7  1·6+2·8; 3·5+4·7  3·6+4·8] = [19 22; 43 50], plus row bias (1, -100), ReLU.
        var output = new float[4];
        GemmReference.Multiply(2, 2, 2, [1, 2, 3, 4], 2, 1, [5, 6, 7, 8], 2, 1, output, 2, [1, -100], GemmBias.PerRow, Activation.Relu);
        Assert.Equal([20f, 23f, 0f, 0f], output);
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(8, 8)]
    [InlineData(9, 7)]
    [InlineData(49, 7)]
    [InlineData(196, 8)]
    [InlineData(3136, 8)]
    public void TileRowsAvoidOneRowRemaindersWhereAShorterTileCan(int rows, int expectedWithVector512)
    {
        var tileRows = GemmKernel.TileRows(rows);
        Assert.InRange(tileRows, 1, GemmKernel.MaxTileRows);
        if (GemmKernel.MaxTileRows == 8)
        {
            Assert.Equal(Math.Min(rows, expectedWithVector512), tileRows);
        }
    }

    private static void Check(
        Random random, int rows, int columns, int depth, GemmBias biasMode, Activation activation, Layout layout, GemmTiling? tiling, int threads)
    {
        // Left rows padded to depth + 3 (or, transposed, its columns to rows + 3) and output rows to columns + 5 (or,
        // transposed, its columns to rows + 5): strides differ from the logical widths, and the gaps must come back
        // untouched (edge tiles write through a scratch tile, never past a row's end).
        var leftStride = layout.TransposeLeft ? rows + 3 : depth + 3;
        var left = Values(random, layout.TransposeLeft ? depth * leftStride : rows * leftStride);
        var right = Values(random, depth * columns);
        var bias = biasMode switch
        {
            GemmBias.PerRow => Values(random, rows),
            GemmBias.PerColumn => Values(random, columns),
            _ => [],
        };
        var (outputRows, outputColumns) = layout.TransposeOutput ? (columns, rows + 5) : (rows, columns + 5);
        var expected = new float[rows * columns];
        var actual = new float[outputRows * outputColumns];
        actual.AsSpan().Fill(float.NaN);
        var (leftRowStride, leftColumnStride) = layout.TransposeLeft ? (1, leftStride) : (leftStride, 1);
        var (rightRowStride, rightColumnStride) = layout.TransposeRight ? (1, depth) : (columns, 1);
        GemmReference.Multiply(rows, columns, depth, left, leftRowStride, leftColumnStride, right, rightRowStride, rightColumnStride, expected, columns, bias, biasMode, activation);
        Run(rows, columns, depth, left, right, actual, bias, biasMode, activation, layout, tiling, threads, leftStride, outputColumns);

        for (var row = 0; row < outputRows; row++)
        {
            for (var column = 0; column < outputColumns; column++)
            {
                var (r, c) = layout.TransposeOutput ? (column, row) : (row, column);
                var context = string.Create(
                    CultureInfo.InvariantCulture,
                    $"M={rows} N={columns} K={depth} bias={biasMode} {activation} {layout} {tiling} at ({r}, {c})");
                var value = actual[(row * outputColumns) + column];
                if (r >= rows || c >= columns)
                {
                    Assert.True(float.IsNaN(value), $"{context}: wrote outside the output.");
                    continue;
                }

                // Σ|terms| bounds how far two summation orders can drift apart (see ConvTestData.RelativeTolerance).
                var magnitude = biasMode switch
                {
                    GemmBias.PerRow => MathF.Abs(bias[r]),
                    GemmBias.PerColumn => MathF.Abs(bias[c]),
                    _ => 0f,
                };
                for (var k = 0; k < depth; k++)
                {
                    magnitude += MathF.Abs(left[(r * leftRowStride) + (k * leftColumnStride)] * right[(k * rightRowStride) + (c * rightColumnStride)]);
                }

                var reference = expected[(r * columns) + c];
                var allowed = Operators.ConvTestData.RelativeTolerance * (1 + magnitude);
                Assert.True(MathF.Abs(reference - value) <= allowed, $"{context}: got {value}, reference {reference}.");
            }
        }
    }

    // Runs the optimized GEMM with the operands laid out as `layout` says; the right operand is (depth, columns) row-major
    // (or, transposed, (columns, depth)), and packed first when asked, as a prepared plan does.
    private static unsafe void Run(
        int rows, int columns, int depth, float[] left, float[] right, float[] output, float[] bias, GemmBias biasMode, Activation activation,
        Layout layout, GemmTiling? tiling, int threads, int leftStride = -1, int outputStride = -1)
    {
        leftStride = leftStride < 0 ? (layout.TransposeLeft ? rows : depth) : leftStride;
        var (leftRowStride, leftColumnStride) = layout.TransposeLeft ? (1, leftStride) : (leftStride, 1);
        var (rightRowStride, rightColumnStride) = layout.TransposeRight ? (1, depth) : (columns, 1);
        outputStride = outputStride < 0 ? (layout.TransposeOutput ? rows : columns) : outputStride;
        if (!layout.PackRight && !layout.TransposeOutput)
        {
            GemmKernel.Multiply(
                rows, columns, depth, left, leftRowStride, leftColumnStride, right, rightRowStride, rightColumnStride,
                output, outputStride, bias, biasMode, activation, threads, tiling);
            return;
        }

        if (!layout.PackRight && !layout.TransposeRight)
        {
            // An in-place right operand with tiles stored transposed, as the fused block's planar projection writes NHWC.
            fixed (float* leftPointer = left, rightPointer = right, outputPointer = output, biasPointer = bias)
            {
                GemmKernel.Run(
                    new GemmOperands(
                        rows, columns, depth, leftPointer, leftRowStride, leftColumnStride, rightPointer, rightRowStride, rightPacked: false,
                        outputPointer, outputStride, outputTransposed: true, biasPointer, biasMode),
                    activation, threads, tiling);
            }

            return;
        }

        var packed = new float[GemmKernel.PackedRightLength(depth, columns)];
        fixed (float* source = right, packedBase = packed)
        {
            var aligned = GemmKernel.Align(packedBase);
            GemmPacking.PackRight(source, rightRowStride, rightColumnStride, depth, columns, GemmKernel.PanelColumns, GemmKernel.Lanes, aligned);
            var packedSpan = new ReadOnlySpan<float>(aligned, (int)GemmPacking.PackedLength(depth, columns, GemmKernel.Lanes));
            GemmKernel.MultiplyPacked(
                rows, columns, depth, left, leftRowStride, leftColumnStride, packedSpan, output, outputStride, layout.TransposeOutput,
                bias, biasMode, activation, threads, tiling);
        }
    }

    private static float[] Values(Random random, int length) => Operators.ConvTestData.Values(random, length);

    private readonly record struct Layout(bool TransposeLeft, bool TransposeRight, bool PackRight, bool TransposeOutput);
}
