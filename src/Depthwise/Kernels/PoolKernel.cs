using System.Runtime.Intrinsics;
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
                if (Vector256.IsHardwareAccelerated && outputLine.Length >= Vector256<float>.Count)
                {
                    // Blocks of eight windows; the last block overlaps the one before rather than leaving a scalar tail
                    // (recomputed windows write the same values).
                    for (var block = 0; block < outputLine.Length; block += Vector256<float>.Count)
                    {
                        var outputColumn = Math.Min(block, outputLine.Length - Vector256<float>.Count);
                        var (a, b) = Deinterleave(top[(2 * outputColumn)..]);
                        var (c, d) = Deinterleave(bottom[(2 * outputColumn)..]);
                        Select(a, b, c, d, out var best, out _, out _, out _);
                        best.CopyTo(outputLine[outputColumn..]);
                    }

                    continue;
                }

                if (Vector128.IsHardwareAccelerated && outputLine.Length >= Vector128<float>.Count)
                {
                    for (var block = 0; block < outputLine.Length; block += Vector128<float>.Count)
                    {
                        var outputColumn = Math.Min(block, outputLine.Length - Vector128<float>.Count);
                        var (a, b) = Deinterleave128(top[(2 * outputColumn)..]);
                        var (c, d) = Deinterleave128(bottom[(2 * outputColumn)..]);
                        Select(a, b, c, d, out var best, out _, out _, out _);
                        best.CopyTo(outputLine[outputColumn..]);
                    }

                    continue;
                }

                for (var outputColumn = 0; outputColumn < outputLine.Length; outputColumn++)
                {
                    var column = 2 * outputColumn;
                    outputLine[outputColumn] = SelectScalar(top[column], top[column + 1], bottom[column], bottom[column + 1], out _);
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

    // input (H, W), gradOutput (Ho, Wo) → gradInput (H, W) = the sum of the gradients of the windows whose maximum is there (overwritten)
    public static void MaxBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, in ConvGeometry geometry)
    {
        if (IsUnpadded2x2Stride2(geometry))
        {
            // Windows do not overlap: each window writes its four pixels (the gradient at the maximum, zeros elsewhere),
            // so no clearing pass is needed; an odd last row or column belongs to no window.
            MaxBackward2x2(input, gradOutput, gradInput, geometry);
            return;
        }

        gradInput.Clear();
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

    // Windows of the 2×2 stride-2 pooling do not overlap: each window writes its four pixels.
    private static void MaxBackward2x2(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput, in ConvGeometry geometry)
    {
        var width = geometry.InputWidth;
        if (geometry.InputHeight % 2 == 1)
        {
            gradInput[((geometry.InputHeight - 1) * width)..].Clear();
        }

        for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
        {
            var top = input.Slice(2 * outputRow * width, width);
            var bottom = input.Slice(((2 * outputRow) + 1) * width, width);
            var gradTop = gradInput.Slice(2 * outputRow * width, width);
            var gradBottom = gradInput.Slice(((2 * outputRow) + 1) * width, width);
            var gradientLine = gradOutput.Slice(outputRow * geometry.OutputWidth, geometry.OutputWidth);
            if (Vector256.IsHardwareAccelerated && gradientLine.Length >= Vector256<float>.Count)
            {
                // As in the forward, the last block overlaps the one before: its windows write the same values again.
                for (var block = 0; block < gradientLine.Length; block += Vector256<float>.Count)
                {
                    var outputColumn = Math.Min(block, gradientLine.Length - Vector256<float>.Count);
                    var (a, b) = Deinterleave(top[(2 * outputColumn)..]);
                    var (c, d) = Deinterleave(bottom[(2 * outputColumn)..]);
                    Select(a, b, c, d, out _, out var takeB, out var takeC, out var takeD);
                    var gradient = Vector256.Create<float>(gradientLine[outputColumn..]);
                    var takeA = ~(takeB | takeC | takeD);
                    Interleave(gradient & takeA, gradient & takeB, gradTop[(2 * outputColumn)..]);
                    Interleave(gradient & takeC, gradient & takeD, gradBottom[(2 * outputColumn)..]);
                }
            }
            else if (Vector128.IsHardwareAccelerated && gradientLine.Length >= Vector128<float>.Count)
            {
                for (var block = 0; block < gradientLine.Length; block += Vector128<float>.Count)
                {
                    var outputColumn = Math.Min(block, gradientLine.Length - Vector128<float>.Count);
                    var (a, b) = Deinterleave128(top[(2 * outputColumn)..]);
                    var (c, d) = Deinterleave128(bottom[(2 * outputColumn)..]);
                    Select(a, b, c, d, out _, out var takeB, out var takeC, out var takeD);
                    var gradient = Vector128.Create<float>(gradientLine[outputColumn..]);
                    var takeA = ~(takeB | takeC | takeD);
                    Interleave128(gradient & takeA, gradient & takeB, gradTop[(2 * outputColumn)..]);
                    Interleave128(gradient & takeC, gradient & takeD, gradBottom[(2 * outputColumn)..]);
                }
            }
            else
            {
                MaxBackward2x2Scalar(top, bottom, gradientLine, gradTop, gradBottom);
            }

            if (width % 2 == 1)
            {
                gradTop[^1] = 0f;
                gradBottom[^1] = 0f;
            }
        }
    }

    // One row of windows, one window at a time.
    private static void MaxBackward2x2Scalar(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, ReadOnlySpan<float> gradientLine, Span<float> gradTop, Span<float> gradBottom)
    {
        for (var outputColumn = 0; outputColumn < gradientLine.Length; outputColumn++)
        {
            var column = 2 * outputColumn;
            SelectScalar(top[column], top[column + 1], bottom[column], bottom[column + 1], out var best);
            var gradient = gradientLine[outputColumn];
            gradTop[column] = best == 0 ? gradient : 0f;
            gradTop[column + 1] = best == 1 ? gradient : 0f;
            gradBottom[column] = best == 2 ? gradient : 0f;
            gradBottom[column + 1] = best == 3 ? gradient : 0f;
        }
    }

    // The first maximum in window order a, b (top row), c, d (bottom row): a later value wins only when strictly larger.
    private static float SelectScalar(float a, float b, float c, float d, out int position)
    {
        (position, var best) = (0, a);
        (position, best) = b > best ? (1, b) : (position, best);
        (position, best) = c > best ? (2, c) : (position, best);
        (position, best) = d > best ? (3, d) : (position, best);
        return best;
    }

    // SelectScalar on eight windows at once; the masks say which of b, c, d holds each window's maximum (none: a).
    private static void Select(
        Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d,
        out Vector256<float> best, out Vector256<float> takeB, out Vector256<float> takeC, out Vector256<float> takeD)
    {
        var overB = Vector256.GreaterThan(b, a);
        best = Vector256.ConditionalSelect(overB, b, a);
        var overC = Vector256.GreaterThan(c, best);
        best = Vector256.ConditionalSelect(overC, c, best);
        takeD = Vector256.GreaterThan(d, best);
        best = Vector256.ConditionalSelect(takeD, d, best);
        takeC = Vector256.AndNot(overC, takeD);
        takeB = Vector256.AndNot(Vector256.AndNot(overB, overC), takeD);
    }

    // 16 values → the 8 at even positions and the 8 at odd positions.
    private static (Vector256<float> Even, Vector256<float> Odd) Deinterleave(ReadOnlySpan<float> values)
    {
        var order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        var first = Vector256.Shuffle(Vector256.Create<float>(values), order);
        var second = Vector256.Shuffle(Vector256.Create<float>(values[Vector256<float>.Count..]), order);
        return (Vector256.Create(first.GetLower(), second.GetLower()), Vector256.Create(first.GetUpper(), second.GetUpper()));
    }

    // Even and odd values → 16 values alternating, written to destination.
    private static void Interleave(Vector256<float> even, Vector256<float> odd, Span<float> destination)
    {
        var order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        Vector256.Shuffle(Vector256.Create(even.GetLower(), odd.GetLower()), order).CopyTo(destination);
        Vector256.Shuffle(Vector256.Create(even.GetUpper(), odd.GetUpper()), order).CopyTo(destination[Vector256<float>.Count..]);
    }

    // Select on four windows.
    private static void Select(
        Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d,
        out Vector128<float> best, out Vector128<float> takeB, out Vector128<float> takeC, out Vector128<float> takeD)
    {
        var overB = Vector128.GreaterThan(b, a);
        best = Vector128.ConditionalSelect(overB, b, a);
        var overC = Vector128.GreaterThan(c, best);
        best = Vector128.ConditionalSelect(overC, c, best);
        takeD = Vector128.GreaterThan(d, best);
        best = Vector128.ConditionalSelect(takeD, d, best);
        takeC = Vector128.AndNot(overC, takeD);
        takeB = Vector128.AndNot(Vector128.AndNot(overB, overC), takeD);
    }

    // 8 values → the 4 at even positions and the 4 at odd positions.
    private static (Vector128<float> Even, Vector128<float> Odd) Deinterleave128(ReadOnlySpan<float> values)
    {
        var order = Vector128.Create(0, 2, 1, 3);
        var first = Vector128.Shuffle(Vector128.Create<float>(values), order);
        var second = Vector128.Shuffle(Vector128.Create<float>(values[Vector128<float>.Count..]), order);
        return (Vector128.Create(first.GetLower(), second.GetLower()), Vector128.Create(first.GetUpper(), second.GetUpper()));
    }

    // Even and odd values → 8 values alternating, written to destination.
    private static void Interleave128(Vector128<float> even, Vector128<float> odd, Span<float> destination)
    {
        var order = Vector128.Create(0, 2, 1, 3);
        Vector128.Shuffle(Vector128.Create(even.GetLower(), odd.GetLower()), order).CopyTo(destination);
        Vector128.Shuffle(Vector128.Create(even.GetUpper(), odd.GetUpper()), order).CopyTo(destination[Vector128<float>.Count..]);
    }

    // The most common pooling (2×2, stride 2, no padding) has no clipping to do.
    private static bool IsUnpadded2x2Stride2(in ConvGeometry geometry) =>
        geometry.Kernel == new Size2D(2, 2) && geometry.Stride == new Size2D(2, 2)
        && geometry.PadTop == 0 && geometry.PadLeft == 0 && geometry.PadBottom == 0 && geometry.PadRight == 0;

    // The window [origin, origin + kernel) clipped to [0, size).
    private static (int Start, int End) Window(int origin, int kernel, int size) => (Math.Max(origin, 0), Math.Min(origin + kernel, size));
}
