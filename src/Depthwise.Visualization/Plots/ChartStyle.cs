using Depthwise.Visualization.Rendering;
using ScottPlot;
using SkiaSharp;

namespace Depthwise.Visualization.Plots;

/// <summary>The look every chart shares (font, colours, title size) and the composition of several panels into one PNG.</summary>
internal static class ChartStyle
{
    public static Color Ours { get; } = Color.FromHex("#1F77B4");

    public static Color Pointwise { get; } = Color.FromHex("#FF7F0E");

    public static Color Peer { get; } = Color.FromHex("#9E9E9E");

    public static Color Roof { get; } = Color.FromHex("#D9D9D9");

    public static Color Faster { get; } = Color.FromHex("#2CA02C");

    public static Color Slower { get; } = Color.FromHex("#D62728");

    public static Color Traditional { get; } = Color.FromHex("#7F7F7F");

    public static Color Separable { get; } = Color.FromHex("#9467BD");

    /// <summary>Colours for the n-th series when several files are compared.</summary>
    public static Color Series(int index) => index switch
    {
        0 => Ours,
        1 => Pointwise,
        2 => Faster,
        3 => Slower,
        _ => Separable,
    };

    public static Plot Create(string title)
    {
        var plot = new Plot();
        plot.Font.Set(Typefaces.SansFamily);
        plot.Title(title, 15);
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Bottom.Label.FontSize = 13;
        plot.Axes.Left.Label.FontSize = 13;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Grid.MajorLineColor = Color.FromHex("#E8E8E8");
        return plot;
    }

    /// <summary>Y-axis ticks that name categories (layers) at positions 0, −1, −2, … from the top.</summary>
    public static void CategoryTicks(Plot plot, IReadOnlyList<string> names)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < names.Count; i++)
        {
            ticks.AddMajor(-i, names[i]);
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.IsVisible = false;
    }

    /// <summary>Ticks at powers of ten on a log10 axis (the data are plotted as log10 values).</summary>
    public static ScottPlot.TickGenerators.NumericManual LogTicks(double minimumLog, double maximumLog, Func<double, string> format)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var exponent = (int)Math.Floor(minimumLog); exponent <= (int)Math.Ceiling(maximumLog); exponent++)
        {
            ticks.AddMajor(exponent, format(Math.Pow(10, exponent)));
            for (var multiple = 2; multiple < 10; multiple++)
            {
                ticks.AddMinor(exponent + Math.Log10(multiple));
            }
        }

        return ticks;
    }

    public static string Number(double value) => value switch
    {
        >= 1e9 => $"{value / 1e9:0.##}G",
        >= 1e6 => $"{value / 1e6:0.##}M",
        >= 1e3 => $"{value / 1e3:0.##}k",
        >= 1 => $"{value:0.##}",
        _ => $"{value:0.###}",
    };

    public static string Threads(int count) => count == 1 ? "1 thread" : $"{count} threads";

    /// <summary>A fraction as a percentage without the space .NET puts before the sign: <c>12.7%</c>.</summary>
    public static string Percent(double fraction, int decimals = 1) =>
        (100 * fraction).ToString(decimals == 0 ? "0" : "0." + new string('#', decimals), System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>Draws each plot into its rectangle of one white picture and encodes it as PNG.</summary>
    /// <remarks>Each plot renders on its own surface first: ScottPlot clears the whole canvas it is given.</remarks>
    public static byte[] ToPng(int width, int height, params (Plot Plot, PixelRect Rect)[] panels)
    {
        using var bitmap = SkiaImages.Blank(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            foreach (var (plot, rect) in panels)
            {
                var info = new SKImageInfo((int)rect.Width, (int)rect.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
                using var surface = SKSurface.Create(info);
                plot.Render(surface);
                using var image = surface.Snapshot();
                canvas.DrawImage(image, rect.Left, rect.Top);
            }
        }

        return SkiaImages.EncodePng(bitmap);
    }
}
