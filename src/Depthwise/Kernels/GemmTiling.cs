namespace Depthwise.Kernels;

/// <summary>
/// How one GEMM call is cut into work items: tiles of <see cref="RowBlock"/> × <see cref="ColumnBlock"/> outputs, each
/// computed by one thread, right panel by right panel, every row panel of the tile reusing the right panel from L1/L2.
/// </summary>
/// <remarks>
/// Every output element is computed by exactly one micro-kernel call over the whole shared dimension, so the tiling
/// changes the speed, never the result: any thread count gives the same bits.
/// </remarks>
/// <param name="RowBlock">Output rows per tile, a multiple of the main tile height.</param>
/// <param name="ColumnBlock">Output columns per tile, a multiple of the panel width.</param>
internal readonly record struct GemmTiling(int RowBlock, int ColumnBlock)
{
    // The rows of the left operand one tile streams for each right panel should stay in L2 (1 MiB per Zen 4 core)
    // beside the right panels and the output: a quarter of it.
    private const long LeftBlockBytes = 256 * 1024;

    // Work items per thread when threads > 1: enough that uneven items and an unlucky core still balance out.
    private const int TilesPerThread = 4;

    /// <summary>Picks the tiling of a problem.</summary>
    /// <param name="rows">Output rows.</param>
    /// <param name="columns">Output columns.</param>
    /// <param name="depth">Shared dimension.</param>
    /// <param name="tileRows">Main micro-tile height.</param>
    /// <param name="panelColumns">Right panel width.</param>
    /// <param name="threads">Threads the call may use.</param>
    /// <returns>The tiling.</returns>
    public static GemmTiling For(int rows, int columns, int depth, int tileRows, int panelColumns, int threads)
    {
        var rowPanels = DivideRoundingUp(rows, tileRows);
        var columnPanels = DivideRoundingUp(columns, panelColumns);
        var rowPanelsPerBlock = (int)Math.Clamp(LeftBlockBytes / ((long)depth * tileRows * sizeof(float)), 1, rowPanels);
        var columnPanelsPerBlock = columnPanels;
        if (threads > 1)
        {
            // Split the columns first (each thread then streams its own part of the right operand), the rows only
            // when the columns alone cannot make enough work items.
            var wanted = threads * TilesPerThread;
            columnPanelsPerBlock = Math.Max(1, columnPanels / wanted);
            var columnBlocks = DivideRoundingUp(columnPanels, columnPanelsPerBlock);
            if (columnBlocks < wanted)
            {
                var rowBlocksWanted = DivideRoundingUp(wanted, columnBlocks);
                rowPanelsPerBlock = Math.Min(rowPanelsPerBlock, Math.Max(1, rowPanels / rowBlocksWanted));
            }
        }

        return new GemmTiling(rowPanelsPerBlock * tileRows, columnPanelsPerBlock * panelColumns);
    }

    private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;
}
