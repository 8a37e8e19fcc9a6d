using Depthwise.Tensors;
using PoolOperator = Depthwise.Operators.GlobalAveragePool;

namespace Depthwise.Nn;

/// <summary>Averages every channel over its whole plane: (N, C, H, W) → (N, C, 1, 1), PyTorch's <c>AdaptiveAvgPool2d(1)</c>.</summary>
/// <remarks>A training-mode forward keeps only the input's H × W: each input gets 1/(H·W) of its channel's gradient.</remarks>
public sealed class GlobalAveragePool : Module
{
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _gradInput = new();
    private int[]? _outputShape;
    private (int Height, int Width) _inputSize;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C, 1, 1)
        _outputShape = null;
        if (!IsTraining)
        {
            return PoolOperator.Forward(input);
        }

        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        var output = _output.Image(input.Batch, input.Channels, 1, 1, input.Layout);
        PoolOperator.ForwardInto(input, output);
        (_outputShape, _inputSize) = (output.ShapeArray(), (input.Height, input.Width));
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
        var gradInput = _gradInput.Image(gradOutput.Batch, gradOutput.Channels, _inputSize.Height, _inputSize.Width, gradOutput.Layout);
        PoolOperator.BackwardInto(gradOutput, gradInput);
        return gradInput;
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
