using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// A depthwise-separable convolution (Howard et al. 2017): a depthwise k×k convolution, child <c>depthwise</c>, then a
/// pointwise 1×1 convolution, child <c>pointwise</c> — the replacement for a standard k×k convolution that costs about
/// 1/Cout + 1/k² as much. Put batch normalization and activations around it as the network needs.
/// </summary>
public sealed class DepthwiseSeparableConv2d : Module
{
    /// <summary>Creates the block with zero weights (see <see cref="Initialization"/>).</summary>
    /// <param name="inputChannels">Cin (≥ 1).</param>
    /// <param name="outputChannels">Cout (≥ 1).</param>
    /// <param name="kernel">Depthwise kernel kH × kW (each ≥ 1).</param>
    /// <param name="depthMultiplier">Depthwise multiplier M (≥ 1): the pointwise convolution reads Cin·M channels.</param>
    /// <param name="bias">Whether both convolutions add a learnable bias.</param>
    /// <param name="options">Depthwise stride, dilation, padding, fused activation and threads; null for the defaults.</param>
    /// <param name="activation">Activation fused into the pointwise output; default none.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public DepthwiseSeparableConv2d(
        int inputChannels, int outputChannels, Size2D kernel, int depthMultiplier = 1, bool bias = true, Conv2dOptions? options = null, Activation activation = default)
    {
        Depthwise = AddChild("depthwise", new DepthwiseConv2d(inputChannels, kernel, depthMultiplier, bias, options));
        Pointwise = AddChild("pointwise", new PointwiseConv2d(checked(inputChannels * depthMultiplier), outputChannels, bias, activation, Depthwise.Options.Threads));
    }

    /// <summary>The depthwise k×k convolution.</summary>
    public DepthwiseConv2d Depthwise { get; }

    /// <summary>The pointwise 1×1 convolution.</summary>
    public PointwiseConv2d Pointwise { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, Cin, H, W) → depthwise (N, Cin*M, Ho, Wo) → output (N, Cout, Ho, Wo), in input's layout
        return Pointwise.Forward(Depthwise.Forward(input));
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, Cout, Ho, Wo) → (N, Cin*M, Ho, Wo) → gradInput (N, Cin, H, W)
        return Depthwise.Backward(Pointwise.Backward(gradOutput));
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => LayerCost.Total(nameof(DepthwiseSeparableConv2d), inputShape, DescribeLayers(inputShape));

    /// <inheritdoc />
    protected internal override int[] AppendLayers(ReadOnlySpan<int> inputShape, string name, List<LayerCost> layers)
    {
        var shape = Depthwise.AppendLayers(inputShape, JoinName(name, "depthwise"), layers);
        return Pointwise.AppendLayers(shape, JoinName(name, "pointwise"), layers);
    }
}
