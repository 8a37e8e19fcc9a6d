using System.Globalization;
using SkiaSharp;

namespace Depthwise.Visualization.Rendering;

/// <summary>The few drawing primitives the pictures share: cells with centred text, labels, lines.</summary>
internal static class Drawing
{
    public static SKFont Font(float size, bool bold = false) => new(bold ? Typefaces.Bold : Typefaces.Regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };

    public static void Text(SKCanvas canvas, string text, float x, float y, float size, SKColor color, bool bold = false, SKTextAlign align = SKTextAlign.Left)
    {
        using var font = Font(size, bold);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x, y, align, font, paint);
    }

    /// <summary>Text centred (both ways) in a rectangle.</summary>
    public static void CenteredText(SKCanvas canvas, string text, SKRect rect, float size, SKColor color, bool bold = false)
    {
        using var font = Font(size, bold);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        font.MeasureText("0", out var digitBounds);
        // Centre on the height of a digit so that numbers sit in the middle whatever their descenders.
        var baseline = rect.MidY - digitBounds.MidY;
        canvas.DrawText(text, rect.MidX, baseline, SKTextAlign.Center, font, paint);
    }

    /// <summary>The rectangle moved <paramref name="amount"/> inwards on every side (outwards when negative).</summary>
    public static SKRect Inset(this SKRect rect, float amount) => new(rect.Left + amount, rect.Top + amount, rect.Right - amount, rect.Bottom - amount);

    /// <summary>The rectangle moved by (<paramref name="dx"/>, <paramref name="dy"/>).</summary>
    public static SKRect Shifted(this SKRect rect, float dx, float dy) => new(rect.Left + dx, rect.Top + dy, rect.Right + dx, rect.Bottom + dy);

    public static float Width(string text, float size, bool bold = false)
    {
        using var font = Font(size, bold);
        return font.MeasureText(text);
    }

    public static void Fill(SKCanvas canvas, SKRect rect, SKColor color)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill };
        canvas.DrawRect(rect, paint);
    }

    public static void Stroke(SKCanvas canvas, SKRect rect, SKColor color, float width, bool dashed = false)
    {
        using var effect = dashed ? SKPathEffect.CreateDash([3, 3], 0) : null;
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = width, IsAntialias = true, PathEffect = effect };
        canvas.DrawRect(rect, paint);
    }

    public static void Line(SKCanvas canvas, float x0, float y0, float x1, float y1, SKColor color, float width)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = width, IsAntialias = true, StrokeCap = SKStrokeCap.Round };
        canvas.DrawLine(x0, y0, x1, y1, paint);
    }

    /// <summary>An arrow from (x0, y0) to (x1, y1) with a filled head.</summary>
    public static void Arrow(SKCanvas canvas, float x0, float y0, float x1, float y1, SKColor color, float width)
    {
        Line(canvas, x0, y0, x1, y1, color, width);
        var angle = MathF.Atan2(y1 - y0, x1 - x0);
        var head = 4 * width + 4;
        using var path = new SKPath();
        path.MoveTo(x1, y1);
        path.LineTo(x1 - (head * MathF.Cos(angle - 0.45f)), y1 - (head * MathF.Sin(angle - 0.45f)));
        path.LineTo(x1 - (head * MathF.Cos(angle + 0.45f)), y1 - (head * MathF.Sin(angle + 0.45f)));
        path.Close();
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawPath(path, paint);
    }

    /// <summary>A value as printed in a cell: integers without decimals, others with up to two, a true minus sign.</summary>
    public static string Number(float value)
    {
        var text = value == MathF.Round(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.##", CultureInfo.InvariantCulture);
        return text.Replace('-', '−');
    }
}
