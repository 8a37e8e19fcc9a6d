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

        // As GemmTranspose.StoreBlock: interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
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

        Avx.Store(output, Avx.Permute2x128(quad0, quad4, 0x20));
        Avx.Store(output + destinationStride, Avx.Permute2x128(quad1, quad5, 0x20));
        Avx.Store(output + (2 * destinationStride), Avx.Permute2x128(quad2, quad6, 0x20));
        Avx.Store(output + (3 * destinationStride), Avx.Permute2x128(quad3, quad7, 0x20));
        Avx.Store(output + (4 * destinationStride), Avx.Permute2x128(quad0, quad4, 0x31));
        Avx.Store(output + (5 * destinationStride), Avx.Permute2x128(quad1, quad5, 0x31));
        Avx.Store(output + (6 * destinationStride), Avx.Permute2x128(quad2, quad6, 0x31));
        Avx.Store(output + (7 * destinationStride), Avx.Permute2x128(quad3, quad7, 0x31));
    }
}
