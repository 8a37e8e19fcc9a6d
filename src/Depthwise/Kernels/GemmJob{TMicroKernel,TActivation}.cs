using System.Buffers;
using System.Runtime.InteropServices;

namespace Depthwise.Kernels;

/// <summary>
/// One GEMM call in two phases. <see cref="PackRightBlock"/> packs the whole right operand once, one column block per
/// work item, into panels shared by every row of the output. <see cref="ComputeTile"/> then computes one output tile of
/// <see cref="GemmBlocking.RowBlock"/> × <see cref="GemmBlocking.ColumnBlock"/> per work item, slice by slice along the depth.
/// </summary>
/// <remarks>
/// Packing once, rather than once per tile, measured faster even when the packed operand outgrows L2 (NCHW activations
/// of 1.8 MB): layers with many row tiles (Cout 576, 1280) otherwise repack the same columns 6–14 times.
/// </remarks>
/// <typeparam name="TMicroKernel">The register-tiled kernel (picks the vector width).</typeparam>
/// <typeparam name="TActivation">The fused activation.</typeparam>
internal readonly unsafe struct GemmJob<TMicroKernel, TActivation>
    where TMicroKernel : struct, IGemmMicroKernel
    where TActivation : struct, IActivationOperator<TActivation>
{
    // Packed buffers start on a 64-byte boundary so no Vector512 load of a packed panel splits a cache line.
    private const int AlignmentBytes = 64;
    private const int AlignmentFloats = AlignmentBytes / sizeof(float);

    private readonly GemmOperands _operands;
    private readonly TActivation _activation;
    private readonly float* _packedRight;
    private readonly int _rowBlock;
    private readonly int _columnBlock;
    private readonly int _depthBlock;
    private readonly int _rowTiles;

    /// <summary>Plans the tiles.</summary>
    /// <param name="operands">The pinned operands.</param>
    /// <param name="blocking">Block sizes (rounded up to whole micro-tiles, clamped to the problem).</param>
    /// <param name="activation">The fused activation.</param>
    /// <param name="packedRight">A buffer of <see cref="PackedRightLength"/> floats, filled by <see cref="PackRightBlock"/>.</param>
    public GemmJob(in GemmOperands operands, GemmBlocking blocking, TActivation activation, float* packedRight)
    {
        _operands = operands;
        _activation = activation;
        _packedRight = Align(packedRight);
        _rowBlock = RoundUp(Math.Min(Math.Max(blocking.RowBlock, 1), operands.Rows), TMicroKernel.Rows);
        _columnBlock = RoundUp(Math.Min(Math.Max(blocking.ColumnBlock, 1), operands.Columns), TMicroKernel.Columns);
        _depthBlock = Math.Min(Math.Max(blocking.DepthBlock, 1), operands.Depth);
        _rowTiles = DivideRoundingUp(operands.Rows, _rowBlock);
        ColumnBlocks = DivideRoundingUp(operands.Columns, _columnBlock);
        Tiles = _rowTiles * ColumnBlocks;
    }

    /// <summary>Work items of the packing phase.</summary>
    public int ColumnBlocks { get; }

    /// <summary>Work items of the compute phase.</summary>
    public int Tiles { get; }

    /// <summary>Floats the shared packed right operand needs, alignment slack included.</summary>
    /// <param name="operands">The operands.</param>
    /// <returns>depth × columns rounded up to whole panels, plus alignment slack.</returns>
    public static long PackedRightLength(in GemmOperands operands) =>
        ((long)operands.Depth * RoundUp(operands.Columns, TMicroKernel.Columns)) + AlignmentFloats;

    /// <summary>Packs the right operand's columns of block <paramref name="block"/> over the full depth.</summary>
    /// <param name="block">Column block in [0, <see cref="ColumnBlocks"/>).</param>
    public void PackRightBlock(int block)
    {
        // Panel p (columns p·NR…) holds all depth rows: depth slice d of it starts at (p·depth + d)·NR.
        var columnStart = block * _columnBlock;
        var operands = _operands;
        GemmPacking.PackRight(
            ref *(operands.Right + (columnStart * operands.RightColumnStride)), operands.RightRowStride, operands.RightColumnStride,
            operands.Depth, Math.Min(_columnBlock, operands.Columns - columnStart), TMicroKernel.Columns,
            ref *(_packedRight + ((long)columnStart * operands.Depth)));
    }

    /// <summary>Computes output tile <paramref name="tile"/> completely (all depth slices, bias, activation).</summary>
    /// <param name="tile">Tile index in [0, <see cref="Tiles"/>).</param>
    public void ComputeTile(int tile)
    {
        var rowStart = tile % _rowTiles * _rowBlock;
        var rowCount = Math.Min(_rowBlock, _operands.Rows - rowStart);

        var columnStart = tile / _rowTiles * _columnBlock;
        var columnCount = Math.Min(_columnBlock, _operands.Columns - columnStart);

        // A row-major left operand is read in place; only a strided one, or the last partial row panel, is packed.
        var packAll = _operands.LeftColumnStride != 1;
        var packedRows = packAll ? RoundUp(rowCount, TMicroKernel.Rows) : TMicroKernel.Rows;

        // The pool's per-thread cache makes this allocation-free in steady state.
        var pool = ArrayPool<float>.Shared;
        var leftBuffer = pool.Rent((packedRows * _depthBlock) + AlignmentFloats);
        try
        {
            fixed (float* leftBase = leftBuffer)
            {
                RunTile(rowStart, rowCount, columnStart, columnCount, packAll, Align(leftBase));
            }
        }
        finally
        {
            pool.Return(leftBuffer);
        }
    }

    private void RunTile(int rowStart, int rowCount, int columnStart, int columnCount, bool packAll, float* packedLeft)
    {
        var panelRows = TMicroKernel.Rows;
        var panelColumns = TMicroKernel.Columns;
        var operands = _operands;
        var depth = operands.Depth;
        var fullRows = packAll ? 0 : rowCount / panelRows * panelRows;
        Span<float> edgeTile = stackalloc float[panelRows * panelColumns];
        Span<float> edgeBias = stackalloc float[Math.Max(panelRows, panelColumns)];

        for (var depthStart = 0; depthStart < depth; depthStart += _depthBlock)
        {
            var depthCount = Math.Min(_depthBlock, depth - depthStart);
            var leftSlice = operands.Left + (depthStart * operands.LeftColumnStride);
            if (fullRows < rowCount)
            {
                GemmPacking.PackLeft(
                    ref *(leftSlice + ((rowStart + fullRows) * operands.LeftRowStride)), operands.LeftRowStride, operands.LeftColumnStride,
                    rowCount - fullRows, depthCount, panelRows, ref *packedLeft);
            }

            var accumulate = depthStart > 0;
            var finish = depthStart + depthCount == depth;

            // Right panel outer: its depthCount × panelColumns values stay in L1 while the left panels stream past.
            for (var panelColumn = 0; panelColumn < columnCount; panelColumn += panelColumns)
            {
                var tileColumns = Math.Min(panelColumns, columnCount - panelColumn);
                var column = columnStart + panelColumn;
                var rightPanel = _packedRight + ((long)column * depth) + (depthStart * panelColumns);
                for (var panelRow = 0; panelRow < rowCount; panelRow += panelRows)
                {
                    var tileRows = Math.Min(panelRows, rowCount - panelRow);
                    var row = rowStart + panelRow;
                    var inPlace = panelRow < fullRows;
                    var left = inPlace ? leftSlice + (row * operands.LeftRowStride) : packedLeft + ((panelRow - fullRows) * depthCount);
                    var leftRowStride = inPlace ? operands.LeftRowStride : 1;
                    var leftDepthStride = inPlace ? 1 : panelRows;

                    var outputTile = operands.Output + (row * operands.OutputRowStride) + column;
                    if (tileRows == panelRows && tileColumns == panelColumns)
                    {
                        var bias = operands.BiasMode switch
                        {
                            GemmBias.PerRow => operands.Bias + row,
                            GemmBias.PerColumn => operands.Bias + column,
                            _ => operands.Bias,
                        };
                        TMicroKernel.Run(
                            depthCount, ref *left, leftRowStride, leftDepthStride, ref *rightPanel, ref *outputTile, operands.OutputRowStride,
                            ref *bias, operands.BiasMode, accumulate, finish, _activation);
                        continue;
                    }

                    // A partial tile runs the same micro-kernel on a full-size scratch tile, so edge elements get exactly
                    // the arithmetic interior ones get, and nothing outside the output or the bias is read or written.
                    if (accumulate)
                    {
                        CopyTile(outputTile, operands.OutputRowStride, edgeTile, panelColumns, tileRows, tileColumns);
                    }

                    edgeBias.Clear();
                    if (operands.BiasMode == GemmBias.PerRow)
                    {
                        new ReadOnlySpan<float>(operands.Bias + row, tileRows).CopyTo(edgeBias);
                    }
                    else if (operands.BiasMode == GemmBias.PerColumn)
                    {
                        new ReadOnlySpan<float>(operands.Bias + column, tileColumns).CopyTo(edgeBias);
                    }

                    TMicroKernel.Run(
                        depthCount, ref *left, leftRowStride, leftDepthStride, ref *rightPanel, ref MemoryMarshal.GetReference(edgeTile), panelColumns,
                        ref MemoryMarshal.GetReference(edgeBias), operands.BiasMode, accumulate, finish, _activation);
                    CopyTile(edgeTile, panelColumns, outputTile, operands.OutputRowStride, tileRows, tileColumns);
                }
            }
        }
    }

    private static void CopyTile(float* source, nint sourceRowStride, Span<float> destination, int destinationRowStride, int rows, int columns)
    {
        for (var row = 0; row < rows; row++)
        {
            new ReadOnlySpan<float>(source + (row * sourceRowStride), columns).CopyTo(destination.Slice(row * destinationRowStride, columns));
        }
    }

    private static void CopyTile(ReadOnlySpan<float> source, int sourceRowStride, float* destination, nint destinationRowStride, int rows, int columns)
    {
        for (var row = 0; row < rows; row++)
        {
            source.Slice(row * sourceRowStride, columns).CopyTo(new Span<float>(destination + (row * destinationRowStride), columns));
        }
    }

    private static float* Align(float* pointer) => (float*)(((nint)pointer + (AlignmentBytes - 1)) & ~(nint)(AlignmentBytes - 1));

    private static int RoundUp(int value, int multiple) => DivideRoundingUp(value, multiple) * multiple;

    private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;
}
