namespace Depthwise.Visualization.Gif;

/// <summary>
/// One image of a GIF: a rectangle of palette indices placed on the canvas, with its delay, disposal and optional
/// transparent index, drawn with its own (local) colour table or the file's global one.
/// </summary>
/// <param name="Left">Column of the rectangle's left edge on the canvas.</param>
/// <param name="Top">Row of the rectangle's top edge.</param>
/// <param name="Width">Rectangle width (≥ 1).</param>
/// <param name="Height">Rectangle height (≥ 1).</param>
/// <param name="Indices">Width·Height palette indices, row-major.</param>
/// <param name="DelayCentiseconds">How long the frame shows, in hundredths of a second (0 to 65535).</param>
/// <param name="LocalPalette">The frame's own colour table, or null to use the global one.</param>
/// <param name="Disposal">What happens to the frame's area before the next frame.</param>
/// <param name="TransparentIndex">A palette index drawn as transparent, or null for none.</param>
public sealed record GifFrame(
    int Left,
    int Top,
    int Width,
    int Height,
    byte[] Indices,
    int DelayCentiseconds,
    GifPalette? LocalPalette = null,
    GifDisposal Disposal = GifDisposal.DoNotDispose,
    byte? TransparentIndex = null);
