using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Depthwise.Kernels;

/// <summary>
/// Copies GEMM operands into the panel order the micro-kernels read sequentially, zero-padding the last panel so the
/// micro-kernel always computes a full tile. Both operands may be strided or transposed: element (i, j) of a source matrix
/// is at <c>i·rowStride + j·columnStride</c>.
/// </summary>
internal static class GemmPacking
{
    // left (rows, depth) → packed (ceil(rows / panelRows), depth, panelRows): for each panel, for each k, panelRows values.
    public static void PackLeft(ref float source, nint rowStride, nint columnStride, int rows, int depth, int panelRows, ref float packed)
    {
        for (var panelStart = 0; panelStart < rows; panelStart += panelRows)
        {
            var panelHeight = Math.Min(panelRows, rows - panelStart);
            for (var row = 0; row < panelHeight; row++)
            {
                ref var sourceRow = ref Unsafe.Add(ref source, (panelStart + row) * rowStride);
                ref var destination = ref Unsafe.Add(ref packed, row);
                for (var k = 0; k < depth; k++)
                {
                    Unsafe.Add(ref destination, k * panelRows) = Unsafe.Add(ref sourceRow, k * columnStride);
                }
            }

            for (var row = panelHeight; row < panelRows; row++)
            {
                ref var destination = ref Unsafe.Add(ref packed, row);
                for (var k = 0; k < depth; k++)
                {
                    Unsafe.Add(ref destination, k * panelRows) = 0f;
                }
            }

            packed = ref Unsafe.Add(ref packed, depth * panelRows);
        }
    }

    // right (depth, columns) → packed (ceil(columns / panelColumns), depth, panelColumns): for each panel, for each k, panelColumns values.
    public static void PackRight(ref float source, nint rowStride, nint columnStride, int depth, int columns, int panelColumns, ref float packed)
    {
        for (var panelStart = 0; panelStart < columns; panelStart += panelColumns)
        {
            var panelWidth = Math.Min(panelColumns, columns - panelStart);
            ref var panelSource = ref Unsafe.Add(ref source, panelStart * columnStride);
            if (columnStride == 1)
            {
                // Row-major right operand (NCHW activations): each k row of the panel is one contiguous copy.
                for (var k = 0; k < depth; k++)
                {
                    var destination = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref packed, k * panelColumns), panelColumns);
                    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref panelSource, k * rowStride), panelWidth).CopyTo(destination);
                    destination[panelWidth..].Clear();
                }
            }
            else
            {
                // Transposed right operand (weights in NHWC convolutions): a gather, written row by row.
                for (var k = 0; k < depth; k++)
                {
                    ref var sourceRow = ref Unsafe.Add(ref panelSource, k * rowStride);
                    ref var destination = ref Unsafe.Add(ref packed, k * panelColumns);
                    for (var column = 0; column < panelWidth; column++)
                    {
                        Unsafe.Add(ref destination, column) = Unsafe.Add(ref sourceRow, column * columnStride);
                    }
                }

                for (var k = 0; k < depth; k++)
                {
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref packed, (k * panelColumns) + panelWidth), panelColumns - panelWidth).Clear();
                }
            }

            packed = ref Unsafe.Add(ref packed, depth * panelColumns);
        }
    }
}
