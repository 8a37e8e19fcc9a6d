using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// The optional first stage of a fused block, whose output is the depthwise stage's input:
/// <see cref="SeparableConvWork{TSimd, TVector, TTaps, TActivation}"/> computes it band by band into a per-thread buffer
/// instead of reading a materialised tensor. Either an inverted residual block's 1×1 expansion x (N, Cin, H, W) →
/// (N, C, H, W), a GEMM, or a network's stem before a separable block (<see cref="Stem"/>): a few-channel convolution
/// (<see cref="FewChannelConvKernel"/>, e.g. 3 → 32, 3×3, stride 2) whose output rows go straight into the band.
/// </summary>
/// <param name="weights">Wᵀ (Cin, C) in GEMM panel order (<see cref="PrepackedWeights"/>), or the stem's weights packed by
/// <see cref="FewChannelConvKernel.PackWeightsChannelsLast"/>.</param>
/// <param name="bias">Bias (C), or null (a stem's is packed with its weights).</param>
/// <param name="activation">Activation after the expansion.</param>
/// <param name="inputChannels">Cin; 0 when the block has no expansion.</param>
/// <param name="rowMajorWeights">
/// Wᵀ (Cin, C) row-major, where <see cref="ReadsRowMajorWeights"/> says a band's expansion reads it in place; otherwise null.
/// </param>
/// <param name="stem">The stem's sizes (channels-last, its input the block's input), or default for a 1×1 expansion.</param>
internal readonly unsafe struct SeparableConvExpansion(
    float* weights, float* bias, Activation activation, int inputChannels, float* rowMajorWeights = null, FewChannelConvShape stem = default)
{
    // The deepest expansion that reads row-major Wᵀ: up to 32 input channels its k-rows stay in L1 across a band's row
    // tiles, whatever their stride; deeper expansions spread each tile's fixed cost over 64+ steps anyway, and their Wᵀ
    // (up to 600 KiB) streams from L2, which contiguous panels and their next-panel prefetch serve better than rows C
    // floats apart.
    private const int MaxRowMajorDepth = 32;

    public float* Weights { get; } = weights;

    public float* RowMajorWeights { get; } = rowMajorWeights;

    public float* Bias { get; } = bias;

    public Activation Activation { get; } = activation;

    public int InputChannels { get; } = inputChannels;

    public bool IsPresent => InputChannels > 0;

    /// <summary>The stem's sizes when this stage is a stem (<see cref="IsStem"/>).</summary>
    public FewChannelConvShape Stem { get; } = stem;

    /// <summary>Whether this stage is a stem rather than a 1×1 expansion.</summary>
    public bool IsStem => Stem.InputChannels > 0;

    /// <summary>Multiply-adds per output channel and expanded pixel: Cin, or Cin·kH·kW for a stem.</summary>
    public int Depth => IsStem ? InputChannels * Stem.Geometry.Taps : InputChannels;

    /// <summary>A stem's stage: its output rows written channels-last into the block's expanded rows.</summary>
    /// <param name="packedWeights">Bias and weights packed by <see cref="FewChannelConvKernel.PackWeightsChannelsLast"/>.</param>
    /// <param name="shape">The stem's sizes, channels-last.</param>
    /// <param name="activation">The stem's activation.</param>
    /// <returns>The stage.</returns>
    public static SeparableConvExpansion FromStem(float* packedWeights, in FewChannelConvShape shape, Activation activation) =>
        new(packedWeights, null, activation, shape.InputChannels, stem: shape);

    /// <summary>
    /// Whether a band's expansion (pixels as rows, C in the vectors) reads Wᵀ row-major in place instead of packed, so
    /// that it runs the 8 × 48 tiles of <see cref="GemmWideMicroKernel{TRows}"/> over whole 48-column panels: with
    /// Vector512, C a multiple of 48 but not of the 32-column packed panels, whose last panel would be a one-vector 8 × 16
    /// tile (MobileNetV2's 24 → 144: 4.5 packed panels against 3 wide ones, 4–7 % faster in one process, session 13).
    /// Where C is a multiple of both (96, 192) the two tiles measured alike (±2 %) and the packed panels stay. The bits do
    /// not change: each element is its bias plus one FMA per k in increasing order either way.
    /// </summary>
    /// <param name="inputChannels">Cin, the expansion's depth.</param>
    /// <param name="channels">C, its output channels.</param>
    /// <returns>True when the plan should keep row-major Wᵀ for it.</returns>
    public static bool ReadsRowMajorWeights(int inputChannels, int channels) =>
        GemmKernel.WidePanelColumns == 3 * 16 && channels % GemmKernel.WidePanelColumns == 0 && channels % GemmKernel.PanelColumns != 0
        && inputChannels <= MaxRowMajorDepth;
}
