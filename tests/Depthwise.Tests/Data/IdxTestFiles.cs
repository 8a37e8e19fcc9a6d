using System.Buffers.Binary;
using System.IO.Compression;

namespace Depthwise.Tests.Data;

/// <summary>Writes IDX content byte by byte from the format's description, independently of the reader under test.</summary>
internal static class IdxTestFiles
{
    public static byte[] Header(byte typeCode, params uint[] dimensions)
    {
        var header = new byte[4 + (4 * dimensions.Length)];
        header[2] = typeCode;
        header[3] = (byte)dimensions.Length;
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        return header;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static string WriteTemporary(byte[] bytes, string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "depthwise-idx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
