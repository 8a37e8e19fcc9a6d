using Depthwise.Kernels;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// <see cref="GemmPacking.PackRight"/> of weights (Cout, Cin) seen as their transpose, the path whose whole 8 × 8
/// blocks go through <see cref="GemmPackTranspose"/>: every packed float is the source element the panel order names,
/// and the padding is zero, for depths that are and are not multiples of the block (8) and of a cache line (16), row
/// strides that are multiples of 1 KiB (256, 1024: each block over all k) and that are not, and output channels below,
/// at and past a block, a panel (32) and several panels with a narrow last one.
/// </summary>
[Trait("Category", "Kernel")]
public unsafe class GemmPackTransposeTests
{
    private static readonly int[] OutputChannels = [1, 7, 8, 9, 16, 24, 31, 32, 33, 40, 63, 64, 65, 96, 160];

    public static TheoryData<int> Depths => [1, 7, 8, 9, 15, 16, 17, 24, 40, 56, 64, 256, 257, 320, 576, 1024];

    [Theory]
    [MemberData(nameof(Depths))]
    public void PacksTransposedWeightsIntoPanelOrder(int depth)
    {
        var random = new Random(depth);
        foreach (var columns in OutputChannels)
        {
            var weights = new float[columns * depth];
            for (var index = 0; index < weights.Length; index++)
            {
                weights[index] = (random.NextSingle() * 2f) - 1f;
            }

            var length = (int)GemmPacking.PackedLength(depth, columns, GemmKernel.Lanes);
            var packed = new float[GemmKernel.PackedRightLength(depth, columns)];
            float[] actual;
            fixed (float* source = weights, packedBase = packed)
            {
                var aligned = GemmKernel.Align(packedBase);

                // Garbage where the padding goes: the packing must clear it.
                new Span<float>(aligned, length).Fill(float.NaN);
                GemmPacking.PackRight(source, 1, depth, depth, columns, GemmKernel.PanelColumns, GemmKernel.Lanes, aligned);
                actual = new ReadOnlySpan<float>(aligned, length).ToArray();
            }

            Assert.Equal(Expected(weights, depth, columns), actual);
        }
    }

    // Wᵀ (depth, columns) element (k, c) = weights[c·depth + k], in panels of PanelColumns columns, each k-row PanelWidth wide, zero-padded.
    private static float[] Expected(float[] weights, int depth, int columns)
    {
        var expected = new float[GemmPacking.PackedLength(depth, columns, GemmKernel.Lanes)];
        for (var panelStart = 0; panelStart < columns; panelStart += GemmKernel.PanelColumns)
        {
            var width = GemmPacking.PanelWidth(columns, panelStart, GemmKernel.PanelColumns, GemmKernel.Lanes);
            for (var k = 0; k < depth; k++)
            {
                for (var offset = 0; offset < width; offset++)
                {
                    var column = panelStart + offset;
                    expected[((long)panelStart * depth) + ((long)k * width) + offset] = column < columns ? weights[(column * depth) + k] : 0f;
                }
            }
        }

        return expected;
    }
}
