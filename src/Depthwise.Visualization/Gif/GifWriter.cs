using System.Buffers.Binary;
using System.Text;

namespace Depthwise.Visualization.Gif;

/// <summary>
/// Writes a GIF89a file frame by frame: header, logical screen descriptor and global colour table, the NETSCAPE2.0
/// looping extension, then for each frame a graphic control extension (delay, disposal, transparency), an image
/// descriptor, an optional local colour table and LZW-compressed image data; <see cref="Dispose"/> writes the trailer.
/// </summary>
/// <remarks>
/// <see cref="WriteFrame(ReadOnlySpan{byte}, int)"/> takes whole-canvas frames and stores only the rectangle that
/// changed since the previous one, drawn over it (<see cref="GifDisposal.DoNotDispose"/>); when the global palette
/// has fewer than 256 colours, the entry after the last colour is reserved as transparent and pixels inside that
/// rectangle that did not change are written transparent, which LZW compresses to almost nothing. An animation
/// whose frames differ in a few cells costs a few cells per frame. The structure follows the GIF89a specification
/// (CompuServe, 1990), sections 17–27 and appendix F.
/// </remarks>
public sealed class GifWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly GifPalette _palette;
    private readonly int _tableBits;
    private readonly byte? _unchanged;
    private byte[]? _previous;
    private bool _finished;

    /// <summary>Writes the file header, screen descriptor, global colour table and, for an animation, the loop extension.</summary>
    /// <param name="stream">Destination; left open.</param>
    /// <param name="width">Canvas width in pixels (1 to 65535).</param>
    /// <param name="height">Canvas height in pixels (1 to 65535).</param>
    /// <param name="palette">The global colour table; with fewer than 256 colours one more entry is reserved for transparency.</param>
    /// <param name="loopCount">Times to repeat the animation; 0 repeats forever, null writes no loop extension (play once).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the loop count is out of range.</exception>
    public GifWriter(Stream stream, int width, int height, GifPalette palette, int? loopCount = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(palette);
        RequireU16(width, nameof(width), 1);
        RequireU16(height, nameof(height), 1);
        if (loopCount is { } loops)
        {
            RequireU16(loops, nameof(loopCount), 0);
        }

        _stream = stream;
        _palette = palette;
        _unchanged = palette.Count < 256 ? (byte)palette.Count : null;
        _tableBits = GifPalette.BitsFor(palette.Count + (_unchanged.HasValue ? 1 : 0));
        Width = width;
        Height = height;

        _stream.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)height);
        // Global colour table present (0x80), 8 bits per primary in the source (0x70), table size 2^(n+1).
        screen[4] = (byte)(0x80 | 0x70 | (_tableBits - 1));
        screen[5] = 0; // background colour index
        screen[6] = 0; // no aspect ratio given
        _stream.Write(screen);
        palette.WriteTo(_stream, _tableBits);

        if (loopCount is { } count)
        {
            // Application extension "NETSCAPE2.0": sub-block 1 holds the loop count (0 = forever).
            _stream.Write([0x21, 0xFF, 0x0B]);
            _stream.Write(Encoding.ASCII.GetBytes("NETSCAPE2.0"));
            _stream.Write([0x03, 0x01, (byte)count, (byte)(count >> 8), 0x00]);
        }
    }

    /// <summary>Canvas width in pixels.</summary>
    public int Width { get; }

    /// <summary>Canvas height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames written so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>
    /// Writes a whole-canvas frame of global-palette indices, storing only the rectangle that differs from the
    /// previous frame written this way.
    /// </summary>
    /// <param name="indices">Width·Height indices into the global palette, row-major.</param>
    /// <param name="delayCentiseconds">Display time in hundredths of a second (0 to 65535).</param>
    /// <exception cref="ArgumentException">The index count is not Width·Height, or an index is outside the palette.</exception>
    public void WriteFrame(ReadOnlySpan<byte> indices, int delayCentiseconds)
    {
        if (indices.Length != Width * Height)
        {
            throw new ArgumentException($"indices has {indices.Length} entries; expected {Width}x{Height} = {Width * Height}.", nameof(indices));
        }

        var outside = _palette.Count < 256 ? indices.IndexOfAnyInRange((byte)_palette.Count, byte.MaxValue) : -1;
        if (outside >= 0)
        {
            throw new ArgumentException($"index {indices[outside]} at position {outside} is outside the {_palette.Count}-colour global palette.", nameof(indices));
        }

        var (left, top, right, bottom) = _previous is null ? (0, 0, Width, Height) : ChangedRectangle(_previous, indices);
        var width = right - left;
        var height = bottom - top;
        var crop = new byte[width * height];
        for (var row = 0; row < height; row++)
        {
            var source = indices.Slice(((top + row) * Width) + left, width);
            var destination = crop.AsSpan(row * width, width);
            source.CopyTo(destination);
            if (_previous is not null && _unchanged is { } transparent)
            {
                var before = _previous.AsSpan(((top + row) * Width) + left, width);
                for (var column = 0; column < width; column++)
                {
                    if (before[column] == source[column])
                    {
                        destination[column] = transparent;
                    }
                }
            }
        }

        var useTransparency = _previous is not null && _unchanged.HasValue;
        WriteFrame(new GifFrame(left, top, width, height, crop, delayCentiseconds, TransparentIndex: useTransparency ? _unchanged : null));
        _previous ??= new byte[Width * Height];
        indices.CopyTo(_previous);
    }

    /// <summary>Writes one frame as given: its rectangle, colour table, delay, disposal and transparency.</summary>
    /// <param name="frame">The frame; its rectangle must lie on the canvas.</param>
    /// <exception cref="ArgumentException">The rectangle leaves the canvas, the index count does not match it, an index is outside the colour table, or the delay is out of range.</exception>
    public void WriteFrame(GifFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_finished, this);
        Validate(frame);

        // Graphic control extension.
        var packed = (byte)(((int)frame.Disposal << 2) | (frame.TransparentIndex.HasValue ? 1 : 0));
        _stream.Write([0x21, 0xF9, 0x04, packed, (byte)frame.DelayCentiseconds, (byte)(frame.DelayCentiseconds >> 8), frame.TransparentIndex ?? 0, 0x00]);

        // Image descriptor.
        Span<byte> descriptor = stackalloc byte[10];
        descriptor[0] = 0x2C;
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[1..], (ushort)frame.Left);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[3..], (ushort)frame.Top);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], (ushort)frame.Width);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], (ushort)frame.Height);
        descriptor[9] = frame.LocalPalette is null ? (byte)0 : (byte)(0x80 | (frame.LocalPalette.Bits - 1));
        _stream.Write(descriptor);
        frame.LocalPalette?.WriteTo(_stream, frame.LocalPalette.Bits);

        GifLzwEncoder.Encode(_stream, frame.Indices, frame.LocalPalette?.Bits ?? _tableBits);
        FrameCount++;
    }

    /// <summary>Writes the trailer (once). The stream stays open.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _stream.WriteByte(0x3B);
            _stream.Flush();
            _finished = true;
        }
    }

    private void Validate(GifFrame frame)
    {
        if (frame.Width < 1 || frame.Height < 1 || frame.Left < 0 || frame.Top < 0
            || (long)frame.Left + frame.Width > Width || (long)frame.Top + frame.Height > Height)
        {
            throw new ArgumentException(
                $"frame rectangle {frame.Width}x{frame.Height} at ({frame.Left}, {frame.Top}) is not inside the {Width}x{Height} canvas.", nameof(frame));
        }

        if (frame.Indices is null || frame.Indices.Length != frame.Width * frame.Height)
        {
            throw new ArgumentException($"frame has {frame.Indices?.Length ?? 0} indices; its {frame.Width}x{frame.Height} rectangle needs {frame.Width * frame.Height}.", nameof(frame));
        }

        RequireU16(frame.DelayCentiseconds, nameof(frame), 0);
        // Indices name a colour, or the transparent entry, which may be a padding entry of the table.
        var colors = (frame.LocalPalette ?? _palette).Count;
        var tableSize = 1 << (frame.LocalPalette?.Bits ?? _tableBits);
        if (frame.TransparentIndex >= tableSize)
        {
            throw new ArgumentException($"frame transparent index {frame.TransparentIndex} is outside its {tableSize}-entry table.", nameof(frame));
        }

        for (var i = 0; i < frame.Indices.Length && colors < 256; i++)
        {
            if (frame.Indices[i] >= colors && frame.Indices[i] != frame.TransparentIndex)
            {
                throw new ArgumentException($"frame index {frame.Indices[i]} at position {i} is outside its {colors}-colour table.", nameof(frame));
            }
        }
    }

    // Smallest rectangle [left, right) × [top, bottom) holding every changed pixel; 1×1 at the origin when none changed.
    private (int Left, int Top, int Right, int Bottom) ChangedRectangle(byte[] previous, ReadOnlySpan<byte> current)
    {
        int left = Width, top = Height, right = 0, bottom = 0;
        for (var row = 0; row < Height; row++)
        {
            var before = previous.AsSpan(row * Width, Width);
            var after = current.Slice(row * Width, Width);
            var first = before.CommonPrefixLength(after);
            if (first == Width)
            {
                continue;
            }

            var last = Width - 1;
            while (before[last] == after[last])
            {
                last--;
            }

            left = Math.Min(left, first);
            right = Math.Max(right, last + 1);
            top = Math.Min(top, row);
            bottom = row + 1;
        }

        return right == 0 ? (0, 0, 1, 1) : (left, top, right, bottom);
    }

    private static void RequireU16(int value, string parameter, int minimum)
    {
        if (value < minimum || value > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} is {value}; expected {minimum} to {ushort.MaxValue}.");
        }
    }
}
