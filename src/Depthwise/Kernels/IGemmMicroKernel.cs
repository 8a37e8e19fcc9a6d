namespace Depthwise.Kernels;

/// <summary>
/// A register-tiled GEMM micro-kernel: computes one <see cref="Rows"/> × <see cref="Columns"/> output tile, keeping the
/// whole tile in registers across the shared dimension.
/// </summary>
/// <remarks>
/// The left operand is read in place or from a packed panel: element (r, k) is at <c>r·leftRowStride + k·leftDepthStride</c>
/// (a packed panel has row stride 1 and depth stride <see cref="Rows"/>; a row-major matrix has row stride lda and depth
/// stride 1). The right operand is always a packed panel: for each k, <see cref="Columns"/> consecutive values, zero-padded
/// by <see cref="GemmPacking.PackRight"/>, so a kernel always computes a full tile.
/// </remarks>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of the tile (MR).</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of the tile (NR).</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// tile (Rows, Columns) = [tile +] left (Rows × depth) · packedRight (depth × Columns), then, when
    /// <paramref name="finish"/>, tile = activation(tile + bias).
    /// </summary>
    /// <param name="depth">Length of the shared dimension in this slice (≥ 1).</param>
    /// <param name="left">Element (0, 0) of the left operand.</param>
    /// <param name="leftRowStride">Elements between the left operand's rows.</param>
    /// <param name="leftDepthStride">Elements between the left operand's consecutive k.</param>
    /// <param name="packedRight">First value of the packed right panel.</param>
    /// <param name="output">Top-left element of the output tile.</param>
    /// <param name="outputRowStride">Elements between consecutive output rows.</param>
    /// <param name="bias"><see cref="Rows"/> values (per row) or <see cref="Columns"/> values (per column); unused for none.</param>
    /// <param name="biasMode">How <paramref name="bias"/> lines up with the tile.</param>
    /// <param name="accumulate">Start from the tile's current values (a later depth slice) instead of zero.</param>
    /// <param name="finish">This is the last depth slice: add the bias and apply the activation before storing.</param>
    /// <param name="activation">The fused activation.</param>
    /// <typeparam name="TActivation">The activation operator, a struct so it inlines.</typeparam>
    static abstract void Run<TActivation>(
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
        where TActivation : struct, IActivationOperator<TActivation>;
}
