namespace Depthwise.Visualization.Gif;

/// <summary>
/// A GIF colour table: 1 to 256 colours, each <c>0xRRGGBB</c>. Written padded with black to the next power of two
/// (at least 2), as the format requires.
/// </summary>
public sealed class GifPalette
{
    private readonly uint[] _colors;
    private readonly Dictionary<uint, byte> _lookup;

    /// <summary>Creates a palette from its colours.</summary>
    /// <param name="colors">1 to 256 colours as <c>0xRRGGBB</c> (the top byte is ignored).</param>
    /// <exception cref="ArgumentException">There are no colours or more than 256.</exception>
    public GifPalette(IReadOnlyList<uint> colors)
    {
        ArgumentNullException.ThrowIfNull(colors);
        if (colors.Count is < 1 or > 256)
        {
            throw new ArgumentException($"colors has {colors.Count} entries; a GIF colour table holds 1 to 256.", nameof(colors));
        }

        _colors = [.. colors.Select(color => color & 0xFFFFFF)];
        _lookup = [];
        for (var i = _colors.Length - 1; i >= 0; i--)
        {
            _lookup[_colors[i]] = (byte)i;
        }
    }

    /// <summary>Number of colours given (before padding).</summary>
    public int Count => _colors.Length;

    /// <summary>The colours, <c>0xRRGGBB</c>.</summary>
    public IReadOnlyList<uint> Colors => _colors;

    /// <summary>log2 of the padded table size: the table holds <c>2^Bits</c> entries, 1 ≤ Bits ≤ 8.</summary>
    public int Bits => BitsFor(_colors.Length);

    /// <summary>The index of <paramref name="color"/> if it is in the table exactly, else the nearest colour (squared RGB distance).</summary>
    /// <param name="color"><c>0xRRGGBB</c>; the top byte is ignored.</param>
    /// <returns>A palette index.</returns>
    /// <remarks>Results for colours not in the table are remembered, so mapping an image with few distinct colours is fast.</remarks>
    public byte IndexOf(uint color)
    {
        color &= 0xFFFFFF;
        if (_lookup.TryGetValue(color, out var index))
        {
            return index;
        }

        var best = 0;
        var bestDistance = int.MaxValue;
        for (var i = 0; i < _colors.Length; i++)
        {
            var distance = Distance(color, _colors[i]);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }

        _lookup[color] = (byte)best;
        return (byte)best;
    }

    /// <summary>Smallest b ≥ 1 with 2^b ≥ <paramref name="entries"/>.</summary>
    internal static int BitsFor(int entries)
    {
        var bits = 1;
        while ((1 << bits) < entries)
        {
            bits++;
        }

        return bits;
    }

    /// <summary>Writes the table (3 bytes per entry, red first), padded with black to <c>2^bits</c> entries.</summary>
    /// <param name="stream">The destination.</param>
    /// <param name="bits">log2 of the table size, at least <see cref="Bits"/>.</param>
    internal void WriteTo(Stream stream, int bits)
    {
        var table = new byte[3 << bits];
        for (var i = 0; i < _colors.Length; i++)
        {
            table[3 * i] = (byte)(_colors[i] >> 16);
            table[(3 * i) + 1] = (byte)(_colors[i] >> 8);
            table[(3 * i) + 2] = (byte)_colors[i];
        }

        stream.Write(table);
    }

    internal static int Distance(uint left, uint right)
    {
        var red = (int)((left >> 16) & 0xFF) - (int)((right >> 16) & 0xFF);
        var green = (int)((left >> 8) & 0xFF) - (int)((right >> 8) & 0xFF);
        var blue = (int)(left & 0xFF) - (int)(right & 0xFF);
        return (red * red) + (green * green) + (blue * blue);
    }
}
