using System.Globalization;
using Depthwise.Kernels;
using Depthwise.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// One thread, operands in place, few rows or an output that fits L2, but a right operand over a sweep chunk (256 KiB):
/// the row tiles sweep across chunks of 48-column panels (as for many rows and large outputs) rather than running panel
/// by panel. Every element must still be one FMA chain from its bias over k in increasing order, bit for bit, as the
/// panel-by-panel order computes it (two threads cut the columns and keep that order).
/// </summary>
[Trait("Category", "Kernel")]
public class GemmLargeRightSweepTests
{
    [Theory]
    [InlineData(16, 12544, 32)] // MobileNetV2's 32 → 16 @ 112²: 7 chunks of up to 42 panels, then 16 columns; two row tiles of 8
    [InlineData(24, 3136, 144)] // 144 → 24 @ 56²: chunks of 9 panels, then 16 columns; three row tiles
    [InlineData(32, 784, 192)] // 192 → 32 @ 28²: chunks of 7 panels, then 16 columns
    [InlineData(5, 2000, 40)] // one row tile of 5: a chunk of 34 panels and one of 7, then 32 columns
    [InlineData(64, 784, 192)] // 192 → 64 @ 28²: 200 KB output, eight row tiles
    public void MatchesTheFmaChainAndThePanelOrderBitForBit(int rows, int columns, int depth)
    {
        var random = new Random(rows + columns + depth);
        var left = Tests.Operators.ConvTestData.Values(random, rows * depth);
        var right = Tests.Operators.ConvTestData.Values(random, depth * columns);
        var bias = Tests.Operators.ConvTestData.Values(random, rows);
        foreach (var activation in new[] { Activation.None, Activation.Relu6 })
        {
            var swept = new float[rows * columns];
            var panels = new float[rows * columns];
            GemmKernel.Multiply(rows, columns, depth, left, depth, 1, right, columns, 1, swept, columns, bias, GemmBias.PerRow, activation, threads: 1);
            GemmKernel.Multiply(rows, columns, depth, left, depth, 1, right, columns, 1, panels, columns, bias, GemmBias.PerRow, activation, threads: 2);
            for (var row = 0; row < rows; row++)
            {
                for (var column = 0; column < columns; column++)
                {
                    var sum = bias[row];
                    for (var k = 0; k < depth; k++)
                    {
                        sum = MathF.FusedMultiplyAdd(left[(row * depth) + k], right[(k * columns) + column], sum);
                    }

                    var expected = activation.Apply(sum);
                    var index = (row * columns) + column;
                    var context = string.Create(CultureInfo.InvariantCulture, $"M={rows} N={columns} K={depth} {activation} at ({row}, {column})");
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(swept[index]), $"{context}: swept {swept[index]}, FMA chain {expected}.");
                    Assert.True(BitConverter.SingleToInt32Bits(panels[index]) == BitConverter.SingleToInt32Bits(swept[index]), $"{context}: swept {swept[index]}, panel order {panels[index]}.");
                }
            }
        }
    }
}
