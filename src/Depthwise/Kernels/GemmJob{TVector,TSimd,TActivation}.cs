using System.Runtime.Intrinsics;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// One GEMM call cut into tiles (<see cref="GemmTiling"/>); <see cref="Execute"/> computes one tile completely:
/// for each right panel of the tile, every row panel of it, one micro-kernel call over the whole shared dimension.
/// </summary>
/// <remarks>
/// Whole vectors are written straight to the output, and so are transposed tiles where the kernel transposes in
/// registers (AVX-512). A tile whose last vector is only partly inside a plain output, and a transposed tile without
/// AVX-512, is computed into a scratch tile and copied out, so edge elements get exactly the arithmetic interior ones
/// get and nothing outside the output is written. The rows need no such care: the last row panel runs a micro-kernel
/// of exactly its height, and transposed stores are masked to it.
/// </remarks>
/// <typeparam name="TVector">The register type.</typeparam>
/// <typeparam name="TSimd">Operations on <typeparamref name="TVector"/>.</typeparam>
/// <typeparam name="TActivation">The fused activation.</typeparam>
internal readonly unsafe struct GemmJob<TVector, TSimd, TActivation> : IWorkItem
    where TVector : struct
    where TSimd : struct, ISimdFloat<TVector>
    where TActivation : struct, IActivationOperator<TActivation>
{
    // The scratch tile holds the largest tile of any width: 8 rows × three Vector512.
    private const int MaxTileRows = 8;

    private const int MaxPanelColumns = 48;

    // The slice of an in-place right operand that the row tiles of one chunk re-read (SweepAcross) stays in L2 (1 MiB
    // per Zen core) beside the output streaming through it: a quarter of it, as GemmTiling's left blocks. 24 → 144 @ 56²
    // (its whole 301 KB input a chunk, or two of 56 and 9 panels) swept at the same speed; 16 → 96 @ 112² swept with its
    // whole 803 KB input took 335 µs against 265 panel by panel, in chunks of 85 panels 271.
    private const long RightChunkBytes = 256 * 1024;

    // Outputs up to the size of L2 (1 MiB per Zen core) stay there from one call to the next, and 32 rows or fewer are
    // few enough streams (SweepAcross): 32 → 192 @ 28² (602 KB) measured 47.3 µs panel by panel and 47.6 swept.
    private const long SweptOutputBytes = 1024 * 1024;

    private const int SweptRows = 32;

    private readonly GemmOperands _operands;
    private readonly TActivation _activation;
    private readonly int _tileRows;
    private readonly int _panelColumns;
    private readonly int _rowPanels;
    private readonly int _columnPanels;
    private readonly int _rowBlocks;
    private readonly int _columnBlocks;
    private readonly float* _edgeRight;
    private readonly bool _extraColumn;
    private readonly int _stripColumns;
    private readonly int _tiledColumns;

    /// <summary>Plans the tiles.</summary>
    /// <param name="operands">The pinned operands.</param>
    /// <param name="activation">The fused activation.</param>
    /// <param name="tileRows">Main micro-tile height (the last row panel may be shorter); with a packed left operand, a divisor of its panel width.</param>
    /// <param name="tiling">Blocks of panels (<see cref="GemmKernel.PanelColumnsFor"/> columns), clamped here to the panels there are.</param>
    /// <param name="edgeRight">
    /// For an in-place right operand whose last panel is not whole vectors: that panel packed by <see cref="GemmPacking.PackRight"/>; otherwise unused.
    /// </param>
    public GemmJob(in GemmOperands operands, TActivation activation, int tileRows, GemmTiling tiling, float* edgeRight)
    {
        _operands = operands;
        _activation = activation;
        _tileRows = tileRows;
        _panelColumns = GemmKernel.PanelColumnsFor(operands.RightPacked, operands.OutputTransposed);
        _rowPanels = DivideRoundingUp(operands.Rows, tileRows);
        _extraColumn = GemmKernel.EndsInExtraColumn(operands);
        _stripColumns = GemmKernel.StripColumns(operands);
        _tiledColumns = operands.Columns - _stripColumns;
        _columnPanels = _extraColumn ? operands.Columns / _panelColumns : DivideRoundingUp(_tiledColumns, _panelColumns);
        _rowBlocks = Math.Clamp(tiling.RowBlocks, 1, _rowPanels);
        _columnBlocks = Math.Clamp(tiling.ColumnBlocks, 1, _columnPanels);
        _edgeRight = edgeRight;
        Tiles = _rowBlocks * _columnBlocks;
    }

    /// <summary>Lanes per vector.</summary>
    public static int Lanes => TSimd.Count;

    /// <summary>Work items.</summary>
    public int Tiles { get; }

    /// <summary>Computes output tile <paramref name="item"/>: all its elements, bias and activation included.</summary>
    /// <param name="item">Tile index in [0, <see cref="Tiles"/>).</param>
    public void Execute(int item)
    {
        // Block b covers panels [b·panels/blocks, (b+1)·panels/blocks): runs that differ by at most one panel.
        var operands = _operands;
        var rowBlock = item % _rowBlocks;
        var rowStart = (int)((long)rowBlock * _rowPanels / _rowBlocks) * _tileRows;
        var rowEnd = Math.Min((int)((long)(rowBlock + 1) * _rowPanels / _rowBlocks) * _tileRows, operands.Rows);
        var columnBlock = item / _rowBlocks;
        var columnStart = (int)((long)columnBlock * _columnPanels / _columnBlocks) * _panelColumns;
        var columnEnd = Math.Min((int)((long)(columnBlock + 1) * _columnPanels / _columnBlocks) * _panelColumns, _tiledColumns);
        var scratch = stackalloc float[MaxTileRows * MaxPanelColumns];
        var edgeBias = stackalloc float[MaxPanelColumns];

        var sweptEnd = SweepAcross(rowStart, rowEnd, columnStart, columnEnd);
        for (var column = sweptEnd; column < columnEnd; column += _panelColumns)
        {
            var width = Math.Min(_panelColumns, _tiledColumns - column);
            var extraColumns = _extraColumn && column + width == operands.Columns - 1 ? 1 : 0;
            var paddedWidth = GemmPacking.PanelWidth(_tiledColumns, column, _panelColumns, Lanes);
            float* right;
            nint rightDepthStride;
            if (operands.RightPacked || width != paddedWidth)
            {
                // Packed panels, or the in-place operand's last panel, packed by the caller: rows of paddedWidth floats.
                right = operands.RightPacked ? operands.Right + ((long)column * operands.Depth) : _edgeRight;
                rightDepthStride = paddedWidth;
            }
            else
            {
                right = operands.Right + column;
                rightDepthStride = operands.RightDepthStride;
            }

            // The item's next packed panel starts where this one ends: its rows are prefetched during this panel's first tile.
            var nextRight = operands.RightPacked && column + _panelColumns < columnEnd ? right + ((long)_panelColumns * operands.Depth) : null;
            var coveredWidth = CoveredWidth(width);
            var columnBias = operands.Bias + column;
            if (operands.BiasMode == GemmBias.PerColumn && width != coveredWidth)
            {
                new Span<float>(edgeBias, coveredWidth).Clear();
                new ReadOnlySpan<float>(columnBias, width).CopyTo(new Span<float>(edgeBias, width));
                columnBias = edgeBias;
            }

            // Whole vectors go straight to the output, and so do transposed tiles where the kernel can transpose in
            // registers; a partial vector, or a transposed tile without AVX-512, goes through the scratch tile.
            var transposedColumns = operands.OutputTransposed ? width : 0;
            var direct = operands.OutputTransposed ? GemmTranspose.InKernel(Lanes) : width == coveredWidth;
            if (direct)
            {
                // All full-height row panels in one call (per panel of a packed left operand), then the shorter last one, if any.
                for (var row = rowStart; row < rowEnd;)
                {
                    var end = operands.LeftPacked ? Math.Min(rowEnd, ((row / GemmKernel.PanelColumns) + 1) * GemmKernel.PanelColumns) : rowEnd;
                    var fullRows = (end - row) / _tileRows * _tileRows;
                    if (fullRows > 0)
                    {
                        RunMicroKernel(
                            _tileRows, fullRows / _tileRows, coveredWidth, extraColumns, transposedColumns, LeftRow(row), LeftDepthStride(row), NextLeft(row),
                            right, rightDepthStride, row == rowStart ? nextRight : null, OutputTile(row, column), operands.OutputStride, RowBias(row, columnBias));
                    }

                    var lastRow = row + fullRows;
                    if (lastRow < end)
                    {
                        RunMicroKernel(
                            end - lastRow, 1, coveredWidth, extraColumns, transposedColumns, LeftRow(lastRow), LeftDepthStride(lastRow),
                            fullRows > 0 ? null : NextLeft(lastRow), right, rightDepthStride, lastRow == rowStart ? nextRight : null, OutputTile(lastRow, column), operands.OutputStride,
                            RowBias(lastRow, columnBias));
                    }

                    row = end;
                }

                continue;
            }

            for (var row = rowStart; row < rowEnd; row += _tileRows)
            {
                var rows = Math.Min(_tileRows, rowEnd - row);
                RunMicroKernel(
                    rows, 1, coveredWidth, 0, 0, LeftRow(row), LeftDepthStride(row), null, right, rightDepthStride, row == rowStart ? nextRight : null,
                    scratch, _panelColumns, RowBias(row, columnBias));
                if (operands.OutputTransposed)
                {
                    GemmTranspose.Store(scratch, _panelColumns, rows, width, operands.Output + (column * operands.OutputStride) + row, operands.OutputStride);
                }
                else
                {
                    for (var tileRow = 0; tileRow < rows; tileRow++)
                    {
                        new ReadOnlySpan<float>(scratch + (tileRow * _panelColumns), width)
                            .CopyTo(new Span<float>(operands.Output + ((row + tileRow) * operands.OutputStride) + column, width));
                    }
                }
            }
        }

        // The columns after the last whole vector, vectors over the tile's rows, by the item of the last column block.
        if (_stripColumns > 0 && columnBlock == _columnBlocks - 1)
        {
            RunStrip(rowStart, rowEnd);
        }
    }

    private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;

    // The whole wide panels of an item that spans every column (one thread) and writes more than L2 holds, over more
    // than SweptRows rows: in chunks of panels whose slice of the right operand fits RightChunkBytes, each row tile
    // sweeps across a chunk before the next row tile starts, so the output is written as TileRows sequential row
    // streams, which the hardware prefetcher follows, and not as all the output rows at once (one per row, 144 for
    // 24 → 144 @ 56², more than it tracks: each store waited for its line from L3). Returns the first column left to
    // the panel-by-panel loop. That loop stays for items cut by columns (more threads: 24 → 144 @ 56² on two took
    // 66 µs panel by panel, 74–85 µs swept), for outputs that stay in L2, and for few rows, where the panel order
    // reads each input panel once from L1 for all row tiles (the fused blocks' 32 → 16 and 144 → 24 projections over
    // one band: MobileNetV2's features.1 and .3 1.05–1.13 → 1.19–1.20 and 0.84–0.92 → 0.89–0.95 of ONNX Runtime swept) —
    // unless the right operand spans more than a chunk: then the rows' sequential streams pay there too (session 21,
    // standalone NCHW layers on Zen 4: 32 → 16 @ 112² 127 → 118 µs, 32 → 16 @ 56² +8–11 %, 144 → 24 @ 56² and
    // 192 → 32 @ 28² +0–3 %; a fused 3×3 32 @ 112² → 16 block unchanged, 234.6–234.9 against 233.3–235.4 µs).
    private int SweepAcross(int rowStart, int rowEnd, int columnStart, int columnEnd)
    {
        var operands = _operands;
        var panelColumns = GemmKernel.WidePanelColumns;
        var outputBytes = (long)(rowEnd - rowStart) * (columnEnd - columnStart) * sizeof(float);
        var rightBytes = (long)operands.Depth * (columnEnd - columnStart) * sizeof(float);
        if (_panelColumns != panelColumns || Lanes != 16 || operands.RightPacked || operands.OutputTransposed || operands.LeftPacked || _columnBlocks > 1
            || ((outputBytes <= SweptOutputBytes || rowEnd - rowStart <= SweptRows) && rightBytes <= RightChunkBytes))
        {
            return columnStart;
        }

        var wholePanels = (columnEnd - columnStart) / panelColumns;
        var chunkPanels = (int)Math.Max(1, RightChunkBytes / ((long)operands.Depth * panelColumns * sizeof(float)));
        for (var chunk = 0; chunk < wholePanels; chunk += chunkPanels)
        {
            var panels = Math.Min(chunkPanels, wholePanels - chunk);
            var column = columnStart + (chunk * panelColumns);
            for (var row = rowStart; row < rowEnd; row += _tileRows)
            {
                RunWideAcross(
                    Math.Min(_tileRows, rowEnd - row), panels, LeftRow(row), operands.Right + column, OutputTile(row, column), RowBias(row, operands.Bias + column));
            }
        }

        return columnStart + (wholePanels * panelColumns);
    }

    // Rows [rowStart, rowEnd) × the strip columns, up to 16 rows of one packed left panel per call.
    private void RunStrip(int rowStart, int rowEnd)
    {
        var operands = _operands;
        var columnBias = operands.Bias + _tiledColumns;
        for (var row = rowStart; row < rowEnd;)
        {
            var panelEnd = ((row / GemmKernel.PanelColumns) + 1) * GemmKernel.PanelColumns;
            var rows = Math.Min(Math.Min(Lanes, rowEnd - row), panelEnd - row);
            var left = LeftRow(row);
            var leftDepthStride = LeftDepthStride(row);
            var right = operands.Right + _tiledColumns;
            var output = operands.Output + (row * operands.OutputStride) + _tiledColumns;
            var bias = RowBias(row, columnBias);
            switch (_stripColumns)
            {
                case 1:
                    Strip<GemmCount.One>(rows, left, leftDepthStride, right, output, bias);
                    break;
                case 2:
                    Strip<GemmCount.Two>(rows, left, leftDepthStride, right, output, bias);
                    break;
                case 3:
                    Strip<GemmCount.Three>(rows, left, leftDepthStride, right, output, bias);
                    break;
                case 4:
                    Strip<GemmCount.Four>(rows, left, leftDepthStride, right, output, bias);
                    break;
                case 5:
                    Strip<GemmCount.Five>(rows, left, leftDepthStride, right, output, bias);
                    break;
                case 6:
                    Strip<GemmCount.Six>(rows, left, leftDepthStride, right, output, bias);
                    break;
                case 7:
                    Strip<GemmCount.Seven>(rows, left, leftDepthStride, right, output, bias);
                    break;
                default:
                    Strip<GemmCount.Eight>(rows, left, leftDepthStride, right, output, bias);
                    break;
            }

            row += rows;
        }
    }

    // One call of the strip kernel for TColumns columns; the switch above picks the count, which must be a type.
    private void Strip<TColumns>(int rows, float* left, nint leftDepthStride, float* right, float* output, float* bias)
        where TColumns : struct, IGemmCount
    {
        var operands = _operands;
        GemmColumnStripKernel.Run<TColumns, TActivation>(
            rows, operands.Depth, left, leftDepthStride, right, operands.RightDepthStride, output, operands.OutputStride, bias, operands.BiasMode, _activation);
    }

    // Element (row, 0) of the left operand and the distance between its consecutive k: in place, the operand's own
    // strides; packed, within the panel holding the row (tiles never straddle one: the tile height divides the panel width).
    private float* LeftRow(int row)
    {
        var operands = _operands;
        if (!operands.LeftPacked)
        {
            return operands.Left + (row * operands.LeftRowStride);
        }

        var panelStart = row / GemmKernel.PanelColumns * GemmKernel.PanelColumns;
        return operands.Left + ((long)panelStart * operands.Depth) + (row - panelStart);
    }

    // The packed left panel after the one holding `row`, or null (in place, or the last panel).
    private float* NextLeft(int row)
    {
        var next = ((row / GemmKernel.PanelColumns) + 1) * GemmKernel.PanelColumns;
        return _operands.LeftPacked && next < _operands.Rows ? LeftRow(next) : null;
    }

    private nint LeftDepthStride(int row) => _operands.LeftPacked
        ? GemmPacking.PanelWidth(_operands.Rows, row / GemmKernel.PanelColumns * GemmKernel.PanelColumns, GemmKernel.PanelColumns, Lanes)
        : _operands.LeftDepthStride;

    private float* RowBias(int row, float* columnBias) => _operands.BiasMode == GemmBias.PerRow ? _operands.Bias + row : columnBias;

    // Element (row, column) of the output, whichever way it is stored.
    private float* OutputTile(int row, int column) => _operands.OutputTransposed
        ? _operands.Output + (column * _operands.OutputStride) + row
        : _operands.Output + (row * _operands.OutputStride) + column;

    private void RunMicroKernel(
        int rows, int panels, int width, int extraColumns, int transposedColumns, float* left, nint leftDepthStride, float* nextLeft, float* right,
        nint rightDepthStride, float* nextRight, float* output, nint outputStride, float* bias)
    {
        if (extraColumns > 0)
        {
            RunWithExtraColumn(rows, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
            return;
        }

        switch (rows)
        {
            case 8:
                RunMicroKernel<GemmCount.Eight>(panels, width, transposedColumns, left, leftDepthStride, nextLeft, right, rightDepthStride, nextRight, output, outputStride, bias);
                break;
            case 7:
                RunMicroKernel<GemmCount.Seven>(panels, width, transposedColumns, left, leftDepthStride, nextLeft, right, rightDepthStride, nextRight, output, outputStride, bias);
                break;
            case 6:
                RunMicroKernel<GemmCount.Six>(panels, width, transposedColumns, left, leftDepthStride, nextLeft, right, rightDepthStride, nextRight, output, outputStride, bias);
                break;
            case 5:
                RunMicroKernel<GemmCount.Five>(panels, width, transposedColumns, left, leftDepthStride, nextLeft, right, rightDepthStride, nextRight, output, outputStride, bias);
                break;
            case 4:
                RunMicroKernel<GemmCount.Four>(panels, width, transposedColumns, left, leftDepthStride, nextLeft, right, rightDepthStride, nextRight, output, outputStride, bias);
                break;
            case 3:
                RunMicroKernel<GemmCount.Three>(panels, width, transposedColumns, left, leftDepthStride, nextLeft, right, rightDepthStride, nextRight, output, outputStride, bias);
                break;
            case 2:
                RunMicroKernel<GemmCount.Two>(panels, width, transposedColumns, left, leftDepthStride, nextLeft, right, rightDepthStride, nextRight, output, outputStride, bias);
                break;
            default:
                RunMicroKernel<GemmCount.One>(panels, width, transposedColumns, left, leftDepthStride, nextLeft, right, rightDepthStride, nextRight, output, outputStride, bias);
                break;
        }
    }

    // Columns the micro-kernels compute for a panel of `width` columns: whole vectors, or a last half vector
    // (GemmKernel.EndsInHalfVector): 196 = 4·48 + 4 pixels then waste 4 lanes instead of 12.
    private static int CoveredWidth(int width) =>
        GemmKernel.EndsInHalfVector(width, Lanes) ? width - (width % Lanes) + 8 : (width + Lanes - 1) / Lanes * Lanes;

    // The 8 × 48 tile and the column after it (GemmKernel.EndsInExtraColumn: Vector512, packed left, plain output), its
    // tiles down the rows.
    private void RunWithExtraColumn(
        int rows, int panels, float* left, nint leftDepthStride, float* nextLeft, float* right, nint rightDepthStride, float* output, nint outputStride,
        float* bias) => RunWideOfHeight(rows, across: false, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);

    // The 8 × 48 tile over operands in place, its tiles across the columns (SweepAcross).
    private void RunWideAcross(int rows, int panels, float* left, float* right, float* output, float* bias)
    {
        var operands = _operands;
        RunWideOfHeight(rows, across: true, panels, left, operands.LeftDepthStride, null, right, operands.RightDepthStride, output, operands.OutputStride, bias);
    }

    // The tile height as a type: across, operands in place; down, a packed left operand and the extra column.
    private void RunWideOfHeight(
        int rows, bool across, int panels, float* left, nint leftDepthStride, float* nextLeft, float* right, nint rightDepthStride, float* output,
        nint outputStride, float* bias)
    {
        switch (rows)
        {
            case 8:
                RunWideOfKind<GemmCount.Eight>(across, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                break;
            case 7:
                RunWideOfKind<GemmCount.Seven>(across, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                break;
            case 6:
                RunWideOfKind<GemmCount.Six>(across, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                break;
            case 5:
                RunWideOfKind<GemmCount.Five>(across, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                break;
            case 4:
                RunWideOfKind<GemmCount.Four>(across, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                break;
            case 3:
                RunWideOfKind<GemmCount.Three>(across, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                break;
            case 2:
                RunWideOfKind<GemmCount.Two>(across, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                break;
            default:
                RunWideOfKind<GemmCount.One>(across, panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                break;
        }
    }

    private void RunWideOfKind<TRows>(
        bool across, int panels, float* left, nint leftDepthStride, float* nextLeft, float* right, nint rightDepthStride, float* output, nint outputStride,
        float* bias)
        where TRows : struct, IGemmCount
    {
        if (across)
        {
            RunWide<TRows, GemmCount.Zero, GemmCount.Zero>(panels, left, leftDepthStride, null, right, rightDepthStride, output, outputStride, bias, across: true);
        }
        else
        {
            RunWide<TRows, GemmCount.One, GemmCount.One>(panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
        }
    }

    // Down: the tiles of one column panel, each TRows rows below the last. Across: the tiles of one row tile, each 48 columns on.
    private void RunWide<TRows, TPackedLeft, TExtraColumns>(
        int panels, float* left, nint leftDepthStride, float* nextLeft, float* right, nint rightDepthStride, float* output, nint outputStride, float* bias,
        bool across = false)
        where TRows : struct, IGemmCount
        where TPackedLeft : struct, IGemmCount
        where TExtraColumns : struct, IGemmCount
    {
        var operands = _operands;
        var columns = GemmKernel.WidePanelColumns;
        var sweep = across
            ? new GemmWideSweep(0, columns, columns, operands.BiasMode == GemmBias.PerColumn ? columns : 0)
            : new GemmWideSweep(
                TRows.Value * (TPackedLeft.Value > 0 ? 1 : operands.LeftRowStride), 0, TRows.Value * outputStride, operands.BiasMode == GemmBias.PerRow ? TRows.Value : 0);
        GemmWideMicroKernel<TRows>.Run<TPackedLeft, TExtraColumns, TActivation>(
            panels, operands.Depth, left, operands.LeftRowStride, leftDepthStride, right, rightDepthStride, output, outputStride, nextLeft,
            bias, operands.BiasMode, sweep, _activation);
    }

    private void RunMicroKernel<TRows>(
        int panels, int width, int transposedColumns, float* left, nint leftDepthStride, float* nextLeft, float* right, nint rightDepthStride,
        float* nextRight, float* output, nint outputStride, float* bias)
        where TRows : struct, IGemmCount
    {
        var operands = _operands;
        switch (width / Lanes)
        {
            case 3:
                // Only Vector512 panels are three vectors wide (GemmKernel.WidePanelColumns), never transposed, never packed.
                if (operands.LeftPacked)
                {
                    RunWide<TRows, GemmCount.One, GemmCount.Zero>(panels, left, leftDepthStride, nextLeft, right, rightDepthStride, output, outputStride, bias);
                }
                else
                {
                    RunWide<TRows, GemmCount.Zero, GemmCount.Zero>(panels, left, leftDepthStride, null, right, rightDepthStride, output, outputStride, bias);
                }

                break;
            case 2:
                GemmMicroKernel<TVector, TSimd, TRows, GemmCount.Two>.Run(
                    panels, operands.Depth, left, operands.LeftRowStride, leftDepthStride, right, rightDepthStride, output, outputStride,
                    transposedColumns, nextRight, bias, operands.BiasMode, _activation);
                break;
            case 1:
                GemmMicroKernel<TVector, TSimd, TRows, GemmCount.One>.Run(
                    panels, operands.Depth, left, operands.LeftRowStride, leftDepthStride, right, rightDepthStride, output, outputStride,
                    transposedColumns, nextRight, bias, operands.BiasMode, _activation);
                break;
        }

        if (width % Lanes != 0)
        {
            // The half vector after the whole ones (only with Vector512; see CoveredWidth).
            var offset = width - (width % Lanes);
            var pieceOutput = transposedColumns > 0 ? output + (offset * outputStride) : output + offset;
            GemmMicroKernel<Vector256<float>, SimdFloat256, TRows, GemmCount.One>.Run(
                panels, operands.Depth, left, operands.LeftRowStride, leftDepthStride, right + offset, rightDepthStride, pieceOutput, outputStride,
                Math.Max(transposedColumns - offset, 0), null, operands.BiasMode == GemmBias.PerColumn ? bias + offset : bias, operands.BiasMode, _activation);
        }
    }
}
