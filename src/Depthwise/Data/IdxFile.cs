using System.Buffers.Binary;
using System.IO.Compression;

namespace Depthwise.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
/// </summary>
/// <remarks>
/// <para>
/// An IDX file is two zero bytes, one byte naming the element type (<see cref="IdxElementType"/>), one byte with the
/// number of dimensions D, then D big-endian 32-bit dimension sizes, then the elements in C order, each
/// big-endian. Nothing follows the data.
/// </para>
/// <para>
/// Nothing is allocated from a size read in the file before that size is checked: the data size (the product of
/// the dimensions times the element size) must fit a long, be at most the caller's <c>maximumDataBytes</c>, and, for
/// plain files and other seekable streams, equal the bytes actually left after the header. A gzip stream cannot
/// tell its length in advance, so its data are read into a buffer that grows as bytes arrive: a header that lies
/// costs at most twice the bytes really present. Every problem in the content throws
/// <see cref="IdxFormatException"/>; a corrupt gzip stream throws <see cref="InvalidDataException"/>.
/// </para>
/// </remarks>
public static class IdxFile
{
    /// <summary>Default cap on the data size, in bytes (1 GiB): Fashion-MNIST's largest file holds 47 MB.</summary>
    public const long DefaultMaximumDataBytes = 1L << 30;

    // First buffer when the stream cannot tell how many bytes remain (4 MiB); it doubles as data arrives.
    private const int UnseekableInitialBytes = 1 << 22;

    /// <summary>Reads an IDX file; a file that starts with the gzip signature (1F 8B) is decompressed first.</summary>
    /// <param name="path">The file, e.g. <c>t10k-images-idx3-ubyte</c> or <c>t10k-images-idx3-ubyte.gz</c>.</param>
    /// <param name="maximumDataBytes">Largest data size accepted, in bytes (at most <see cref="Array.MaxLength"/>).</param>
    /// <returns>The element type, dimensions and data bytes.</returns>
    /// <exception cref="IdxFormatException">The content is not a valid IDX file, or its data do not match its dimensions.</exception>
    /// <exception cref="InvalidDataException">The gzip stream is corrupt.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IdxData Read(string path, long maximumDataBytes = DefaultMaximumDataBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        Span<byte> signature = stackalloc byte[2];
        var signatureLength = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (signatureLength == 2 && signature[0] == 0x1F && signature[1] == 0x8B)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return Read(gzip, maximumDataBytes);
        }

        return Read(file, maximumDataBytes);
    }

    /// <summary>Reads uncompressed IDX content from the current position of a stream to its end.</summary>
    /// <param name="stream">A readable stream positioned at the two zero bytes (wrap gzip content in a <see cref="GZipStream"/>).</param>
    /// <param name="maximumDataBytes">Largest data size accepted, in bytes (at most <see cref="Array.MaxLength"/>).</param>
    /// <returns>The element type, dimensions and data bytes.</returns>
    /// <exception cref="IdxFormatException">The content is not a valid IDX file, or its data do not match its dimensions.</exception>
    public static IdxData Read(Stream stream, long maximumDataBytes = DefaultMaximumDataBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("stream is not readable; expected a readable stream positioned at IDX content.", nameof(stream));
        }

        if (maximumDataBytes < 0 || maximumDataBytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumDataBytes), maximumDataBytes, $"maximumDataBytes is {maximumDataBytes}; expected 0 to {Array.MaxLength}.");
        }

        var (elementType, dimensions, headerLength) = ReadHeader(stream);
        var elementSize = ElementSize(elementType);
        var dataBytes = DataBytes(dimensions, elementSize, maximumDataBytes);
        var data = stream.CanSeek ? ReadSeekable(stream, dataBytes, headerLength) : ReadGrowing(stream, dataBytes, headerLength);
        return new IdxData(elementType, dimensions, data);
    }

    /// <summary>Bytes per element of <paramref name="elementType"/>.</summary>
    /// <param name="elementType">An IDX element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not an IDX element type.</exception>
    public static int ElementSize(IdxElementType elementType) => elementType switch
    {
        IdxElementType.UnsignedByte or IdxElementType.SignedByte => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Single => 4,
        IdxElementType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(elementType), elementType, $"elementType {(byte)elementType:X2} is not an IDX type; expected 08, 09, 0B, 0C, 0D or 0E."),
    };

    private static (IdxElementType Type, int[] Dimensions, int HeaderLength) ReadHeader(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        var got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw new IdxFormatException("magic", got, $"the content ends after {got} bytes; expected a 4-byte magic number (00 00 type dimensions).");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new IdxFormatException("magic", 0, $"the first two bytes are {magic[0]:X2} {magic[1]:X2}; expected 00 00.");
        }

        var type = (IdxElementType)magic[2];
        if (!Enum.IsDefined(type))
        {
            throw new IdxFormatException("type", 2, $"element type code {magic[2]:X2} is unknown; expected 08 (ubyte), 09 (sbyte), 0B (int16), 0C (int32), 0D (float32) or 0E (float64).");
        }

        var rank = magic[3];
        if (rank == 0)
        {
            throw new IdxFormatException("dimensions", 3, "the dimension count is 0; expected 1 to 255.");
        }

        // At most 255 × 4 bytes: a fixed, small read.
        var sizes = new byte[rank * 4];
        got = stream.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
        if (got < sizes.Length)
        {
            throw new IdxFormatException("dimension", 4 + got, $"the content ends inside the dimension sizes; expected {rank} sizes of 4 bytes after the magic number.");
        }

        var dimensions = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(sizes.AsSpan(i * 4, 4));
            if (size > int.MaxValue)
            {
                throw new IdxFormatException("dimension", 4 + (i * 4), $"dimension {i} is {size}; expected at most {int.MaxValue}.");
            }

            dimensions[i] = (int)size;
        }

        return (type, dimensions, 4 + sizes.Length);
    }

    private static long DataBytes(int[] dimensions, int elementSize, long maximumDataBytes)
    {
        // Each factor is below 2^31 and there are at most 255 of them: stop as soon as the product passes the cap.
        long bytes = elementSize;
        foreach (var dimension in dimensions)
        {
            bytes = bytes == 0 || dimension == 0 ? 0 : (bytes > maximumDataBytes / dimension ? long.MaxValue : bytes * dimension);
        }

        if (bytes > maximumDataBytes)
        {
            throw new IdxFormatException(
                "dimensions", 4, $"dimensions ({string.Join(", ", dimensions)}) of {elementSize}-byte elements need more than {maximumDataBytes} bytes, the most this reader accepts; expected a smaller file.");
        }

        return bytes;
    }

    private static byte[] ReadSeekable(Stream stream, long dataBytes, int headerLength)
    {
        var remaining = stream.Length - stream.Position;
        if (remaining != dataBytes)
        {
            throw new IdxFormatException(
                "data", headerLength, $"the dimensions need {dataBytes} data bytes but {remaining} follow the header; expected exactly {dataBytes}.");
        }

        var data = new byte[dataBytes];
        stream.ReadExactly(data);
        return data;
    }

    private static byte[] ReadGrowing(Stream stream, long dataBytes, int headerLength)
    {
        var data = new byte[Math.Min(dataBytes, UnseekableInitialBytes)];
        long filled = 0;
        while (filled < dataBytes)
        {
            if (filled == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(dataBytes, 2L * data.Length));
            }

            var read = stream.Read(data, (int)filled, data.Length - (int)filled);
            if (read == 0)
            {
                throw new IdxFormatException(
                    "data", headerLength + filled, $"the content ends after {filled} data bytes; the dimensions need {dataBytes}.");
            }

            filled += read;
        }

        if (stream.ReadByte() >= 0)
        {
            throw new IdxFormatException("data", headerLength + dataBytes, $"bytes follow the {dataBytes} data bytes the dimensions need; expected the content to end there.");
        }

        return data;
    }
}
