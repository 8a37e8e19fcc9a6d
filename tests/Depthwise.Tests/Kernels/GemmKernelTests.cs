using System.Globalization;
using Depthwise.Kernels;
using Depthwise.Operators;

namespace Depthwise.Tests.Kernels;

[Trait("Category", "Kernel")]
public class GemmKernelTests
{
    // Sizes below, at and just past every micro-kernel width (4, 6, 8, 16, 32) and the small test blocking.
    private static readonly int[] Sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 64, 65, 70];

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    // Blocks smaller than the sizes above so the sweep also crosses row, column and depth block boundaries.
    private static readonly GemmBlocking SmallBlocking = new(8, 32, 16);

    public static TheoryData<int> Rows => [.. Sizes];

    [Theory]
    [MemberData(nameof(Rows))]
    public void MatchesTheReferenceForEverySizeBiasAndActivation(int rows)
    {
        var random = new Random(rows);
        var variant = 0;
        foreach (var columns in Sizes)
        {
            foreach (var depth in new[] { 1, 2, 7, 16, 17, 33, 64, 70 })
            {
                // Rotate bias mode, activation, operand orders and blocking so every combination of them meets many sizes.
                var biasMode = (GemmBias)(variant % 3);
                var activation = Activations[variant % Activations.Length];
                var transposeRight = variant % 2 == 1;
                var transposeLeft = variant % 8 >= 6;
                var blocking = variant % 4 < 2 ? SmallBlocking : GemmBlocking.Default;
                Check(random, rows, columns, depth, biasMode, activation, transposeLeft, transposeRight, blocking, threads: 1);
                variant++;
            }
        }
    }

    [Theory]
    [InlineData(100, 400, 300)]
    [InlineData(24, 3136, 144)]
    [InlineData(97, 390, 257)]
    public void DefaultBlockingCrossesEveryBlockBoundary(int rows, int columns, int depth)
    {
        var random = new Random(rows + columns + depth);
        Check(random, rows, columns, depth, GemmBias.PerRow, Activation.Relu6, transposeLeft: false, transposeRight: false, GemmBlocking.Default, threads: 2);
        Check(random, rows, columns, depth, GemmBias.PerColumn, Activation.None, transposeLeft: false, transposeRight: true, GemmBlocking.Default, threads: 2);
        Check(random, rows, columns, depth, GemmBias.None, Activation.HardSwish, transposeLeft: true, transposeRight: false, GemmBlocking.Default, threads: 2);
    }

    [Theory]
    [InlineData(70, 69, 50)]
    [InlineData(130, 800, 300)]
    public void ResultIsBitwiseIdenticalForAnyThreadCount(int rows, int columns, int depth)
    {
        var random = new Random(7);
        var left = Values(random, rows * depth);
        var right = Values(random, depth * columns);
        var bias = Values(random, rows);
        float[]? first = null;
        foreach (var blocking in new[] { SmallBlocking, GemmBlocking.Default })
        {
            first = null;
            foreach (var threads in new[] { 1, 2, 3, 7 })
            {
                var output = new float[rows * columns];
                GemmKernel.Multiply(rows, columns, depth, left, depth, 1, right, columns, 1, output, columns, bias, GemmBias.PerRow, Activation.HardSwish, threads, blocking);
                first ??= output;
                Assert.True(
                    first.AsSpan().SequenceEqual(output),
                    string.Create(CultureInfo.InvariantCulture, $"{threads} threads with blocking {blocking} differ from 1 thread."));
            }
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

    private static void Check(
        Random random, int rows, int columns, int depth, GemmBias biasMode, Activation activation, bool transposeLeft, bool transposeRight, GemmBlocking blocking, int threads)
    {
        // Left rows padded to depth + 3 (or, transposed, its columns to rows + 3) and output rows to columns + 5: strides
        // differ from the logical widths, and the output gaps must come back untouched (edge tiles write through a scratch
        // tile, never past a row's end). A row-major left operand is read in place, a transposed one is packed.
        var (leftRowStride, leftColumnStride) = transposeLeft ? (1, rows + 3) : (depth + 3, 1);
        var outputStride = columns + 5;
        var left = Values(random, transposeLeft ? depth * (rows + 3) : rows * (depth + 3));
        var right = Values(random, depth * columns);
        var (rightRowStride, rightColumnStride) = transposeRight ? (1, depth) : (columns, 1);
        var bias = biasMode switch
        {
            GemmBias.PerRow => Values(random, rows),
            GemmBias.PerColumn => Values(random, columns),
            _ => [],
        };
        var expected = new float[rows * outputStride];
        var actual = new float[rows * outputStride];
        actual.AsSpan().Fill(float.NaN);
        GemmReference.Multiply(rows, columns, depth, left, leftRowStride, leftColumnStride, right, rightRowStride, rightColumnStride, expected, outputStride, bias, biasMode, activation);
        GemmKernel.Multiply(
            rows, columns, depth, left, leftRowStride, leftColumnStride, right, rightRowStride, rightColumnStride, actual, outputStride, bias, biasMode, activation, threads, blocking);

        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < outputStride; column++)
            {
                var index = (row * outputStride) + column;
                var context = string.Create(
                    CultureInfo.InvariantCulture,
                    $"M={rows} N={columns} K={depth} bias={biasMode} {activation} transposed left={transposeLeft} right={transposeRight} {blocking} at ({row}, {column})");
                if (column >= columns)
                {
                    Assert.True(float.IsNaN(actual[index]), $"{context}: wrote outside the output row.");
                    continue;
                }

                // Σ|terms| bounds how far two summation orders can drift apart (see ConvTestData.RelativeTolerance).
                var magnitude = biasMode switch
                {
                    GemmBias.PerRow => MathF.Abs(bias[row]),
                    GemmBias.PerColumn => MathF.Abs(bias[column]),
                    _ => 0f,
                };
                for (var k = 0; k < depth; k++)
                {
                    magnitude += MathF.Abs(left[(row * leftRowStride) + (k * leftColumnStride)] * right[(k * rightRowStride) + (column * rightColumnStride)]);
                }

                var allowed = Operators.ConvTestData.RelativeTolerance * (1 + magnitude);
                Assert.True(MathF.Abs(expected[index] - actual[index]) <= allowed, $"{context}: got {actual[index]}, reference {expected[index]}.");
            }
        }
    }

    private static float[] Values(Random random, int length) => Operators.ConvTestData.Values(random, length);
}
