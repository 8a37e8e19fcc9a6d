using System.Globalization;
using Depthwise.Kernels;
using Depthwise.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// <see cref="GemmAlignmentPeel"/>: an in-place product whose output rows start off a 64-byte boundary computes its first
/// columns apart. Every output offset within a line, long rows (peeled) and short ones (not), tall (swept across) and
/// short row counts, every bias mode: the same bits as the product on an aligned output, close to the reference, and
/// nothing written outside the output.
/// </summary>
[Trait("Category", "Kernel")]
public class GemmAlignmentPeelTests
{
    private static readonly Activation[] Activations = [Activation.None, Activation.Relu6, Activation.HardSwish];

    // Columns: 12544 (16 → 96 @ 112²), a row long enough to peel whose rest ends inside a vector (8200), and one just too
    // short to peel (3136, 56²). Rows: one tile and a partial one (9), and enough to sweep across the columns (40).
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 9, 12544, 3 },
        { 40, 8200, 5 },
        { 40, 12544, 16 },
        { 9, 3136, 4 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryOutputOffsetGivesTheAlignedBits(int rows, int columns, int depth)
    {
        var random = new Random(rows + columns + depth);
        var left = Values(random, rows * depth);
        var right = Values(random, depth * columns);
        var variant = 0;
        foreach (var biasMode in new[] { GemmBias.None, GemmBias.PerRow, GemmBias.PerColumn })
        {
            var bias = biasMode switch
            {
                GemmBias.PerRow => Values(random, rows),
                GemmBias.PerColumn => Values(random, columns),
                _ => [],
            };
            var activation = Activations[variant++ % Activations.Length];

            // Row stride a multiple of 16 floats, as an NCHW plane of 16·n pixels: every row shares row 0's offset.
            var outputStride = (columns + 15) / 16 * 16;
            var aligned = Multiply(rows, columns, depth, left, right, bias, biasMode, activation, outputStride, offset: 0, threads: 1);
            var expected = new float[rows * columns];
            GemmReference.Multiply(rows, columns, depth, left, depth, 1, right, columns, 1, expected, columns, bias, biasMode, activation);
            for (var offset = 1; offset < 16; offset++)
            {
                var actual = Multiply(rows, columns, depth, left, right, bias, biasMode, activation, outputStride, offset, threads: 1 + (offset % 2));
                for (var row = 0; row < rows; row++)
                {
                    for (var column = 0; column < outputStride; column++)
                    {
                        var context = string.Create(CultureInfo.InvariantCulture, $"M={rows} N={columns} K={depth} bias={biasMode} {activation} offset {offset} at ({row}, {column})");
                        var value = actual[(row * outputStride) + column];
                        if (column >= columns)
                        {
                            Assert.True(float.IsNaN(value), $"{context}: wrote outside the output.");
                            continue;
                        }

                        Assert.True(
                            BitConverter.SingleToInt32Bits(value) == BitConverter.SingleToInt32Bits(aligned[(row * outputStride) + column]),
                            $"{context}: got {value}, aligned {aligned[(row * outputStride) + column]}.");
                        var magnitude = biasMode switch
                        {
                            GemmBias.PerRow => MathF.Abs(bias[row]),
                            GemmBias.PerColumn => MathF.Abs(bias[column]),
                            _ => 0f,
                        };
                        for (var k = 0; k < depth; k++)
                        {
                            magnitude += MathF.Abs(left[(row * depth) + k] * right[(k * columns) + column]);
                        }

                        var reference = expected[(row * columns) + column];
                        Assert.True(MathF.Abs(reference - value) <= Operators.ConvTestData.RelativeTolerance * (1 + magnitude), $"{context}: got {value}, reference {reference}.");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(4, 12544, 12544, 16, 12)]
    [InlineData(14, 12544, 12544, 16, 2)]
    [InlineData(0, 12544, 12544, 16, 0)] // aligned
    [InlineData(4, 3136, 3136, 16, 0)] // too short to pay
    [InlineData(4, 12545, 12545, 16, 0)] // rows not sharing row 0's offset
    [InlineData(4, 12544, 12544, 8, 0)] // Vector256 stores never split a line
    public unsafe void PeelsOnlyLongMisalignedRowsOfVector512(int offset, int outputRowStride, int columns, int lanes, int expected)
    {
        // Only the address's offset within a line enters: a made-up line-aligned address stands for the buffer.
        var line = (float*)(nint)4096;
        Assert.Equal(expected, GemmAlignmentPeel.Columns(line + offset, outputRowStride, columns, lanes));
    }

    // The product into a NaN-filled pinned buffer whose rows start `offset` floats past a 64-byte boundary; returns rows × outputStride values.
    private static unsafe float[] Multiply(
        int rows, int columns, int depth, float[] left, float[] right, float[] bias, GemmBias biasMode, Activation activation, int outputStride,
        int offset, int threads)
    {
        var length = rows * outputStride;
        var buffer = GC.AllocateArray<float>(length + 32, pinned: true);
        buffer.AsSpan().Fill(float.NaN);
        fixed (float* start = buffer)
        {
            var first = (int)((GemmKernel.Align(start) - start + offset) % 16);
            var output = buffer.AsSpan(first, length);
            GemmKernel.Multiply(rows, columns, depth, left, depth, 1, right, columns, 1, output, outputStride, bias, biasMode, activation, threads);
            Assert.Equal(offset, (int)((nint)(start + first) % 64 / sizeof(float)));
            return output.ToArray();
        }
    }

    private static float[] Values(Random random, int length) => Operators.ConvTestData.Values(random, length);
}
