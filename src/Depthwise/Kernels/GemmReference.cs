using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>The textbook triple loop the optimized GEMM is tested against.</summary>
internal static class GemmReference
{
    // left (rows, depth), right (depth, columns) → output (rows, columns) = activation(left · right + bias)
    public static void Multiply(
        int rows,
        int columns,
        int depth,
        ReadOnlySpan<float> left,
        int leftRowStride,
        int leftColumnStride,
        ReadOnlySpan<float> right,
        int rightRowStride,
        int rightColumnStride,
        Span<float> output,
        int outputRowStride,
        ReadOnlySpan<float> bias,
        GemmBias biasMode,
        Activation activation)
    {
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var sum = 0f;
                for (var k = 0; k < depth; k++)
                {
                    sum += left[(row * leftRowStride) + (k * leftColumnStride)] * right[(k * rightRowStride) + (column * rightColumnStride)];
                }

                sum += biasMode switch
                {
                    GemmBias.PerRow => bias[row],
                    GemmBias.PerColumn => bias[column],
                    _ => 0f,
                };
                output[(row * outputRowStride) + column] = activation.Apply(sum);
            }
        }
    }
}
