using Depthwise.Visualization.Gif;

namespace Depthwise.Tests.Visualization.Gif;

public class GifWriterTests
{
    [Theory]
    [InlineData(2, 7, 5)]
    [InlineData(3, 16, 9)]
    [InlineData(16, 33, 20)]
    [InlineData(256, 301, 187)]
    public void ASingleFrameDecodesToTheSamePixels(int colors, int width, int height)
    {
        // Noisy pixels over many colours: long inputs fill the 4096-entry LZW table and force clear codes.
        var random = new Random(colors);
        var palette = new GifPalette([.. Enumerable.Range(0, colors).Select(_ => (uint)random.Next(0x1000000))]);
        var indices = new byte[width * height];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = (byte)(random.Next(4) == 0 ? random.Next(colors) : (i / 3) % colors);
        }

        using var stream = new MemoryStream();
        using (var writer = new GifWriter(stream, width, height, palette, loopCount: null))
        {
            writer.WriteFrame(indices, delayCentiseconds: 0);
        }

        var decoded = SkiaDecoding.Decode(stream.ToArray());
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.Equal(palette.Colors[indices[i]], decoded.Frames[0][i]);
        }
    }

    [Fact]
    public void AnAnimationKeepsItsFramesDelaysAndLoop()
    {
        const int Width = 40, Height = 30;
        var palette = new GifPalette([0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF]);
        var canvas = new byte[Width * Height];
        var expected = new List<byte[]>();
        using var stream = new MemoryStream();
        using (var writer = new GifWriter(stream, Width, Height, palette))
        {
            for (var frame = 0; frame < 6; frame++)
            {
                // Each frame paints one small block; frame 3 changes nothing.
                if (frame != 3)
                {
                    for (var y = 0; y < 5; y++)
                    {
                        for (var x = 0; x < 7; x++)
                        {
                            canvas[((y + (4 * frame)) * Width) + x + (5 * frame)] = (byte)(1 + (frame % 3));
                        }
                    }
                }

                writer.WriteFrame(canvas, delayCentiseconds: 10 * (frame + 1));
                expected.Add((byte[])canvas.Clone());
            }

            Assert.Equal(6, writer.FrameCount);
        }

        var decoded = SkiaDecoding.Decode(stream.ToArray());
        Assert.Equal(6, decoded.Frames.Count);
        Assert.Equal(-1, decoded.RepetitionCount); // Skia's "repeat forever"
        Assert.Equal([100, 200, 300, 400, 500, 600], decoded.DurationsMilliseconds);
        for (var frame = 0; frame < 6; frame++)
        {
            Assert.Equal(expected[frame].Select(index => palette.Colors[index]), decoded.Frames[frame]);
        }
    }

    [Fact]
    public void AFrameWithALocalPaletteUsesItsOwnColours()
    {
        var global = new GifPalette([0x000000, 0xFFFFFF]);
        var local = new GifPalette([0x123456, 0xABCDEF, 0x00FF00]);
        using var stream = new MemoryStream();
        using (var writer = new GifWriter(stream, 4, 4, global))
        {
            writer.WriteFrame(new byte[16], delayCentiseconds: 5);
            writer.WriteFrame(new GifFrame(1, 1, 2, 2, [0, 1, 2, 1], 5, local));
        }

        var decoded = SkiaDecoding.Decode(stream.ToArray());
        Assert.Equal(0x000000u, decoded.Pixel(1, 0, 0));
        Assert.Equal(0x123456u, decoded.Pixel(1, 1, 1));
        Assert.Equal(0xABCDEFu, decoded.Pixel(1, 2, 1));
        Assert.Equal(0x00FF00u, decoded.Pixel(1, 1, 2));
    }

    [Fact]
    public void TheFileHasTheGif89aStructure()
    {
        using var stream = new MemoryStream();
        using (var writer = new GifWriter(stream, 3, 2, new GifPalette([0xFF0000, 0x0000FF, 0x00FF00])))
        {
            writer.WriteFrame([0, 1, 2, 2, 1, 0], delayCentiseconds: 7);
        }

        var bytes = stream.ToArray();
        Assert.Equal("GIF89a"u8.ToArray(), bytes[..6]);
        Assert.Equal([3, 0, 2, 0], bytes[6..10]);
        Assert.Equal(0xF1, bytes[10]); // global table, 8-bit source, 2^(1+1) = 4 entries
        Assert.Equal([0xFF, 0, 0, 0, 0, 0xFF, 0, 0xFF, 0, 0, 0, 0], bytes[13..25]); // padded with black
        Assert.Equal("NETSCAPE2.0"u8.ToArray(), bytes[28..39]);
        Assert.Equal([0x21, 0xF9, 0x04, 0x04, 7, 0, 0, 0], bytes[44..52]); // do-not-dispose, 7 cs
        Assert.Equal(0x3B, bytes[^1]);
    }

    [Fact]
    public void BadFramesAreRejected()
    {
        using var stream = new MemoryStream();
        using var writer = new GifWriter(stream, 4, 4, new GifPalette([0, 0xFFFFFF, 0xFF0000]));

        Assert.Throws<ArgumentException>(() => writer.WriteFrame(new byte[15], 1));
        Assert.Throws<ArgumentException>(() => writer.WriteFrame(new GifFrame(3, 3, 2, 2, new byte[4], 1)));
        Assert.Throws<ArgumentException>(() => writer.WriteFrame(new GifFrame(0, 0, 2, 2, [0, 1, 2, 3], 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GifWriter(stream, 70000, 4, new GifPalette([0])));
        Assert.Throws<ArgumentException>(() => new GifPalette([]));
    }

    [Fact]
    public void TheQuantizerKeepsCommonColoursExactlyAndApproximatesTheRest()
    {
        // A flat background, two flat fills, and a smooth gradient of 1024 colours (anti-aliasing stands in).
        var pixels = new uint[128 * 64];
        for (var i = 0; i < pixels.Length; i++)
        {
            var x = i % 128;
            var y = i / 128;
            pixels[i] = y < 16 ? 0xFFFFFFu : y < 32 ? (x < 64 ? 0xD62728u : 0x1F77B4u) : (uint)((x * 2) << 16 | ((y - 32) * 8) << 8 | 0x40);
        }

        var palette = GifQuantizer.BuildPalette([pixels]);
        var indices = new byte[pixels.Length];
        GifQuantizer.Map(pixels, palette, indices);

        Assert.True(palette.Count <= 256);
        Assert.Contains(0xFFFFFFu, palette.Colors);
        Assert.Contains(0xD62728u, palette.Colors);
        Assert.Contains(0x1F77B4u, palette.Colors);
        for (var i = 0; i < pixels.Length; i++)
        {
            Assert.True(GifPalette.Distance(pixels[i], palette.Colors[indices[i]]) <= 3 * 16 * 16, $"pixel {i} moved too far");
        }
    }
}
