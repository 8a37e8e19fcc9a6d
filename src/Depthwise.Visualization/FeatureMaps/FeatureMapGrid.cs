using Depthwise.Visualization.Rendering;
using SkiaSharp;

namespace Depthwise.Visualization.FeatureMaps;

/// <summary>
/// Draws a <see cref="FeatureMapSet"/> as a labelled grid: one row per input channel, the channel itself in the
/// first column, then one column per kernel (headed by its name and weights).
/// </summary>
/// <remarks>
/// Edge kernels (weights summing to 0) give signed maps, drawn mid-gray at 0, white for the largest positive and
/// black for the most negative response, on a scale shared by the whole column. Other kernels are drawn black at
/// the column's minimum and white at its maximum.
/// </remarks>
public static class FeatureMapGrid
{
    private const float Margin = 20;
    private const float TitleHeight = 58;
    private const float HeaderHeight = 96;
    private const float LabelWidth = 84;
    private const float Gap = 10;
    private const float FooterHeight = 40;

    /// <summary>Pixel side of one map in the grid for an image of the given size (maps are scaled up to at least 140 px, by whole factors for small images).</summary>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <returns>The cell's width and height in pixels.</returns>
    public static (int Width, int Height) CellSize(int height, int width)
    {
        var side = Math.Max(height, width);
        var scale = side >= 140 ? 1.0 : Math.Ceiling(140.0 / side);
        return ((int)(width * scale), (int)(height * scale));
    }

    /// <summary>Where map (<paramref name="row"/>, <paramref name="column"/>) is drawn; column 0 is the input channel, column k+1 kernel k.</summary>
    /// <param name="set">The feature maps.</param>
    /// <param name="row">Input channel.</param>
    /// <param name="column">0 for the input, k + 1 for kernel k.</param>
    /// <returns>The cell's rectangle in the picture.</returns>
    public static SKRect Cell(FeatureMapSet set, int row, int column)
    {
        ArgumentNullException.ThrowIfNull(set);
        var (width, height) = CellSize(set.Height, set.Width);
        return SKRect.Create(Margin + LabelWidth + (column * (width + Gap)), TitleHeight + HeaderHeight + (row * (height + Gap)), width, height);
    }

    /// <summary>Draws the grid.</summary>
    /// <param name="set">The feature maps.</param>
    /// <returns>A new bitmap; the caller disposes it.</returns>
    public static SKBitmap Render(FeatureMapSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var last = Cell(set, set.Channels - 1, set.Kernels.Count);
        var title = $"Feature maps: {set.Image.Caption} through one depthwise layer";
        var width = (int)Math.Ceiling(Math.Max(last.Right + Margin, Drawing.Width(title, 18, bold: true) + (2 * Margin)));
        var height = (int)Math.Ceiling(last.Bottom + FooterHeight);
        var bitmap = SkiaImages.Blank(width, height);
        using var canvas = new SKCanvas(bitmap);

        Drawing.Text(canvas, title, Margin, 28, 18, ChannelColors.Ink, bold: true);
        Drawing.Text(
            canvas,
            $"{set.Channels} channel{(set.Channels == 1 ? string.Empty : "s")} × {set.Kernels.Count} kernels = {set.Channels * set.Kernels.Count} maps of {set.Height}×{set.Width}: depth multiplier {set.Kernels.Count}, same padding, computed by DepthwiseConv2d.Forward",
            Margin,
            48,
            12,
            ChannelColors.Muted);

        var headerTop = TitleHeight + 16;
        DrawHeader(canvas, Cell(set, 0, 0), headerTop, "input", "channel itself", null);
        for (var k = 0; k < set.Kernels.Count; k++)
        {
            var kernel = set.Kernels[k];
            DrawHeader(canvas, Cell(set, 0, k + 1), headerTop, kernel.Name, kernel.Description, kernel.Weights);
        }

        for (var channel = 0; channel < set.Channels; channel++)
        {
            var color = set.Channels == 1 ? ChannelColors.Neutral : ChannelColors.Of(channel);
            var first = Cell(set, channel, 0);
            Drawing.Fill(canvas, SKRect.Create(Margin, first.MidY - 20, 14, 14), color);
            Drawing.Text(canvas, set.Image.ChannelNames[channel], Margin, first.MidY + 12, 13, ChannelColors.Ink, bold: true);
            DrawMap(canvas, first, set.InputPlane(channel), set.Width, (0f, 1f), signed: false);
            Drawing.Stroke(canvas, first, color, 2);
        }

        for (var k = 0; k < set.Kernels.Count; k++)
        {
            var signed = set.Kernels[k].IsSigned;
            var range = ColumnRange(set, k, signed);
            for (var channel = 0; channel < set.Channels; channel++)
            {
                var cell = Cell(set, channel, k + 1);
                DrawMap(canvas, cell, set.Map(channel, k), set.Width, range, signed);
                Drawing.Stroke(canvas, cell, new SKColor(0xC8, 0xC8, 0xC8), 1);
            }
        }

        Drawing.Text(
            canvas,
            "Edge kernels (weights sum to 0): gray = 0, white = strongest positive, black = strongest negative response. Others: black = lowest, white = highest. One scale per column.",
            Margin,
            height - 16,
            11,
            ChannelColors.Muted);
        return bitmap;
    }

    /// <summary>The gray level (0–255) a value is drawn with, given its column's range.</summary>
    /// <param name="value">The map value.</param>
    /// <param name="range">The column's minimum and maximum (for signed maps: −m and m).</param>
    /// <param name="signed">Whether 0 is drawn mid-gray.</param>
    /// <returns>The gray level.</returns>
    public static byte GrayLevel(float value, (float Minimum, float Maximum) range, bool signed)
    {
        var spread = range.Maximum - range.Minimum;
        var t = spread > 0 ? (value - range.Minimum) / spread : (signed ? 0.5f : 0f);
        return (byte)Math.Round(255 * Math.Clamp(t, 0, 1));
    }

    private static (float Minimum, float Maximum) ColumnRange(FeatureMapSet set, int kernel, bool signed)
    {
        var minimum = float.MaxValue;
        var maximum = float.MinValue;
        for (var channel = 0; channel < set.Channels; channel++)
        {
            foreach (var value in set.Map(channel, kernel))
            {
                minimum = Math.Min(minimum, value);
                maximum = Math.Max(maximum, value);
            }
        }

        if (!signed)
        {
            return (minimum, maximum);
        }

        var magnitude = Math.Max(Math.Abs(minimum), Math.Abs(maximum));
        return (-magnitude, magnitude);
    }

    private static void DrawHeader(SKCanvas canvas, SKRect cell, float top, string name, string description, float[]? weights)
    {
        Drawing.Text(canvas, name, cell.Left, top, 14, ChannelColors.Ink, bold: true);
        Drawing.Text(canvas, description, cell.Left, top + 16, 10, ChannelColors.Muted);
        if (weights is null)
        {
            return;
        }

        // The 3×3 weights, small, as fractions where they are not integers.
        const float WeightCell = 14;
        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                var rect = SKRect.Create(cell.Left + (column * WeightCell * 1.9f), top + 22 + (row * WeightCell), WeightCell * 1.9f, WeightCell);
                Drawing.CenteredText(canvas, WeightText(weights, (row * 3) + column), rect, 10, ChannelColors.Ink);
            }
        }
    }

    private static string WeightText(float[] weights, int index)
    {
        var value = weights[index];
        foreach (var denominator in new[] { 16, 9 })
        {
            var numerator = value * denominator;
            if (value != MathF.Round(value) && MathF.Abs(numerator - MathF.Round(numerator)) < 1e-4f)
            {
                return $"{MathF.Round(numerator)}/{denominator}";
            }
        }

        return Drawing.Number(value);
    }

    private static void DrawMap(SKCanvas canvas, SKRect cell, ReadOnlySpan<float> values, int width, (float Minimum, float Maximum) range, bool signed)
    {
        var height = values.Length / width;
        using var map = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        var pixels = new SKColor[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var gray = GrayLevel(values[i], range, signed);
            pixels[i] = new SKColor(gray, gray, gray);
        }

        map.Pixels = pixels;
        using var image = SKImage.FromBitmap(map);
        // Small images (Fashion-MNIST's 28×28) are scaled up by whole factors: each pixel stays a crisp square.
        canvas.DrawImage(image, cell, new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None));
    }
}
