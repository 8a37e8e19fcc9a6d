using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// Transposes whole 8 × 8 blocks for <see cref="GemmPacking"/>: eight weight rows (output channels, contiguous over k)
/// become eight-float pieces of packed k-rows. Unlike <see cref="GemmTranspose.StoreBlock"/>, which stores a GEMM
/// tile of up to eight rows through masked stores, every block here is full, so the stores are plain.
/// </summary>
/// <remarks>
/// A one-off <c>PointwiseConv2d.Forward</c> at 7² packs Wᵀ on every call, 17–22 % of the call on Zen 4
/// (docs/kernels.md, "Session 21: bench times pointwise layers prepared").
/// </remarks>
internal static unsafe class GemmPackTranspose
{
    // Floats per 64-byte cache line.
    private const int LineFloats = 16;

    // Source row strides (bytes) at which a panel's rows crowd into a few L1 sets (64 sets of 64-byte lines).
    private const int ConflictingStrideBytes = 1024;

    /// <summary>Whether <see cref="Blocks"/> runs (AVX): otherwise the caller gathers element by element.</summary>
    public static bool IsSupported => Avx.IsSupported;

    // source rows r < 8·blocks, element (r, k) at r·sourceStride + k for k < depth (a multiple of 8) → destination (k, r) at k·destinationStride + r.
    // Sixteen k (one cache line of each source row) for all blocks, then the next sixteen: a panel's k-rows are written
    // whole while their lines are in L1, not once per block after they have left it (a 32-wide panel of depth 576 is
    // 72 KiB). Unless the rows lie a multiple of 1 KiB apart (Cin = 256, 512, 1024): then a panel's 32 rows share at
    // most four of the 64 L1 sets, eight lines or more to a set of eight ways, and each block runs over all k instead.
    public static void Blocks(float* source, nint sourceStride, int blocks, int depth, float* destination, nint destinationStride)
    {
        var chunk = sourceStride * sizeof(float) % ConflictingStrideBytes == 0 ? depth : LineFloats;
        for (var k = 0; k < depth; k += chunk)
        {
            var end = Math.Min(k + chunk, depth);
            for (var block = 0; block < blocks; block++)
            {
                var blockSource = source + (block * 8 * sourceStride);
                var blockDestination = destination + (block * 8);
                for (var piece = k; piece < end; piece += 8)
                {
                    Block(blockSource + piece, sourceStride, blockDestination + (piece * destinationStride), destinationStride);
                }
            }
        }
    }

    // an 8 × 8 block: element (r, k) at r·sourceStride + k → element (k, r) at k·destinationStride + r
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(float* row, nint sourceStride, float* output, nint destinationStride)
    {
        var row0 = Avx.LoadVector256(row);
        var row1 = Avx.LoadVector256(row + sourceStride);
        var row2 = Avx.LoadVector256(row + (2 * sourceStride));
        var row3 = Avx.LoadVector256(row + (3 * sourceStride));
        var row4 = Avx.LoadVector256(row + (4 * sourceStride));
        var row5 = Avx.LoadVector256(row + (5 * sourceStride));
        var row6 = Avx.LoadVector256(row + (6 * sourceStride));
        var row7 = Avx.LoadVector256(row + (7 * sourceStride));

        SimdFloat256.Transpose(
            row0, row1, row2, row3, row4, row5, row6, row7,
            out var column0, out var column1, out var column2, out var column3, out var column4, out var column5, out var column6, out var column7);
        Avx.Store(output, column0);
        Avx.Store(output + destinationStride, column1);
        Avx.Store(output + (2 * destinationStride), column2);
        Avx.Store(output + (3 * destinationStride), column3);
        Avx.Store(output + (4 * destinationStride), column4);
        Avx.Store(output + (5 * destinationStride), column5);
        Avx.Store(output + (6 * destinationStride), column6);
        Avx.Store(output + (7 * destinationStride), column7);
    }
}
