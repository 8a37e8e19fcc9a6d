using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// MobileNetV2's inverted residual block: a 1×1 expansion to C channels, a depthwise convolution over them, a 1×1
/// projection, and optionally the block's input added back (a residual connection).
/// </summary>
/// <remarks>
/// <see cref="Prepare"/> packs the three stages' weights once; the plan runs them fused, band of output rows by band,
/// so that neither the expanded tensor nor the depthwise output is ever written to memory (see
/// <see cref="InvertedResidualConv2dPlan"/>). Results are bit-identical to the three convolutions (and the Add) in sequence.
/// </remarks>
public static class InvertedResidualConv2d
{
    /// <summary>Packs the three stages' constant weights and returns a plan that runs the block fused.</summary>
    /// <param name="expandWeights">Expansion weights (C, Cin, 1, 1) or (C, Cin); copied.</param>
    /// <param name="expandBias">Expansion bias (C), or null; copied.</param>
    /// <param name="depthwiseWeights">Depthwise weights (C, 1, kH, kW), one filter per expanded channel; copied.</param>
    /// <param name="depthwiseBias">Depthwise bias (C), or null; copied.</param>
    /// <param name="projectWeights">Projection weights (Cout, C, 1, 1) or (Cout, C); copied.</param>
    /// <param name="projectBias">Projection bias (Cout), or null; copied.</param>
    /// <param name="options">Geometry, activations and threads; null for the defaults.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, or an option is out of range.</exception>
    public static InvertedResidualConv2dPlan Prepare(
        Tensor expandWeights, Tensor? expandBias, Tensor depthwiseWeights, Tensor? depthwiseBias, Tensor projectWeights, Tensor? projectBias, InvertedResidualConv2dOptions? options = null) =>
        new(expandWeights, expandBias, depthwiseWeights, depthwiseBias, projectWeights, projectBias, options ?? new InvertedResidualConv2dOptions());
}
