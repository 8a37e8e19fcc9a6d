namespace Depthwise.Tensors;

/// <summary>Reorders image tensors between NCHW and NHWC.</summary>
internal static class LayoutConversion
{
    // source and destination both (N, C, H, W) logically, stored in their own layouts.
    public static void Convert(ReadOnlySpan<float> source, TensorLayout sourceLayout, Span<float> destination, TensorLayout destinationLayout, int batch, int channels, int height, int width)
    {
        if (sourceLayout == destinationLayout)
        {
            source.CopyTo(destination);
            return;
        }

        var plane = height * width;
        var image = plane * channels;
        for (var n = 0; n < batch; n++)
        {
            var sourceImage = source.Slice(n * image, image);
            var destinationImage = destination.Slice(n * image, image);
            if (sourceLayout == TensorLayout.Nchw)
            {
                // (C, HW) → (HW, C)
                Transpose(sourceImage, destinationImage, channels, plane);
            }
            else
            {
                // (HW, C) → (C, HW)
                Transpose(sourceImage, destinationImage, plane, channels);
            }
        }
    }

    // source (rows, columns) → destination (columns, rows), in tiles so both sides stay in cache.
    private static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns)
    {
        const int Tile = 32;
        for (var rowStart = 0; rowStart < rows; rowStart += Tile)
        {
            var rowEnd = Math.Min(rowStart + Tile, rows);
            for (var columnStart = 0; columnStart < columns; columnStart += Tile)
            {
                var columnEnd = Math.Min(columnStart + Tile, columns);
                for (var row = rowStart; row < rowEnd; row++)
                {
                    for (var column = columnStart; column < columnEnd; column++)
                    {
                        destination[(column * rows) + row] = source[(row * columns) + column];
                    }
                }
            }
        }
    }
}
