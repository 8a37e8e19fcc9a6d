namespace Depthwise.Kernels;

/// <summary>
/// The pinned operands of one GEMM call: sizes, base pointers and strides. Valid only inside the <c>fixed</c> block of
/// <see cref="GemmKernel.Multiply(int, int, int, ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, int, int, Span{float}, int, ReadOnlySpan{float}, GemmBias, Operators.Activation, int, GemmBlocking)"/>.
/// </summary>
internal readonly unsafe struct GemmOperands(
    int rows,
    int columns,
    int depth,
    float* left,
    nint leftRowStride,
    nint leftColumnStride,
    float* right,
    nint rightRowStride,
    nint rightColumnStride,
    float* output,
    nint outputRowStride,
    float* bias,
    GemmBias biasMode)
{
    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    public int Depth { get; } = depth;

    public float* Left { get; } = left;

    public nint LeftRowStride { get; } = leftRowStride;

    public nint LeftColumnStride { get; } = leftColumnStride;

    public float* Right { get; } = right;

    public nint RightRowStride { get; } = rightRowStride;

    public nint RightColumnStride { get; } = rightColumnStride;

    public float* Output { get; } = output;

    public nint OutputRowStride { get; } = outputRowStride;

    public float* Bias { get; } = bias;

    public GemmBias BiasMode { get; } = biasMode;
}
