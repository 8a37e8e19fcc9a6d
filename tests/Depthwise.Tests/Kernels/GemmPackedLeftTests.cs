using System.Globalization;
using Depthwise.Kernels;
using Depthwise.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// <see cref="GemmKernel.MultiplyPackedLeft"/>: the left operand read from its packed transpose (the NCHW 7 × 7 pointwise
/// orientation), with the extra column of the wide tiles where the columns are 48·n + 1 and the strip of columns over
/// rows (<see cref="GemmColumnStripKernel"/>) where they are another 16·n + 1…8.
/// </summary>
[Trait("Category", "Kernel")]
public class GemmPackedLeftTests
{
    // Rows below, at and past the tile height (8), the strip height (16) and the packed panel width (32), several panels,
    // a last panel of one vector (40 = 32 + 8) and of two (63); columns around one vector, the 48-column wide panel,
    // 48·n + 1 (extra column), strips of 1–8 (17, 20, 24, 33, 50, 196) and a remainder of 9 (25: no strip).
    private static readonly int[] Columns = [1, 2, 16, 17, 20, 24, 25, 33, 47, 48, 49, 50, 64, 97, 145, 196];

    private static readonly int[] Depths = [1, 3, 17, 70];

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    public static TheoryData<int> Rows => [1, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65, 100];

    [Theory]
    [MemberData(nameof(Rows))]
    public void MatchesTheReferenceAndTheInPlaceOperandBitForBit(int rows)
    {
        var random = new Random(rows);
        var variant = 0;
        foreach (var columns in Columns)
        {
            foreach (var depth in Depths)
            {
                Check(random, rows, columns, depth, (GemmBias)(variant % 3), Activations[variant % Activations.Length], threads: 1 + (variant % 2));
                variant++;
            }
        }
    }

    [Theory]
    [InlineData(1280, 49, 320)] // MobileNetV2's features.18 (320 → 1280 @ 7²)
    [InlineData(160, 49, 576)]
    [InlineData(960, 49, 160)]
    [InlineData(44, 97, 33)]
    [InlineData(576, 196, 96)] // 96 → 576 @ 14²: four wide panels and a strip of four columns
    [InlineData(72, 196, 20)]
    public void MatchesOnNetworkShapes(int rows, int columns, int depth)
    {
        var random = new Random(rows + columns + depth);
        Check(random, rows, columns, depth, GemmBias.PerRow, Activation.Relu6, threads: 1);
        Check(random, rows, columns, depth, GemmBias.None, Activation.None, threads: 2);
    }

    [Fact]
    public void ResultIsBitwiseIdenticalForAnyThreadCount()
    {
        const int rows = 200, columns = 49, depth = 40;
        var random = new Random(3);
        var weights = Values(random, rows * depth);
        var input = Values(random, depth * columns);
        var bias = Values(random, rows);
        float[]? first = null;
        foreach (var threads in new[] { 1, 2, 3, 7 })
        {
            var output = new float[rows * columns];
            MultiplyPackedLeft(rows, columns, depth, weights, input, output, columns, bias, GemmBias.PerRow, Activation.HardSwish, threads);
            first ??= output;
            Assert.True(first.AsSpan().SequenceEqual(output), string.Create(CultureInfo.InvariantCulture, $"{threads} threads differ from 1 thread."));
        }
    }

    private static void Check(Random random, int rows, int columns, int depth, GemmBias biasMode, Activation activation, int threads)
    {
        var weights = Values(random, rows * depth);
        var input = Values(random, depth * columns);
        var bias = biasMode switch
        {
            GemmBias.PerRow => Values(random, rows),
            GemmBias.PerColumn => Values(random, columns),
            _ => [],
        };

        // Output rows padded to columns + 5: the gaps must come back untouched.
        var outputStride = columns + 5;
        var actual = new float[rows * outputStride];
        actual.AsSpan().Fill(float.NaN);
        MultiplyPackedLeft(rows, columns, depth, weights, input, actual, outputStride, bias, biasMode, activation, threads);

        // The same product with the weights read in place: every element is one FMA chain from its bias over k in
        // increasing order either way, so the bits must agree, not just the values.
        var inPlace = new float[rows * columns];
        GemmKernel.Multiply(rows, columns, depth, weights, depth, 1, input, columns, 1, inPlace, columns, bias, biasMode, activation, threads);
        var expected = new float[rows * columns];
        GemmReference.Multiply(rows, columns, depth, weights, depth, 1, input, columns, 1, expected, columns, bias, biasMode, activation);

        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < outputStride; column++)
            {
                var context = string.Create(CultureInfo.InvariantCulture, $"M={rows} N={columns} K={depth} bias={biasMode} {activation} at ({row}, {column})");
                var value = actual[(row * outputStride) + column];
                if (column >= columns)
                {
                    Assert.True(float.IsNaN(value), $"{context}: wrote outside the output.");
                    continue;
                }

                var magnitude = biasMode switch
                {
                    GemmBias.PerRow => MathF.Abs(bias[row]),
                    GemmBias.PerColumn => MathF.Abs(bias[column]),
                    _ => 0f,
                };
                for (var k = 0; k < depth; k++)
                {
                    magnitude += MathF.Abs(weights[(row * depth) + k] * input[(k * columns) + column]);
                }

                var reference = expected[(row * columns) + column];
                Assert.True(
                    MathF.Abs(reference - value) <= Operators.ConvTestData.RelativeTolerance * (1 + magnitude), $"{context}: got {value}, reference {reference}.");
                Assert.True(
                    BitConverter.SingleToInt32Bits(value) == BitConverter.SingleToInt32Bits(inPlace[(row * columns) + column]),
                    $"{context}: got {value}, in place {inPlace[(row * columns) + column]}.");
            }
        }
    }

    // weights (rows, depth) row-major, packed as the plan packs Wᵀ, then read back as the left operand.
    private static unsafe void MultiplyPackedLeft(
        int rows, int columns, int depth, float[] weights, float[] input, float[] output, int outputStride, float[] bias, GemmBias biasMode,
        Activation activation, int threads)
    {
        var packed = new float[PointwiseConvKernel.PackedWeightsLength(depth, rows, 1) + 16];
        fixed (float* packedBase = packed)
        {
            var aligned = GemmKernel.Align(packedBase);
            PointwiseConvKernel.PackWeights(weights, depth, rows, 1, aligned);
            var packedSpan = new ReadOnlySpan<float>(aligned, (int)PointwiseConvKernel.PackedWeightsLength(depth, rows, 1));
            GemmKernel.MultiplyPackedLeft(rows, columns, depth, packedSpan, input, columns, output, outputStride, bias, biasMode, activation, threads);
        }
    }

    private static float[] Values(Random random, int length) => Operators.ConvTestData.Values(random, length);
}
