using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// 4 × 4 tile in plain scalar code, for machines (or test runs) without hardware vectors. Correctness, not speed:
/// the tile lives in a small stack buffer rather than in named registers.
/// </summary>
internal readonly struct GemmMicroKernelScalar : IGemmMicroKernel
{
    private const int TileRows = 4;
    private const int TileColumns = 4;

    /// <inheritdoc />
    public static int Rows => TileRows;

    /// <inheritdoc />
    public static int Columns => TileColumns;

    /// <inheritdoc />
    public static void Run<TActivation>(
        int depth,
        ref float left,
        nint leftRowStride,
        nint leftDepthStride,
        ref float packedRight,
        ref float output,
        nint outputRowStride,
        ref float bias,
        GemmBias biasMode,
        bool accumulate,
        bool finish,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // left (4, depth), packedRight (depth, 4) → output tile (4, 4)
        Span<float> tile = stackalloc float[TileRows * TileColumns];
        for (var row = 0; row < TileRows; row++)
        {
            for (var column = 0; column < TileColumns; column++)
            {
                tile[(row * TileColumns) + column] = accumulate ? Unsafe.Add(ref output, (row * outputRowStride) + column) : 0f;
            }
        }

        ref var right = ref packedRight;
        for (var k = 0; k < depth; k++)
        {
            for (var row = 0; row < TileRows; row++)
            {
                var a = Unsafe.Add(ref left, (row * leftRowStride) + (k * leftDepthStride));
                for (var column = 0; column < TileColumns; column++)
                {
                    tile[(row * TileColumns) + column] += a * Unsafe.Add(ref right, column);
                }
            }

            right = ref Unsafe.Add(ref right, TileColumns);
        }

        for (var row = 0; row < TileRows; row++)
        {
            for (var column = 0; column < TileColumns; column++)
            {
                var value = tile[(row * TileColumns) + column];
                if (finish)
                {
                    value += biasMode switch
                    {
                        GemmBias.PerRow => Unsafe.Add(ref bias, row),
                        GemmBias.PerColumn => Unsafe.Add(ref bias, column),
                        _ => 0f,
                    };
                    value = activation.Invoke(value);
                }

                Unsafe.Add(ref output, (row * outputRowStride) + column) = value;
            }
        }
    }
}
