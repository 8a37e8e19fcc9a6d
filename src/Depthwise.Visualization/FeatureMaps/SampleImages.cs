using Depthwise.Tensors;
using Depthwise.Visualization.Rendering;
using SkiaSharp;

namespace Depthwise.Visualization.FeatureMaps;

/// <summary>Images drawn here, for pictures that need an input when no file or dataset is at hand.</summary>
public static class SampleImages
{
    /// <summary>A colour picture with a red disc, a green square and a blue triangle on a warm gradient, 3 channels.</summary>
    /// <param name="side">Width and height in pixels (16 to 512).</param>
    /// <returns>The image.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The side is out of range.</exception>
    public static InputImage Shapes(int side = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(side, 512);
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Bgra8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var gradient = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(side, side), [new SKColor(0xF5, 0xE6, 0xC8), new SKColor(0x6E, 0x5A, 0x8C)], SKShaderTileMode.Clamp);
            using var background = new SKPaint { Shader = gradient };
            canvas.DrawRect(0, 0, side, side, background);
            using var paint = new SKPaint { IsAntialias = true };
            paint.Color = ChannelColors.Of(0);
            canvas.DrawCircle(side * 0.3f, side * 0.32f, side * 0.2f, paint);
            paint.Color = ChannelColors.Of(1);
            canvas.DrawRect(side * 0.52f, side * 0.14f, side * 0.34f, side * 0.34f, paint);
            paint.Color = ChannelColors.Of(2);
            using var triangle = new SKPath();
            triangle.MoveTo(side * 0.18f, side * 0.9f);
            triangle.LineTo(side * 0.5f, side * 0.52f);
            triangle.LineTo(side * 0.82f, side * 0.9f);
            triangle.Close();
            canvas.DrawPath(triangle, paint);
        }

        // bitmap (H, W) → tensor (1, 3, H, W) in [0, 1]
        var tensor = Tensor.Image(1, 3, side, side);
        var plane = side * side;
        var pixels = bitmap.Pixels;
        var values = tensor.Span;
        for (var i = 0; i < plane; i++)
        {
            values[i] = pixels[i].Red / 255f;
            values[plane + i] = pixels[i].Green / 255f;
            values[(2 * plane) + i] = pixels[i].Blue / 255f;
        }

        return new InputImage(tensor, ["red", "green", "blue"], "a drawn test picture");
    }
}
