namespace Depthwise.Kernels;

/// <summary>
/// Cache blocking of the GEMM driver: the output is cut into <see cref="RowBlock"/> × <see cref="ColumnBlock"/> tiles
/// (one work item each), and the shared dimension is walked in slices of <see cref="DepthBlock"/>.
/// </summary>
/// <param name="RowBlock">Rows of the output per work item (rounded up to the micro-kernel's rows).</param>
/// <param name="ColumnBlock">Columns of the output per work item (rounded up to the micro-kernel's columns).</param>
/// <param name="DepthBlock">Shared-dimension slice packed at a time.</param>
internal readonly record struct GemmBlocking(int RowBlock, int ColumnBlock, int DepthBlock)
{
    /// <summary>
    /// A packed right panel slice of DepthBlock × micro-kernel columns (256 × 32 floats = 32 KiB) stays in L1 while the
    /// packed left block (96 × 256 floats = 96 KiB) streams from L2; the whole right block (256 × 384 floats = 384 KiB)
    /// fits the 1 MiB L2 of Zen 4 next to it.
    /// </summary>
    public static GemmBlocking Default { get; } = new(96, 384, 256);
}
