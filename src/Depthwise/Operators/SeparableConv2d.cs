using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// The depthwise-separable block: a depthwise convolution (each channel filtered on its own), an optional activation,
/// then a pointwise 1×1 convolution that mixes channels. It replaces a traditional k×k convolution at
/// roughly 1/N + 1/k² of its multiply-adds.
/// </summary>
/// <remarks>
/// Both <c>Forward</c> methods run the block fused (<see cref="SeparableConv2dPlan"/>), packing the weights on every
/// call; <see cref="Prepare"/> packs them once for repeated calls. Results are bit-identical to
/// <see cref="DepthwiseConv2d"/> followed by <see cref="PointwiseConv2d"/>.
/// </remarks>
public static class SeparableConv2d
{
    /// <summary>Runs the block and returns a new output tensor.</summary>
    /// <param name="input">Input (N, C, H, W) or (N, H, W, C) per its layout.</param>
    /// <param name="depthwiseWeights">Depthwise weights (C·M, 1, kH, kW).</param>
    /// <param name="depthwiseBias">Depthwise bias (C·M), or null.</param>
    /// <param name="pointwiseWeights">Pointwise weights (Cout, C·M, 1, 1) or (Cout, C·M).</param>
    /// <param name="pointwiseBias">Pointwise bias (Cout), or null.</param>
    /// <param name="options">Geometry and activations; null for the defaults.</param>
    /// <returns>Output (N, Cout, Ho, Wo) in the input's layout.</returns>
    public static Tensor Forward(Tensor input, Tensor depthwiseWeights, Tensor? depthwiseBias, Tensor pointwiseWeights, Tensor? pointwiseBias, SeparableConv2dOptions? options = null)
    {
        // input (N, C, H, W), depthwise (C*M, 1, kH, kW), pointwise (Cout, C*M, 1, 1) → output (N, Cout, Ho, Wo)
        return Prepare(depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options).Forward(input);
    }

    /// <summary>Runs the block into a caller-provided output.</summary>
    /// <param name="input">Input (N, C, H, W) or (N, H, W, C) per its layout.</param>
    /// <param name="depthwiseWeights">Depthwise weights (C·M, 1, kH, kW).</param>
    /// <param name="depthwiseBias">Depthwise bias (C·M), or null.</param>
    /// <param name="pointwiseWeights">Pointwise weights (Cout, C·M, 1, 1) or (Cout, C·M).</param>
    /// <param name="pointwiseBias">Pointwise bias (Cout), or null.</param>
    /// <param name="output">Output (N, Cout, Ho, Wo) in the input's layout.</param>
    /// <param name="options">Geometry and activations; null for the defaults.</param>
    public static void Forward(Tensor input, Tensor depthwiseWeights, Tensor? depthwiseBias, Tensor pointwiseWeights, Tensor? pointwiseBias, Tensor output, SeparableConv2dOptions? options = null)
    {
        // input (N, C, H, W), depthwise (C*M, 1, kH, kW), pointwise (Cout, C*M, 1, 1) → output (N, Cout, Ho, Wo)
        Prepare(depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options).Forward(input, output);
    }

    /// <summary>
    /// Packs both stages' constant weights once and returns a plan that runs the block fused, band of output rows by
    /// band, the depthwise output of a band consumed by the pointwise GEMM while it is still in cache (see
    /// <see cref="SeparableConv2dPlan"/>). The static <c>Forward</c> methods build such a plan on every call.
    /// </summary>
    /// <param name="depthwiseWeights">Depthwise weights (C·M, 1, kH, kW); copied.</param>
    /// <param name="depthwiseBias">Depthwise bias (C·M), or null; copied.</param>
    /// <param name="pointwiseWeights">Pointwise weights (Cout, C·M, 1, 1) or (Cout, C·M); copied.</param>
    /// <param name="pointwiseBias">Pointwise bias (Cout), or null; copied.</param>
    /// <param name="options">Geometry, activations and threads; null for the defaults.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, or an option is out of range.</exception>
    public static SeparableConv2dPlan Prepare(Tensor depthwiseWeights, Tensor? depthwiseBias, Tensor pointwiseWeights, Tensor? pointwiseBias, SeparableConv2dOptions? options = null) =>
        new(depthwiseWeights, depthwiseBias, pointwiseWeights, pointwiseBias, options ?? new SeparableConv2dOptions());

    /// <summary>The scalar reference: depthwise reference, then pointwise reference.</summary>
    /// <param name="input">Input (N, C, H, W) or (N, H, W, C) per its layout.</param>
    /// <param name="depthwiseWeights">Depthwise weights (C·M, 1, kH, kW).</param>
    /// <param name="depthwiseBias">Depthwise bias (C·M), or null.</param>
    /// <param name="pointwiseWeights">Pointwise weights (Cout, C·M, 1, 1) or (Cout, C·M).</param>
    /// <param name="pointwiseBias">Pointwise bias (Cout), or null.</param>
    /// <param name="options">Geometry and activations; null for the defaults.</param>
    /// <returns>Output (N, Cout, Ho, Wo) in the input's layout.</returns>
    public static Tensor Reference(Tensor input, Tensor depthwiseWeights, Tensor? depthwiseBias, Tensor pointwiseWeights, Tensor? pointwiseBias, SeparableConv2dOptions? options = null)
    {
        options ??= new SeparableConv2dOptions();
        using var middle = DepthwiseConv2d.Reference(input, depthwiseWeights, depthwiseBias, options.DepthwiseOptions);
        return PointwiseConv2d.Reference(middle, pointwiseWeights, pointwiseBias, options.PointwiseActivation);
    }
}
