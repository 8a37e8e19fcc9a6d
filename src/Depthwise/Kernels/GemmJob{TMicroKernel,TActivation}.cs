using System.Buffers;
using System.Runtime.InteropServices;

namespace Depthwise.Kernels;

/// <summary>
/// One GEMM call cut into output tiles of <see cref="GemmBlocking.RowBlock"/> × <see cref="GemmBlocking.ColumnBlock"/>:
/// a work item owns one tile, packs its operands slice by slice along the depth and runs the micro-kernel over the tile.
/// </summary>
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
    private readonly int _rowBlock;
    private readonly int _columnBlock;
    private readonly int _depthBlock;
    private readonly int _rowTiles;

    public GemmJob(in GemmOperands operands, GemmBlocking blocking, TActivation activation)
    {
        _operands = operands;
        _activation = activation;
        _rowBlock = RoundUp(Math.Min(Math.Max(blocking.RowBlock, 1), operands.Rows), TMicroKernel.Rows);
        _columnBlock = RoundUp(Math.Min(Math.Max(blocking.ColumnBlock, 1), operands.Columns), TMicroKernel.Columns);
        _depthBlock = Math.Min(Math.Max(blocking.DepthBlock, 1), operands.Depth);
        _rowTiles = DivideRoundingUp(operands.Rows, _rowBlock);
        WorkItems = _rowTiles * DivideRoundingUp(operands.Columns, _columnBlock);
    }

    /// <summary>Number of output tiles.</summary>
    public int WorkItems { get; }

    /// <summary>Computes output tile <paramref name="item"/> completely (all depth slices, bias, activation).</summary>
    /// <param name="item">Tile index in [0, <see cref="WorkItems"/>).</param>
    public void Execute(int item)
    {
        var rowStart = item % _rowTiles * _rowBlock;
        var columnStart = item / _rowTiles * _columnBlock;
        var rowCount = Math.Min(_rowBlock, _operands.Rows - rowStart);
        var columnCount = Math.Min(_columnBlock, _operands.Columns - columnStart);

        // Packing buffers come from the shared pool (its per-thread cache makes this allocation-free in steady state).
        var pool = ArrayPool<float>.Shared;
        var leftBuffer = pool.Rent((RoundUp(rowCount, TMicroKernel.Rows) * _depthBlock) + AlignmentFloats);
        var rightBuffer = pool.Rent((RoundUp(columnCount, TMicroKernel.Columns) * _depthBlock) + AlignmentFloats);
        try
        {
            fixed (float* leftBase = leftBuffer, rightBase = rightBuffer)
            {
                ComputeTile(rowStart, rowCount, columnStart, columnCount, Align(leftBase), Align(rightBase));
            }
        }
        finally
        {
            pool.Return(rightBuffer);
            pool.Return(leftBuffer);
        }
    }

    private void ComputeTile(int rowStart, int rowCount, int columnStart, int columnCount, float* packedLeft, float* packedRight)
    {
        var panelRows = TMicroKernel.Rows;
        var panelColumns = TMicroKernel.Columns;
        var operands = _operands;
        var depth = operands.Depth;
        Span<float> edgeTile = stackalloc float[panelRows * panelColumns];
        Span<float> zeros = stackalloc float[Math.Max(panelRows, panelColumns)];
        zeros.Clear();
        Span<float> edgeRowBias = stackalloc float[panelRows];
        Span<float> edgeColumnBias = stackalloc float[panelColumns];

        for (var depthStart = 0; depthStart < depth; depthStart += _depthBlock)
        {
            var depthCount = Math.Min(_depthBlock, depth - depthStart);
            GemmPacking.PackRight(
                ref *(operands.Right + (depthStart * operands.RightRowStride) + (columnStart * operands.RightColumnStride)),
                operands.RightRowStride, operands.RightColumnStride, depthCount, columnCount, panelColumns, ref *packedRight);
            GemmPacking.PackLeft(
                ref *(operands.Left + (rowStart * operands.LeftRowStride) + (depthStart * operands.LeftColumnStride)),
                operands.LeftRowStride, operands.LeftColumnStride, rowCount, depthCount, panelRows, ref *packedLeft);
            var accumulate = depthStart > 0;
            var finish = depthStart + depthCount == depth;

            // Right panel outer: its depthCount × panelColumns values stay in L1 while the left panels stream past.
            for (var panelColumn = 0; panelColumn < columnCount; panelColumn += panelColumns)
            {
                var tileColumns = Math.Min(panelColumns, columnCount - panelColumn);
                var rightPanel = packedRight + (panelColumn * depthCount);
                var column = columnStart + panelColumn;
                for (var panelRow = 0; panelRow < rowCount; panelRow += panelRows)
                {
                    var tileRows = Math.Min(panelRows, rowCount - panelRow);
                    var leftPanel = packedLeft + (panelRow * depthCount);
                    var row = rowStart + panelRow;
                    var outputTile = operands.Output + (row * operands.OutputRowStride) + column;
                    if (tileRows == panelRows && tileColumns == panelColumns)
                    {
                        ref var rowBias = ref operands.BiasMode == GemmBias.PerRow ? ref *(operands.Bias + row) : ref MemoryMarshal.GetReference(zeros);
                        ref var columnBias = ref operands.BiasMode == GemmBias.PerColumn ? ref *(operands.Bias + column) : ref MemoryMarshal.GetReference(zeros);
                        TMicroKernel.Run(
                            depthCount, ref *leftPanel, ref *rightPanel, ref *outputTile, operands.OutputRowStride,
                            ref rowBias, ref columnBias, accumulate, finish, _activation);
                    }
                    else
                    {
                        // A partial tile runs the same micro-kernel on a full-size scratch tile, so edge elements get exactly
                        // the arithmetic interior ones get, and nothing outside the output or the bias is read or written.
                        if (accumulate)
                        {
                            CopyTile(outputTile, operands.OutputRowStride, edgeTile, panelColumns, tileRows, tileColumns);
                        }

                        edgeRowBias.Clear();
                        if (operands.BiasMode == GemmBias.PerRow)
                        {
                            new ReadOnlySpan<float>(operands.Bias + row, tileRows).CopyTo(edgeRowBias);
                        }

                        edgeColumnBias.Clear();
                        if (operands.BiasMode == GemmBias.PerColumn)
                        {
                            new ReadOnlySpan<float>(operands.Bias + column, tileColumns).CopyTo(edgeColumnBias);
                        }

                        TMicroKernel.Run(
                            depthCount, ref *leftPanel, ref *rightPanel, ref MemoryMarshal.GetReference(edgeTile), panelColumns,
                            ref MemoryMarshal.GetReference(edgeRowBias), ref MemoryMarshal.GetReference(edgeColumnBias), accumulate, finish, _activation);
                        CopyTile(edgeTile, panelColumns, outputTile, operands.OutputRowStride, tileRows, tileColumns);
                    }
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
