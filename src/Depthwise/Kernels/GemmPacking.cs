namespace Depthwise.Kernels;

/// <summary>
/// Packs a GEMM right operand into the panel order the micro-kernel reads: panels of <c>panelColumns</c> columns, each
/// stored k-row after k-row, so a tile's right operand is one sequential stream. The last panel is only as wide as its
/// columns rounded up to whole vectors, zero-padded, so edge tiles read no garbage and waste no more than one vector.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Floats a packed right operand occupies.</summary>
    /// <param name="depth">Rows k.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="lanes">Floats per vector.</param>
    /// <returns>depth × columns rounded up to whole vectors.</returns>
    public static long PackedLength(int depth, int columns, int lanes) => (long)depth * RoundUp(columns, lanes);

    /// <summary>Width in floats of each k-row of the panel starting at column <paramref name="panelStart"/>.</summary>
    /// <param name="columns">Columns of the whole operand.</param>
    /// <param name="panelStart">First column of the panel (a multiple of <paramref name="panelColumns"/>).</param>
    /// <param name="panelColumns">Columns of a full panel (a multiple of <paramref name="lanes"/>).</param>
    /// <param name="lanes">Floats per vector.</param>
    /// <returns><paramref name="panelColumns"/>, or less for the last panel.</returns>
    public static int PanelWidth(int columns, int panelStart, int panelColumns, int lanes) =>
        Math.Min(panelColumns, RoundUp(columns - panelStart, lanes));

    // right (depth, columns), element (k, c) at k·rowStride + c·columnStride → panels: panel p at p·panelColumns·depth, row k of it at k·PanelWidth
    public static void PackRight(
        float* source, nint rowStride, nint columnStride, int depth, int columns, int panelColumns, int lanes, float* packed)
    {
        for (var panelStart = 0; panelStart < columns; panelStart += panelColumns)
        {
            var width = PanelWidth(columns, panelStart, panelColumns, lanes);
            var used = Math.Min(width, columns - panelStart);
            var panel = packed + ((long)panelStart * depth);
            var panelSource = source + (panelStart * columnStride);
            if (columnStride == 1)
            {
                // Row-major source (activations): each k row of the panel is one contiguous copy.
                for (var k = 0; k < depth; k++)
                {
                    var destination = new Span<float>(panel + ((long)k * width), width);
                    new ReadOnlySpan<float>(panelSource + (k * rowStride), used).CopyTo(destination);
                    destination[used..].Clear();
                }

                continue;
            }

            // Column-major source (weights (Cout, Cin) seen as their transpose). Where each source column's k run is
            // contiguous, blocks of 8 columns × 8k go through the register transpose; the rest is gathered one by one.
            var column = 0;
            var blockDepth = rowStride == 1 && GemmPackTranspose.IsSupported ? depth / GemmTranspose.BlockRows * GemmTranspose.BlockRows : 0;
            if (blockDepth > 0)
            {
                var blocks = used / GemmTranspose.BlockRows;
                GemmPackTranspose.Blocks(panelSource, columnStride, blocks, blockDepth, panel, width);
                column = blocks * GemmTranspose.BlockRows;
                Gather(panelSource, rowStride, columnStride, 0, column, blockDepth, depth, panel, width);
            }

            Gather(panelSource, rowStride, columnStride, column, used, 0, depth, panel, width);
            for (var k = 0; k < depth; k++)
            {
                new Span<float>(panel + ((long)k * width) + used, width - used).Clear();
            }
        }
    }

    // source columns [firstColumn, endColumn) × k in [firstK, endK) → panel rows k, one element at a time
    private static void Gather(
        float* source, nint rowStride, nint columnStride, int firstColumn, int endColumn, int firstK, int endK, float* panel, int width)
    {
        for (var column = firstColumn; column < endColumn; column++)
        {
            var sourceColumn = source + (column * columnStride);
            for (var k = firstK; k < endK; k++)
            {
                panel[((long)k * width) + column] = sourceColumn[k * rowStride];
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
