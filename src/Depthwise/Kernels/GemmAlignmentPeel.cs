namespace Depthwise.Kernels;

/// <summary>
/// Columns an in-place product computes on their own, before the rest, so that the rest's output rows start on a
/// 64-byte boundary: Zen 4 splits a Vector512 store that crosses a cache line into two, and caller buffers (a plain
/// <c>float[]</c>) start anywhere 8 bytes apart. Every element is still one FMA chain from its bias over k in increasing
/// order, whichever part computes it, so the bits do not change.
/// </summary>
internal static unsafe class GemmAlignmentPeel
{
    private const int LineBytes = 64;

    // Rows at least this long (16 → 96 @ 112²: 12544 columns). The peel costs two edge panels (the peeled columns and
    // the remainder it leaves at the row's end, both through the packed edge panel and the scratch tile), which only a
    // long row pays back. Measured on Zen 4, one thread, output at 16 bytes mod 64: 16 → 96 @ 112² 366–367 → 358 µs
    // (aligned 350), 32 → 16 @ 112² 127 → 125; but 24 → 144 @ 56² 197 → 197, 144 → 24 @ 56² 194–195 → 196, 32 → 192
    // @ 28² 86–87 → 89.
    private const int MinimumColumns = 8192;

    /// <summary>How many leading columns to compute apart (0 when the output is aligned or the peel does not pay).</summary>
    /// <param name="output">Element (0, 0) of a plain (not transposed) output.</param>
    /// <param name="outputRowStride">Floats between output rows: a multiple of 16 so every row shares row 0's misalignment.</param>
    /// <param name="columns">Columns of the product.</param>
    /// <param name="lanes">Floats per vector (<see cref="GemmKernel.Lanes"/>): only Vector512 stores span a whole line.</param>
    /// <returns>Columns in [0, 16).</returns>
    public static int Columns(float* output, int outputRowStride, int columns, int lanes)
    {
        var misalignment = (int)((nint)output % LineBytes);
        if (lanes != LineBytes / sizeof(float) || misalignment == 0 || misalignment % sizeof(float) != 0
            || outputRowStride % lanes != 0 || columns < MinimumColumns)
        {
            return 0;
        }

        return (LineBytes - misalignment) / sizeof(float);
    }
}
