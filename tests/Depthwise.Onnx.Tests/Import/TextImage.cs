using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>
/// A synthetic text line image: dark strokes (letter-like bars, arcs of boxes) on a light, slightly noisy background,
/// normalized the way PaddleOCR feeds its models. On noise the detector outputs ~0 everywhere; on this it finds text.
/// </summary>
internal static class TextImage
{
    public static DwTensor Create(int height, int width, int seed, float normalizeMean, float normalizeStd)
    {
        var random = new Random(seed);
        var pixels = new float[height, width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[y, x] = 0.92f + (0.04f * (float)random.NextDouble());
            }
        }

        // Lines of "words": glyphs of vertical and horizontal strokes, ~stroke width 2-3 px, glyph height ~60% of a line.
        var lineHeight = Math.Min(height, 48);
        for (var top = lineHeight / 5; top + (lineHeight * 3 / 5) < height; top += lineHeight)
        {
            var glyphHeight = lineHeight * 3 / 5;
            var glyphWidth = glyphHeight * 2 / 3;
            var stroke = Math.Max(2, glyphHeight / 10);
            var x = 6;
            while (x + glyphWidth < width - 6)
            {
                if (random.Next(7) == 0)
                {
                    x += glyphWidth;
                    continue;
                }

                if (random.Next(2) == 0)
                {
                    Fill(pixels, top, x, glyphHeight, stroke);
                }

                if (random.Next(2) == 0)
                {
                    Fill(pixels, top, x + glyphWidth - stroke, glyphHeight, stroke);
                }

                Fill(pixels, top + (random.Next(3) * (glyphHeight - stroke) / 2), x, stroke, glyphWidth);
                Fill(pixels, top + random.Next(glyphHeight - stroke), x + (glyphWidth / 2) - (stroke / 2), stroke, stroke + random.Next(glyphWidth / 2));
                Fill(pixels, top, x + random.Next(glyphWidth - stroke), glyphHeight, stroke);
                x += glyphWidth + (stroke * 2);
            }
        }

        var tensor = new DwTensor([1, 3, height, width]);
        var data = tensor.Span;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    data[(((c * height) + y) * width) + x] = (pixels[y, x] - normalizeMean) / normalizeStd;
                }
            }
        }

        return tensor;
    }

    private static void Fill(float[,] pixels, int top, int left, int height, int width)
    {
        for (var y = Math.Max(top, 0); y < Math.Min(top + height, pixels.GetLength(0)); y++)
        {
            for (var x = Math.Max(left, 0); x < Math.Min(left + width, pixels.GetLength(1)); x++)
            {
                pixels[y, x] = 0.1f;
            }
        }
    }
}
