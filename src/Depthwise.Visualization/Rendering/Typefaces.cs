using SkiaSharp;

namespace Depthwise.Visualization.Rendering;

/// <summary>
/// The typefaces every picture uses: DejaVu Sans (shipped with most Linux distributions, and on this project's
/// machines by Debian's <c>fonts-dejavu-core</c>), falling back to the platform's sans-serif, then to Skia's default.
/// </summary>
internal static class Typefaces
{
    /// <summary>The family handed to ScottPlot, which looks fonts up by name.</summary>
    public static string SansFamily => Regular.FamilyName;

    public static SKTypeface Regular { get; } = Match(SKFontStyle.Normal);

    public static SKTypeface Bold { get; } = Match(SKFontStyle.Bold);

    private static SKTypeface Match(SKFontStyle style)
    {
        foreach (var family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif" })
        {
            if (SKFontManager.Default.MatchFamily(family, style) is { } typeface)
            {
                return typeface;
            }
        }

        return SKTypeface.Default;
    }
}
