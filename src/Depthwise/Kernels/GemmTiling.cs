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
    /// <param name="rowsFirst">
    /// Split the rows first: true when the left operand is the larger one (more rows than columns), so each thread
    /// reads its own part of it and all of the smaller right operand; otherwise the columns are split first.
    /// </param>
    /// <returns>The tiling.</returns>
    public static GemmTiling For(int rowPanels, int columnPanels, long leftPanelBytes, int threads, bool rowsFirst)
    {
        var rowBlocks = (int)Math.Clamp((rowPanels * leftPanelBytes) / LeftBlockBytes, 1, rowPanels);
        if (threads <= 1)
        {
            return new GemmTiling(rowBlocks, 1);
        }

        // Each thread streams its own part of the larger operand and all of the smaller one; the other dimension is
        // split only as far as it takes to make enough work items. Measured with two threads: 96→576 @ 14² (weights
        // larger than the input) 119 µs with the columns split first, 110 µs with the rows.
        var wanted = threads * TilesPerThread;
        if (!rowsFirst)
        {
            var columnBlocks = Math.Min(columnPanels, wanted);
            return new GemmTiling(Math.Min(rowPanels, Math.Max(rowBlocks, DivideRoundingUp(wanted, columnBlocks))), columnBlocks);
        }

        rowBlocks = Math.Min(rowPanels, Math.Max(rowBlocks, wanted));
        return new GemmTiling(rowBlocks, Math.Min(columnPanels, DivideRoundingUp(wanted, rowBlocks)));
    }

    private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;
}
