using Depthwise.Cost;
using Depthwise.Tensors;

namespace Depthwise.Nn;

/// <summary>
/// Flattens an image batch to feature vectors, (N, C, H, W) → (N, C·H·W), in NCHW order whatever the input's layout
/// (as PyTorch and ONNX Flatten do), so a classifier sees the same features from NCHW and NHWC inputs.
/// A (N, F) input passes through unchanged.
/// </summary>
public sealed class Flatten : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C*H*W); (N, F) → (N, F)
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 2)
        {
            return input;
        }

        input.RequireRank4(nameof(input));
        var nchw = input.Layout == TensorLayout.Nhwc && input.Height * input.Width > 1 ? input.ToLayout(TensorLayout.Nchw) : input;
        return Tensor.FromSpan(nchw.Span, [input.Batch, input.Length / input.Batch]);
    }

    /// <inheritdoc />
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        if (inputShape.Length == 2)
        {
            Shapes.RequireFeatures(inputShape, null, nameof(Flatten));
            return LayerCost.Leaf(nameof(Flatten), string.Empty, inputShape, inputShape, OpCost.Zero);
        }

        var (batch, channels, height, width) = Shapes.RequireImage(inputShape, null, nameof(Flatten));
        return LayerCost.Leaf(nameof(Flatten), string.Empty, inputShape, [batch, checked(channels * height * width)], OpCost.Zero);
    }
}
