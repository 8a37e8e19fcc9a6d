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
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _gradInput = new();
    private int[]? _inputShape;
    private TensorLayout _inputLayout;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C*H*W); (N, F) → (N, F)
        ArgumentNullException.ThrowIfNull(input);
        _inputShape = null;
        if (input.Rank == 2)
        {
            _inputShape = IsTraining ? input.ShapeArray() : null;
            return input;
        }

        input.RequireRank4(nameof(input));
        var nchw = input.Layout == TensorLayout.Nhwc && input.Height * input.Width > 1 ? input.ToLayout(TensorLayout.Nchw) : input;
        (_inputShape, _inputLayout) = IsTraining ? (input.ShapeArray(), input.Layout) : (null, default);
        if (!IsTraining)
        {
            return Tensor.FromSpan(nchw.Span, [input.Batch, input.Length / input.Batch]);
        }

        var output = _output.Get([input.Batch, input.Length / input.Batch]);
        nchw.Span.CopyTo(output.Span);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, C*H*W) → gradInput (N, C, H, W) in the forward input's layout; (N, F) → (N, F)
        var shape = RequireCache(_inputShape);
        ArgumentNullException.ThrowIfNull(gradOutput);
        var length = Tensor.CheckedLength(shape, nameof(gradOutput));
        RequireGradientShape(gradOutput, [shape[0], length / shape[0]], TensorLayout.Nchw);
        _inputShape = null;
        if (shape.Length == 2)
        {
            return gradOutput;
        }

        if (_inputLayout == TensorLayout.Nchw)
        {
            var gradInput = _gradInput.Get(shape);
            gradOutput.Span.CopyTo(gradInput.Span);
            return gradInput;
        }

        // NHWC (N, H, W, C): the gradient arrived in NCHW order.
        var (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3]);
        var nchw = Tensor.FromSpan(gradOutput.Span, [batch, channels, height, width]);
        return height * width > 1 ? nchw.ToLayout(TensorLayout.Nhwc) : Tensor.FromSpan(gradOutput.Span, shape, TensorLayout.Nhwc);
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
