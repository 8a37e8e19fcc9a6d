using SkiaSharp;

namespace Depthwise.Visualization.Rendering;

/// <summary>Moves pixels between SkiaSharp bitmaps, files and the GIF encoder.</summary>
public static class SkiaImages
{
    /// <summary>Pixels of a bitmap as <c>0xRRGGBB</c>, row-major (alpha dropped: every picture is drawn on an opaque background).</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <returns>Width·Height colours.</returns>
    public static uint[] ToRgb(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        var colors = bitmap.Pixels;
        var pixels = new uint[colors.Length];
        for (var i = 0; i < colors.Length; i++)
        {
            pixels[i] = (uint)colors[i] & 0xFFFFFF;
        }

        return pixels;
    }

    /// <summary>Encodes a bitmap as PNG.</summary>
    /// <param name="bitmap">The bitmap.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] EncodePng(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A new opaque bitmap filled with the background colour.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The bitmap.</returns>
    public static SKBitmap Blank(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        bitmap.Erase(ChannelColors.Background);
        return bitmap;
    }
}
