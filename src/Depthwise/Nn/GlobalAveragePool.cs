using Depthwise.Tensors;
using PoolOperator = Depthwise.Operators.GlobalAveragePool;

namespace Depthwise.Nn;

/// <summary>Averages every channel over its whole plane: (N, C, H, W) → (N, C, 1, 1), PyTorch's <c>AdaptiveAvgPool2d(1)</c>.</summary>
/// <remarks>A training-mode forward keeps only the input's H × W: each input gets 1/(H·W) of its channel's gradient.</remarks>
public sealed class GlobalAveragePool : Module
{
    private int[]? _outputShape;
    private (int Height, int Width) _inputSize;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C, 1, 1)
        var output = PoolOperator.Forward(input);
        (_outputShape, _inputSize) = IsTraining ? (output.ShapeArray(), (input.Height, input.Width)) : (null, default);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, C, 1, 1) → gradInput (N, C, H, W), in the forward input's layout
        var shape = RequireCache(_outputShape);
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!gradOutput.Shape.SequenceEqual(shape))
        {
            RequireGradientShape(gradOutput, shape, gradOutput.Layout);
        }

        _outputShape = null;
        return PoolOperator.Backward(gradOutput, _inputSize.Height, _inputSize.Width);
    }

    /// <inheritdoc />
    /// <remarks>The H·W additions per channel are not multiply-adds and are not counted.</remarks>
    public override LayerCost Describe(ReadOnlySpan<int> inputShape)
    {
        var (batch, channels, _, _) = Shapes.RequireImage(inputShape, null, nameof(GlobalAveragePool));
        var read = Shapes.Elementwise(nameof(GlobalAveragePool), inputShape).Cost;
        return LayerCost.Leaf(
            nameof(GlobalAveragePool), string.Empty, inputShape, [batch, channels, 1, 1],
            read with { BytesWritten = sizeof(float) * (long)batch * channels });
    }
}
