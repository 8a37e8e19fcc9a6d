namespace Depthwise.Kernels;

/// <summary>
/// A register-tiled GEMM micro-kernel: computes one <see cref="Rows"/> × <see cref="Columns"/> output tile from a packed
/// left panel and a packed right panel, keeping the whole tile in registers across the shared dimension.
/// </summary>
/// <remarks>
/// Packed left panel: for each k, <see cref="Rows"/> consecutive values (rows of the tile). Packed right panel: for each k,
/// <see cref="Columns"/> consecutive values. Both are zero-padded by the packing routines, so a kernel always computes a full tile.
/// </remarks>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of the tile (MR).</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of the tile (NR).</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// tile (Rows, Columns) = [tile +] packedLeft (Rows × depth) · packedRight (depth × Columns), then, when
    /// <paramref name="finish"/>, tile = activation(tile + rowBias[r] + columnBias[c]).
    /// </summary>
    /// <param name="depth">Length of the shared dimension in this slice (≥ 1).</param>
    /// <param name="packedLeft">First value of the packed left panel.</param>
    /// <param name="packedRight">First value of the packed right panel.</param>
    /// <param name="output">Top-left element of the output tile.</param>
    /// <param name="outputRowStride">Elements between consecutive output rows.</param>
    /// <param name="rowBias"><see cref="Rows"/> values added per row at the finish (zeros when unused).</param>
    /// <param name="columnBias"><see cref="Columns"/> values added per column at the finish (zeros when unused).</param>
    /// <param name="accumulate">Start from the tile's current values (a later depth slice) instead of zero.</param>
    /// <param name="finish">This is the last depth slice: add the biases and apply the activation before storing.</param>
    /// <param name="activation">The fused activation.</param>
    /// <typeparam name="TActivation">The activation operator, a struct so it inlines.</typeparam>
    static abstract void Run<TActivation>(
        int depth,
        ref float packedLeft,
        ref float packedRight,
        ref float output,
        nint outputRowStride,
        ref float rowBias,
        ref float columnBias,
        bool accumulate,
        bool finish,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>;
}
