namespace Depthwise.Kernels;

/// <summary>
/// How one GEMM call is cut into work items: the row panels into <see cref="RowBlocks"/> and the right panels into
/// <see cref="ColumnBlocks"/> near-equal runs; each (row block, column block) tile is computed by one thread, right panel
/// by right panel, every row panel of the tile reusing the right panel from L1/L2.
/// </summary>
/// <remarks>
/// Every output element is computed by exactly one micro-kernel call over the whole shared dimension, so the tiling
/// changes the speed, never the result: any thread count gives the same bits.
/// </remarks>
/// <param name="RowBlocks">Runs the row panels are cut into (clamped to [1, row panels]).</param>
/// <param name="ColumnBlocks">Runs the right panels are cut into (clamped to [1, right panels]).</param>
internal readonly record struct GemmTiling(int RowBlocks, int ColumnBlocks)
{
    // The rows of the left operand one tile streams for each right panel should stay in L2 (1 MiB per Zen 4 core)
    // beside the right panels and the output: a quarter of it.
    private const long LeftBlockBytes = 256 * 1024;

    // Work items per thread when threads > 1: enough that a slow item or a busy core still balances out.
    private const int TilesPerThread = 4;

    /// <summary>Picks the tiling of a problem.</summary>
    /// <param name="rowPanels">Row panels (output rows / tile height, rounded up).</param>
    /// <param name="columnPanels">Right panels (output columns / panel width, rounded up).</param>
    /// <param name="leftPanelBytes">Bytes of the left operand one row panel reads (tile height × depth floats).</param>
    /// <param name="threads">Threads the call may use.</param>
    /// <returns>The tiling.</returns>
    public static GemmTiling For(int rowPanels, int columnPanels, long leftPanelBytes, int threads)
    {
        var rowBlocks = (int)Math.Clamp((rowPanels * leftPanelBytes) / LeftBlockBytes, 1, rowPanels);
        var columnBlocks = 1;
        if (threads > 1)
        {
            // Split the columns first (each thread then streams its own part of the right operand), the rows only
            // when the columns alone cannot make enough work items.
            var wanted = threads * TilesPerThread;
            columnBlocks = Math.Min(columnPanels, wanted);
            rowBlocks = Math.Min(rowPanels, Math.Max(rowBlocks, (wanted + columnBlocks - 1) / columnBlocks));
        }

        return new GemmTiling(rowBlocks, columnBlocks);
    }
}
