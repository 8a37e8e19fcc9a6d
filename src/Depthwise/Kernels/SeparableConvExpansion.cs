using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// The optional first stage of a fused inverted residual block: a 1×1 expansion x (N, Cin, H, W) → (N, C, H, W) whose
/// output is the depthwise stage's input. <see cref="SeparableConvWork{TSimd, TVector, TTaps, TActivation}"/> computes
/// it band by band into a per-thread buffer instead of reading a materialised tensor.
/// </summary>
/// <param name="weights">Wᵀ (Cin, C) in GEMM panel order (<see cref="PrepackedWeights"/>).</param>
/// <param name="bias">Bias (C), or null.</param>
/// <param name="activation">Activation after the expansion.</param>
/// <param name="inputChannels">Cin; 0 when the block has no expansion.</param>
internal readonly unsafe struct SeparableConvExpansion(float* weights, float* bias, Activation activation, int inputChannels)
{
    public float* Weights { get; } = weights;

    public float* Bias { get; } = bias;

    public Activation Activation { get; } = activation;

    public int InputChannels { get; } = inputChannels;

    public bool IsPresent => InputChannels > 0;
}
