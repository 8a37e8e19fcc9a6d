using Depthwise.Kernels;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// <see cref="MatrixVectorKernel"/>: against a double-precision dot product per row, over row counts around the panel
/// sizes of every width (the last panel partly padding), depths from 1 to a classifier's 1280, split into panel ranges
/// as threads split it; and bit for bit across every vector width the hardware runs, since each output is the same
/// chain of FMAs whatever the width.
/// </summary>
[Trait("Category", "Kernel")]
public class MatrixVectorKernelTests
{
    public static TheoryData<int, int> Shapes() => new()
    {
        { 1, 1 }, { 3, 7 }, { 4, 5 }, { 15, 16 }, { 16, 3 }, { 31, 9 }, { 32, 33 }, { 63, 2 }, { 64, 17 }, { 65, 64 }, { 129, 100 }, { 1000, 1280 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesTheDotProductOfEveryRow(int rows, int depth)
    {
        var (weights, x) = Data(rows, depth, seed: rows + depth);
        var y = Run(weights, x, rows, depth, SimdWidth.Widest);
        for (var row = 0; row < rows; row++)
        {
            double sum = 0, magnitude = 0;
            for (var k = 0; k < depth; k++)
            {
                sum += (double)weights[(row * depth) + k] * x[k];
                magnitude += Math.Abs((double)weights[(row * depth) + k] * x[k]);
            }

            Assert.True(Math.Abs(y[row] - sum) <= (2e-6 * magnitude) + 1e-30, $"{rows}×{depth}: y[{row}] = {y[row]}, expected {sum}.");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryAcceleratedWidthGivesTheSameBits(int rows, int depth)
    {
        var (weights, x) = Data(rows, depth, seed: 3 * rows + depth);
        var widest = Run(weights, x, rows, depth, SimdWidth.Widest);
        foreach (var lanes in new[] { 16, 8, 4, 1 }.Where(lanes => lanes < SimdWidth.Widest))
        {
            Assert.Equal(widest, Run(weights, x, rows, depth, lanes));
        }
    }

    [Theory]
    [InlineData(1000, 1280)]
    [InlineData(65, 64)]
    public void PanelRangesComputedApartGiveTheWholeRunsBits(int rows, int depth)
    {
        var lanes = SimdWidth.Widest;
        var (weights, x) = Data(rows, depth, seed: 5);
        var packed = MatrixVectorKernel.Pack(rows, depth, lanes, (row, k) => weights[(row * depth) + k]);
        var whole = Run(weights, x, rows, depth, lanes);
        var panels = MatrixVectorKernel.Panels(rows, lanes);
        var pieces = new float[rows];
        pieces.AsSpan().Fill(float.NaN);

        // Back to front, one panel range at a time: nothing but a range's own rows may be written.
        for (var split = panels; split > 0; split = Math.Max(0, split - 2))
        {
            MatrixVectorKernel.Run(packed, depth, x, pieces, rows, Math.Max(0, split - 2), split, lanes);
        }

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void PacksTransposedAndRowMajorWeightsAlike()
    {
        const int rows = 37, depth = 11;
        var (weights, x) = Data(rows, depth, seed: 9);
        var transposed = new float[depth * rows];
        for (var row = 0; row < rows; row++)
        {
            for (var k = 0; k < depth; k++)
            {
                transposed[(k * rows) + row] = weights[(row * depth) + k];
            }
        }

        var lanes = SimdWidth.Widest;
        Assert.Equal(
            MatrixVectorKernel.Pack(rows, depth, lanes, (row, k) => weights[(row * depth) + k]),
            MatrixVectorKernel.Pack(rows, depth, lanes, (row, k) => transposed[(k * rows) + row]));
    }

    [Fact]
    public void SpansThatDoNotFitAreRejected()
    {
        var lanes = SimdWidth.Widest;
        var packed = MatrixVectorKernel.Pack(10, 4, lanes, (_, _) => 1f);
        var error = Assert.Throws<ArgumentException>(() => MatrixVectorKernel.Run(packed, 4, new float[3], new float[10], 10, 0, 1, lanes));
        Assert.Equal("packed", error.ParamName);
        var panels = MatrixVectorKernel.Panels(10, lanes);
        Assert.Throws<ArgumentException>(() => MatrixVectorKernel.Run(packed, 4, new float[4], new float[10], 10, 0, panels + 1, lanes));
        Assert.Throws<ArgumentException>(() => MatrixVectorKernel.Run(packed, 4, new float[4], new float[10], 10, panels, panels - 1, lanes));
        Assert.Throws<ArgumentException>(() => MatrixVectorKernel.Run(packed, 4, new float[4], new float[9], 10, 0, 1, lanes));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixVectorKernel.Run(MatrixVectorKernel.Pack(10, 4, 2, (_, _) => 1f), 4, new float[4], new float[10], 10, 0, 1, 2));
    }

    private static float[] Run(float[] weights, float[] x, int rows, int depth, int lanes)
    {
        var packed = MatrixVectorKernel.Pack(rows, depth, lanes, (row, k) => weights[(row * depth) + k]);
        var y = new float[rows];
        y.AsSpan().Fill(float.NaN);
        MatrixVectorKernel.Run(packed, depth, x, y, rows, 0, MatrixVectorKernel.Panels(rows, lanes), lanes);
        return y;
    }

    private static (float[] Weights, float[] X) Data(int rows, int depth, int seed)
    {
        var random = new Random(seed);
        var weights = new float[rows * depth];
        var x = new float[depth];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (random.NextSingle() * 2f) - 1f;
        }

        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (random.NextSingle() * 2f) - 1f;
        }

        return (weights, x);
    }
}
