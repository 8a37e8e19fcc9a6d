namespace Depthwise.Kernels;

/// <summary>
/// The pinned operands of one GEMM call, output = activation(bias + left · right): sizes, base pointers and strides.
/// Valid only while the memory they point into is pinned.
/// </summary>
/// <param name="rows">Rows of the output (and of the left operand).</param>
/// <param name="columns">Columns of the output (and of the right operand).</param>
/// <param name="depth">The shared dimension.</param>
/// <param name="left">
/// Left element (r, k) is at <c>left + r·leftRowStride + k·leftDepthStride</c>: any strides, read in place. Packed
/// (<paramref name="leftPacked"/>), <paramref name="left"/> holds the left operand's transpose as
/// <see cref="GemmPacking.PackRight"/> writes it (packed weights Wᵀ read as W).
/// </param>
/// <param name="leftRowStride">Elements between the left operand's rows; unused when packed.</param>
/// <param name="leftDepthStride">Elements between the left operand's consecutive k; unused when packed.</param>
/// <param name="right">
/// In place, right element (k, c) is at <c>right + k·rightDepthStride + c</c>; packed (<paramref name="rightPacked"/>),
/// <paramref name="right"/> holds the panels <see cref="GemmPacking.PackRight"/> writes.
/// </param>
/// <param name="rightDepthStride">Elements between the right operand's rows k when in place; unused when packed.</param>
/// <param name="rightPacked">The right operand is in <see cref="GemmPacking"/> panel order (zero-padded to whole vectors).</param>
/// <param name="output">Output element (r, c) is at <c>r·outputStride + c</c>, or <c>c·outputStride + r</c> when transposed.</param>
/// <param name="outputStride">Elements between output rows (columns when transposed).</param>
/// <param name="outputTransposed">Store the output transposed (an NCHW image computed with pixels as rows).</param>
/// <param name="bias">Per-row or per-column bias, or unused.</param>
/// <param name="biasMode">How the bias lines up with the output.</param>
/// <param name="leftPacked">
/// The left operand is in <see cref="GemmPacking"/> panel order, rows as the packed columns: within a panel rows are
/// one float apart and k-rows <see cref="GemmPacking.PanelWidth"/> apart, so a tile's rows at step k are contiguous.
/// </param>
internal readonly unsafe struct GemmOperands(
    int rows,
    int columns,
    int depth,
    float* left,
    nint leftRowStride,
    nint leftDepthStride,
    float* right,
    nint rightDepthStride,
    bool rightPacked,
    float* output,
    nint outputStride,
    bool outputTransposed,
    float* bias,
    GemmBias biasMode,
    bool leftPacked = false)
{
    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    public int Depth { get; } = depth;

    public float* Left { get; } = left;

    public nint LeftRowStride { get; } = leftRowStride;

    public nint LeftDepthStride { get; } = leftDepthStride;

    public float* Right { get; } = right;

    public nint RightDepthStride { get; } = rightDepthStride;

    public bool RightPacked { get; } = rightPacked;

    public float* Output { get; } = output;

    public nint OutputStride { get; } = outputStride;

    public bool OutputTransposed { get; } = outputTransposed;

    public float* Bias { get; } = bias;

    public GemmBias BiasMode { get; } = biasMode;

    public bool LeftPacked { get; } = leftPacked;
}
