namespace Depthwise.Visualization.Gif;

/// <summary>
/// Chooses a palette of at most 256 colours for images with more: the most common colours are kept exactly (flat
/// fills, lines, text), and the rest (anti-aliased edges, gradients) are summarized by median cut.
/// </summary>
/// <remarks>
/// Median cut (Heckbert, 1982) splits the box of remaining colours along its widest channel at the pixel-weighted
/// median until there are enough boxes, then takes each box's pixel-weighted mean colour.
/// </remarks>
public static class GifQuantizer
{
    /// <summary>Most colours kept exactly when an image has more than 256 (the rest are left to median cut).</summary>
    public const int MaximumExactColors = 96;

    /// <summary>Builds a palette for the pixels of one or more images.</summary>
    /// <param name="images">Pixels as <c>0xRRGGBB</c> (top byte ignored).</param>
    /// <param name="maximumColors">Most colours in the palette, 2 to 256; 255 leaves <see cref="GifWriter"/> an entry for transparency.</param>
    /// <returns>The images' own colours if there are at most <paramref name="maximumColors"/>, else the common ones plus median-cut means.</returns>
    /// <exception cref="ArgumentException">No pixels were given, or the colour count is out of range.</exception>
    public static GifPalette BuildPalette(IEnumerable<ReadOnlyMemory<uint>> images, int maximumColors = 256)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (maximumColors is < 2 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumColors), maximumColors, $"maximumColors is {maximumColors}; expected 2 to 256.");
        }

        var histogram = new Dictionary<uint, int>();
        long total = 0;
        foreach (var image in images)
        {
            foreach (var pixel in image.Span)
            {
                var color = pixel & 0xFFFFFF;
                histogram[color] = histogram.GetValueOrDefault(color) + 1;
            }

            total += image.Length;
        }

        if (total == 0)
        {
            throw new ArgumentException("images holds no pixels; expected at least one.", nameof(images));
        }

        var byCount = histogram.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key).ToList();
        if (byCount.Count <= maximumColors)
        {
            return new GifPalette([.. byCount.Select(pair => pair.Key)]);
        }

        // A colour earns an exact entry when it covers at least 1/1000 of the pixels: fills, borders, heavy text.
        var exactLimit = Math.Min(MaximumExactColors, maximumColors / 2);
        var exact = byCount.TakeWhile((pair, index) => index < exactLimit && pair.Value * 1000L >= total).Select(pair => pair.Key).ToList();
        var rest = byCount.Skip(exact.Count).ToArray();
        var boxes = MedianCut(rest, maximumColors - exact.Count);
        return new GifPalette([.. exact, .. boxes]);
    }

    /// <summary>Maps pixels to the nearest palette entries.</summary>
    /// <param name="pixels">Pixels as <c>0xRRGGBB</c>.</param>
    /// <param name="palette">The palette.</param>
    /// <param name="indices">Receives one index per pixel.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Map(ReadOnlySpan<uint> pixels, GifPalette palette, Span<byte> indices)
    {
        ArgumentNullException.ThrowIfNull(palette);
        if (pixels.Length != indices.Length)
        {
            throw new ArgumentException($"indices has {indices.Length} entries; expected one per pixel ({pixels.Length}).", nameof(indices));
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            indices[i] = palette.IndexOf(pixels[i]);
        }
    }

    private static List<uint> MedianCut(KeyValuePair<uint, int>[] colors, int boxCount)
    {
        var boxes = new List<ArraySegment<KeyValuePair<uint, int>>> { colors };
        while (boxes.Count < boxCount)
        {
            // Split the box with the most pixels among those that hold two colours or more.
            var index = -1;
            long most = 0;
            for (var i = 0; i < boxes.Count; i++)
            {
                var pixels = boxes[i].Sum(pair => (long)pair.Value);
                if (boxes[i].Count > 1 && pixels > most)
                {
                    most = pixels;
                    index = i;
                }
            }

            if (index < 0)
            {
                break;
            }

            var box = boxes[index];
            var shift = WidestChannelShift(box);
            box.AsSpan().Sort((left, right) => ((left.Key >> shift) & 0xFF).CompareTo((right.Key >> shift) & 0xFF));
            var half = most / 2;
            long running = 0;
            var cut = 1;
            for (; cut < box.Count - 1; cut++)
            {
                running += box[cut - 1].Value;
                if (running >= half)
                {
                    break;
                }
            }

            boxes[index] = box[..cut];
            boxes.Add(box[cut..]);
        }

        return [.. boxes.Select(Mean)];
    }

    private static int WidestChannelShift(ArraySegment<KeyValuePair<uint, int>> box)
    {
        var bestShift = 16;
        var bestRange = -1;
        foreach (var shift in new[] { 16, 8, 0 })
        {
            var minimum = 255u;
            var maximum = 0u;
            foreach (var pair in box)
            {
                var value = (pair.Key >> shift) & 0xFF;
                minimum = Math.Min(minimum, value);
                maximum = Math.Max(maximum, value);
            }

            if ((int)(maximum - minimum) > bestRange)
            {
                bestRange = (int)(maximum - minimum);
                bestShift = shift;
            }
        }

        return bestShift;
    }

    private static uint Mean(ArraySegment<KeyValuePair<uint, int>> box)
    {
        long red = 0, green = 0, blue = 0, weight = 0;
        foreach (var (color, count) in box)
        {
            red += ((color >> 16) & 0xFF) * (long)count;
            green += ((color >> 8) & 0xFF) * (long)count;
            blue += (color & 0xFF) * (long)count;
            weight += count;
        }

        return (uint)((((red + (weight / 2)) / weight) << 16) | (((green + (weight / 2)) / weight) << 8) | ((blue + (weight / 2)) / weight));
    }
}
