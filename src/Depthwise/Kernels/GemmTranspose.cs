using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// Writes a finished GEMM tile transposed: the NCHW output of a product computed with pixels as rows (so that the
/// vectors run over output channels) is stored channel row by channel row.
/// </summary>
/// <remarks>
/// With AVX-512 the tile is transposed 8 × 8 floats at a time in registers and each output channel receives its pixels
/// as one masked store, a few shuffles per element; the scalar copy it replaces cost about 2 cycles per element, which
/// measured 10–25% of a pointwise layer with 96–320 input channels. <see cref="GemmPacking"/> uses the same routine to
/// pack transposed weights eight output channels at a time.
/// </remarks>
internal static unsafe class GemmTranspose
{
    /// <summary>Largest tile height the vector path handles (one 8 × 8 block per 8 columns).</summary>
    public const int BlockRows = 8;

    /// <summary>Whether <see cref="Store"/> transposes in registers (AVX-512) rather than element by element.</summary>
    public static bool IsVectorized => Avx512F.VL.IsSupported;

    // tile (rows ≤ 8, columns), element (r, c) at r·tileStride + c → output element (r, c) at c·outputStride + r
    // Reads, but does not use, BlockRows rows of columns rounded up to 8 floats: the caller keeps them readable.
    public static void Store(float* tile, nint tileStride, int rows, int columns, float* output, nint outputStride)
    {
        if (IsVectorized)
        {
            StoreBlocks(tile, tileStride, rows, columns, output, outputStride);
            return;
        }

        for (var column = 0; column < columns; column++)
        {
            var destination = output + (column * outputStride);
            for (var row = 0; row < rows; row++)
            {
                destination[row] = tile[(row * tileStride) + column];
            }
        }
    }

    /// <summary>
    /// Whether a micro-kernel of <paramref name="lanes"/> floats per vector stores transposed tiles straight from its
    /// registers (<see cref="StoreBlock"/>): AVX-512 (masked stores) and vectors of 8 or 16 floats.
    /// </summary>
    /// <param name="lanes">Floats per vector.</param>
    /// <returns>True when the kernel can; otherwise tiles go through <see cref="Store"/>.</returns>
    public static bool InKernel(int lanes) => IsVectorized && lanes is 8 or 16;

    /// <summary>Cost of storing one element transposed, in vector FMAs (the unit of <see cref="GemmKernel.VectorFmas"/>): 0.2 with the in-kernel 8 × 8 transposes, 2 through <see cref="Store"/>.</summary>
    public static double StoreCost => InKernel(GemmKernel.Lanes) ? 0.2 : 2;

    // rows r0…r7 of an 8 × 8 block (only the first `rows` used) → output (r, c) at c·stride + r for c < columns
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBlock(
        Vector256<float> row0, Vector256<float> row1, Vector256<float> row2, Vector256<float> row3,
        Vector256<float> row4, Vector256<float> row5, Vector256<float> row6, Vector256<float> row7,
        float* output, nint stride, int rows, int columns)
    {
        // Interleave pairs of rows, then pairs of pairs (within 128-bit lanes), then swap 128-bit halves:
        // afterwards vector j holds column j of the block, rows 0–7.
        var low01 = Avx.UnpackLow(row0, row1);
        var high01 = Avx.UnpackHigh(row0, row1);
        var low23 = Avx.UnpackLow(row2, row3);
        var high23 = Avx.UnpackHigh(row2, row3);
        var low45 = Avx.UnpackLow(row4, row5);
        var high45 = Avx.UnpackHigh(row4, row5);
        var low67 = Avx.UnpackLow(row6, row7);
        var high67 = Avx.UnpackHigh(row6, row7);

        var quad0 = Avx.Shuffle(low01, low23, 0b01_00_01_00);
        var quad1 = Avx.Shuffle(low01, low23, 0b11_10_11_10);
        var quad2 = Avx.Shuffle(high01, high23, 0b01_00_01_00);
        var quad3 = Avx.Shuffle(high01, high23, 0b11_10_11_10);
        var quad4 = Avx.Shuffle(low45, low67, 0b01_00_01_00);
        var quad5 = Avx.Shuffle(low45, low67, 0b11_10_11_10);
        var quad6 = Avx.Shuffle(high45, high67, 0b01_00_01_00);
        var quad7 = Avx.Shuffle(high45, high67, 0b11_10_11_10);

        // Lane i of the mask is set for i < rows: only the tile's real rows reach the output.
        var mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(rows)).AsSingle();
        StoreColumn(Avx.Permute2x128(quad0, quad4, 0x20), output, mask);
        if (columns > 1)
        {
            StoreColumn(Avx.Permute2x128(quad1, quad5, 0x20), output + stride, mask);
        }

        if (columns > 2)
        {
            StoreColumn(Avx.Permute2x128(quad2, quad6, 0x20), output + (2 * stride), mask);
        }

        if (columns > 3)
        {
            StoreColumn(Avx.Permute2x128(quad3, quad7, 0x20), output + (3 * stride), mask);
        }

        if (columns > 4)
        {
            StoreColumn(Avx.Permute2x128(quad0, quad4, 0x31), output + (4 * stride), mask);
        }

        if (columns > 5)
        {
            StoreColumn(Avx.Permute2x128(quad1, quad5, 0x31), output + (5 * stride), mask);
        }

        if (columns > 6)
        {
            StoreColumn(Avx.Permute2x128(quad2, quad6, 0x31), output + (6 * stride), mask);
        }

        if (columns > 7)
        {
            StoreColumn(Avx.Permute2x128(quad3, quad7, 0x31), output + (7 * stride), mask);
        }
    }

    private static void StoreBlocks(float* tile, nint tileStride, int rows, int columns, float* output, nint outputStride)
    {
        for (var blockColumn = 0; blockColumn < columns; blockColumn += 8)
        {
            var source = tile + blockColumn;
            StoreBlock(
                Vector256.Load(source), Vector256.Load(source + tileStride), Vector256.Load(source + (2 * tileStride)),
                Vector256.Load(source + (3 * tileStride)), Vector256.Load(source + (4 * tileStride)), Vector256.Load(source + (5 * tileStride)),
                Vector256.Load(source + (6 * tileStride)), Vector256.Load(source + (7 * tileStride)),
                output + (blockColumn * outputStride), outputStride, rows, Math.Min(8, columns - blockColumn));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn(Vector256<float> column, float* destination, Vector256<float> mask) =>
        Avx512F.VL.MaskStore(destination, mask, column);
}
