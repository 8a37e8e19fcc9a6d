using Depthwise.Tensors;
using PoolOperator = Depthwise.Operators.GlobalAveragePool;

namespace Depthwise.Nn;

/// <summary>Averages every channel over its whole plane: (N, C, H, W) → (N, C, 1, 1), PyTorch's <c>AdaptiveAvgPool2d(1)</c>.</summary>
/// <remarks>A backward pass will need only the input's H × W: each input gets 1/(H·W) of its channel's gradient.</remarks>
public sealed class GlobalAveragePool : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C, 1, 1)
        return PoolOperator.Forward(input);
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
