using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// Max and average pooling of one H×W plane and their backward passes. Windows are clipped to the image (padding
/// is never a candidate for the maximum and never counted in the average, PyTorch's <c>count_include_pad=False</c>);
/// the geometry guarantees every window holds at least one input pixel. The maximum's position is the first in
/// row-major window order among equal values, as in PyTorch.
/// </summary>
internal static class PoolKernel
{
    // input (H, W) → output (Ho, Wo) = max over each window
    public static void MaxForward(ReadOnlySpan<float> input, Span<float> output, in ConvGeometry geometry)
    {
        if (IsUnpadded2x2Stride2(geometry))
        {
            for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
            {
                var top = input.Slice(2 * outputRow * geometry.InputWidth, geometry.InputWidth);
                var bottom = input.Slice(((2 * outputRow) + 1) * geometry.InputWidth, geometry.InputWidth);
                var outputLine = output.Slice(outputRow * geometry.OutputWidth, geometry.OutputWidth);
                for (var outputColumn = 0; outputColumn < outputLine.Length; outputColumn++)
                {
                    var column = 2 * outputColumn;
                    outputLine[outputColumn] = MathF.Max(MathF.Max(top[column], top[column + 1]), MathF.Max(bottom[column], bottom[column + 1]));
                }
            }

            return;
        }

        for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
        {
            var rows = Window(geometry.InputRowOrigin(outputRow), geometry.Kernel.Height, geometry.InputHeight);
            var outputLine = output.Slice(outputRow * geometry.OutputWidth, geometry.OutputWidth);
            for (var outputColumn = 0; outputColumn < outputLine.Length; outputColumn++)
            {
                var columns = Window(geometry.InputColumnOrigin(outputColumn), geometry.Kernel.Width, geometry.InputWidth);
                outputLine[outputColumn] = input[ArgMax(input, geometry.InputWidth, rows, columns)];
            }
        }
    }

    // input (H, W), gradOutput (Ho, Wo) → gradInput (H, W) += each window's gradient at its maximum
    public static void MaxBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, in ConvGeometry geometry)
    {
        if (IsUnpadded2x2Stride2(geometry))
        {
            // Windows do not overlap: each input pixel receives at most one gradient, so plain stores suffice.
            for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
            {
                var topOffset = 2 * outputRow * geometry.InputWidth;
                var gradientLine = gradOutput.Slice(outputRow * geometry.OutputWidth, geometry.OutputWidth);
                for (var outputColumn = 0; outputColumn < gradientLine.Length; outputColumn++)
                {
                    // Conditional selects rather than branches: on random data a branch per candidate mispredicts half the time.
                    var column = topOffset + (2 * outputColumn);
                    var best = column;
                    var bestValue = input[column];
                    var value = input[column + 1];
                    best = value > bestValue ? column + 1 : best;
                    bestValue = MathF.Max(bestValue, value);
                    value = input[column + geometry.InputWidth];
                    best = value > bestValue ? column + geometry.InputWidth : best;
                    bestValue = MathF.Max(bestValue, value);
                    value = input[column + geometry.InputWidth + 1];
                    best = value > bestValue ? column + geometry.InputWidth + 1 : best;
                    gradInput[best] = gradientLine[outputColumn];
                }
            }

            return;
        }

        for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
        {
            var rows = Window(geometry.InputRowOrigin(outputRow), geometry.Kernel.Height, geometry.InputHeight);
            var gradientLine = gradOutput.Slice(outputRow * geometry.OutputWidth, geometry.OutputWidth);
            for (var outputColumn = 0; outputColumn < gradientLine.Length; outputColumn++)
            {
                var columns = Window(geometry.InputColumnOrigin(outputColumn), geometry.Kernel.Width, geometry.InputWidth);
                gradInput[ArgMax(input, geometry.InputWidth, rows, columns)] += gradientLine[outputColumn];
            }
        }
    }

    // input (H, W) → output (Ho, Wo) = mean over the window's input pixels
    public static void AverageForward(ReadOnlySpan<float> input, Span<float> output, in ConvGeometry geometry)
    {
        for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
        {
            var (rowStart, rowEnd) = Window(geometry.InputRowOrigin(outputRow), geometry.Kernel.Height, geometry.InputHeight);
            for (var outputColumn = 0; outputColumn < geometry.OutputWidth; outputColumn++)
            {
                var (columnStart, columnEnd) = Window(geometry.InputColumnOrigin(outputColumn), geometry.Kernel.Width, geometry.InputWidth);
                var sum = 0f;
                for (var row = rowStart; row < rowEnd; row++)
                {
                    for (var column = columnStart; column < columnEnd; column++)
                    {
                        sum += input[(row * geometry.InputWidth) + column];
                    }
                }

                output[(outputRow * geometry.OutputWidth) + outputColumn] = sum / ((rowEnd - rowStart) * (columnEnd - columnStart));
            }
        }
    }

    // gradOutput (Ho, Wo) → gradInput (H, W) += each window's gradient shared equally by its input pixels
    public static void AverageBackward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, in ConvGeometry geometry)
    {
        for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
        {
            var (rowStart, rowEnd) = Window(geometry.InputRowOrigin(outputRow), geometry.Kernel.Height, geometry.InputHeight);
            for (var outputColumn = 0; outputColumn < geometry.OutputWidth; outputColumn++)
            {
                var (columnStart, columnEnd) = Window(geometry.InputColumnOrigin(outputColumn), geometry.Kernel.Width, geometry.InputWidth);
                var share = gradOutput[(outputRow * geometry.OutputWidth) + outputColumn] / ((rowEnd - rowStart) * (columnEnd - columnStart));
                for (var row = rowStart; row < rowEnd; row++)
                {
                    for (var column = columnStart; column < columnEnd; column++)
                    {
                        gradInput[(row * geometry.InputWidth) + column] += share;
                    }
                }
            }
        }
    }

    // Index of the first largest value in rows × columns of a plane with the given width.
    private static int ArgMax(ReadOnlySpan<float> input, int width, (int Start, int End) rows, (int Start, int End) columns)
    {
        var best = (rows.Start * width) + columns.Start;
        var bestValue = input[best];
        for (var row = rows.Start; row < rows.End; row++)
        {
            var line = input.Slice(row * width, columns.End);
            for (var column = columns.Start; column < line.Length; column++)
            {
                if (line[column] > bestValue)
                {
                    (best, bestValue) = ((row * width) + column, line[column]);
                }
            }
        }

        return best;
    }

    // The most common pooling (2×2, stride 2, no padding) has no clipping to do.
    private static bool IsUnpadded2x2Stride2(in ConvGeometry geometry) =>
        geometry.Kernel == new Size2D(2, 2) && geometry.Stride == new Size2D(2, 2)
        && geometry.PadTop == 0 && geometry.PadLeft == 0 && geometry.PadBottom == 0 && geometry.PadRight == 0;

    // The window [origin, origin + kernel) clipped to [0, size).
    private static (int Start, int End) Window(int origin, int kernel, int size) => (Math.Max(origin, 0), Math.Min(origin + kernel, size));
}
