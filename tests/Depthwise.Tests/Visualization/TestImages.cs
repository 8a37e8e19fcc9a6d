using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Depthwise.Tests.Visualization;

/// <summary>Image files for tests: encoded with SkiaSharp, or written chunk by chunk to make hostile headers.</summary>
internal static class TestImages
{
    public static string TemporaryPath(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "depthwise-images-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>A gray image, black on the left half and white on the right: one vertical edge.</summary>
    public static string VerticalEdgePng(int height, int width, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, x < width / 2 ? SKColors.Black : SKColors.White);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 100);
        var path = TemporaryPath(format == SKEncodedImageFormat.Png ? "edge.png" : "edge." + format.ToString().ToLowerInvariant());
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>A PNG whose header claims <paramref name="width"/>×<paramref name="height"/> pixels, followed by almost no data.</summary>
    public static string PngClaiming(uint width, uint height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        WriteChunk(stream, "IHDR", header);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        var path = TemporaryPath("huge.png");
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    // The PNG/zlib CRC-32 (polynomial 0xEDB88320), bit by bit.
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in bytes)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
