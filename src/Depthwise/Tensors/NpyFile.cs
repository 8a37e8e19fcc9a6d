using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Depthwise.Tensors;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files holding little-endian float32 arrays in C order, the format
/// <c>numpy.save</c> writes for a <c>float32</c> array.
/// </summary>
/// <remarks>
/// <para>
/// A <c>.npy</c> file is the 6-byte magic <c>\x93NUMPY</c>, a major and a minor version byte, the header length
/// (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), a header that is a Python dictionary literal
/// with the keys <c>'descr'</c>, <c>'fortran_order'</c> and <c>'shape'</c> (padded with spaces and ended by a
/// newline), then the raw array data.
/// </para>
/// <para>
/// Reading accepts versions 1.0, 2.0 and 3.0, keys in any order, single or double quotes, extra whitespace, a
/// trailing comma and any padding; it accepts only dtype <c>'&lt;f4'</c> with <c>fortran_order</c> False and
/// dimensions of at least 1 (a <see cref="Tensor"/> cannot be empty). Nothing is allocated from a size read in
/// the file before that size is checked: the header is capped at <see cref="MaximumHeaderLength"/> bytes, and the
/// element count is checked for overflow and, on seekable streams, against the bytes actually left. Bytes after
/// the array data are left unread. Every problem in the file throws <see cref="NpyFormatException"/>.
/// </para>
/// <para>
/// Writing produces version 1.0 (2.0 when the header does not fit 65535 bytes), dtype <c>'&lt;f4'</c>, C order,
/// with the data starting at a multiple of 64 bytes, as NumPy does. Writing then reading returns the same shape
/// and the same bits.
/// </para>
/// </remarks>
public static partial class NpyFile
{
    /// <summary>Largest header, in bytes, that <see cref="Read(Stream, TensorLayout)"/> accepts (1 MiB).</summary>
    /// <remarks>Real headers are under a hundred bytes; the cap keeps a corrupt length field from allocating gigabytes.</remarks>
    public const int MaximumHeaderLength = 1 << 20;

    // Bytes moved per Read/Write call: a span of bytes over a float window must stay below int.MaxValue bytes.
    private const int WindowElements = 1 << 26;

    // First buffer, in elements, when the stream cannot tell how many bytes remain (4 MiB); it doubles as data
    // arrives, so a header that lies about the shape costs at most twice the bytes really present.
    private const int UnseekableInitialElements = 1 << 20;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a <c>.npy</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="layout">What a 4-D array's dimensions mean; it only tags the result, nothing is reordered.</param>
    /// <returns>A tensor with the file's shape and values.</returns>
    /// <exception cref="NpyFormatException">The file is not a little-endian float32 C-order <c>.npy</c> file, or is truncated.</exception>
    public static Tensor Read(string path, TensorLayout layout = TensorLayout.Nchw)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
        return Read(stream, layout);
    }

    /// <summary>Reads a <c>.npy</c> array from the current position of a stream, leaving the stream after the array data.</summary>
    /// <param name="stream">A readable stream positioned at the magic string.</param>
    /// <param name="layout">What a 4-D array's dimensions mean; it only tags the result, nothing is reordered.</param>
    /// <returns>A tensor with the array's shape and values.</returns>
    /// <exception cref="NpyFormatException">The content is not a little-endian float32 C-order <c>.npy</c> array, or is truncated.</exception>
    public static Tensor Read(Stream stream, TensorLayout layout = TensorLayout.Nchw)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("stream is not readable; expected a readable stream positioned at a .npy file.", nameof(stream));
        }

        var (shape, dataOffset) = ReadHeader(stream);
        var values = ReadData(stream, shape, dataOffset);
        return new Tensor(values, shape, layout);
    }

    /// <summary>Writes a tensor as a <c>.npy</c> file (created or overwritten).</summary>
    /// <param name="path">The file.</param>
    /// <param name="tensor">The tensor; its storage shape becomes the array shape.</param>
    public static void Write(string path, Tensor tensor)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensor);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        Write(stream, tensor);
    }

    /// <summary>Writes a tensor as a <c>.npy</c> array at the current position of a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="tensor">The tensor; its storage shape becomes the array shape.</param>
    public static void Write(Stream stream, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("stream is not writable; expected a writable stream.", nameof(stream));
        }

        stream.Write(FormatPreamble(tensor.Shape));
        ReadOnlySpan<float> values = tensor.Span;
        if (BitConverter.IsLittleEndian)
        {
            for (var start = 0; start < values.Length; start += WindowElements)
            {
                stream.Write(MemoryMarshal.AsBytes(values.Slice(start, Math.Min(WindowElements, values.Length - start))));
            }

            return;
        }

        const int ChunkElements = 1 << 14;
        var buffer = ArrayPool<int>.Shared.Rent(ChunkElements);
        try
        {
            for (var start = 0; start < values.Length; start += ChunkElements)
            {
                var chunk = MemoryMarshal.Cast<float, int>(values.Slice(start, Math.Min(ChunkElements, values.Length - start)));
                BinaryPrimitives.ReverseEndianness(chunk, buffer.AsSpan(0, chunk.Length));
                stream.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, chunk.Length)));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    // Magic, version, header length and header → the array shape and the offset of the first data byte.
    private static (int[] Shape, long DataOffset) ReadHeader(Stream stream)
    {
        Span<byte> preamble = stackalloc byte[12];
        var got = stream.ReadAtLeast(preamble[..8], 8, throwOnEndOfStream: false);
        for (var i = 0; i < Magic.Length; i++)
        {
            if (i >= got)
            {
                throw new NpyFormatException("magic", i, $"the stream ended after {got} bytes; a .npy file starts with the 6-byte magic string \\x93NUMPY.");
            }

            if (preamble[i] != Magic[i])
            {
                throw new NpyFormatException("magic", i, $"expected the magic string \\x93NUMPY; found bytes {Convert.ToHexString(preamble[..Math.Min(got, 6)])}.");
            }
        }

        if (got < 8)
        {
            throw new NpyFormatException("version", got, $"the stream ended after {got} bytes, inside the 2-byte version.");
        }

        int major = preamble[6], minor = preamble[7];
        if (minor != 0 || major is < 1 or > 3)
        {
            throw new NpyFormatException("version", 6, $"version {major}.{minor} is not supported; expected 1.0, 2.0 or 3.0.");
        }

        var lengthSize = major == 1 ? 2 : 4;
        var lengthGot = stream.ReadAtLeast(preamble.Slice(8, lengthSize), lengthSize, throwOnEndOfStream: false);
        if (lengthGot < lengthSize)
        {
            throw new NpyFormatException("header_len", 8 + lengthGot, $"the stream ended inside the {lengthSize}-byte header length of a version {major}.0 file.");
        }

        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(preamble.Slice(8, 2))
            : BinaryPrimitives.ReadUInt32LittleEndian(preamble.Slice(8, 4));
        var headerOffset = 8 + lengthSize;
        if (headerLength > MaximumHeaderLength)
        {
            throw new NpyFormatException("header_len", 8, $"header length {headerLength} exceeds the {MaximumHeaderLength}-byte limit; real headers are under a few hundred bytes.");
        }

        if (stream.CanSeek && stream.Length - stream.Position < headerLength)
        {
            throw new NpyFormatException("header", headerOffset, $"header_len says {headerLength} bytes but only {stream.Length - stream.Position} bytes remain.");
        }

        var header = new byte[headerLength];
        var headerGot = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (headerGot < header.Length)
        {
            throw new NpyFormatException("header", headerOffset + headerGot, $"header_len says {headerLength} bytes but the stream ended after {headerGot}.");
        }

        // Versions 1 and 2 encode the header in Latin-1, version 3 in UTF-8; only string contents can differ.
        var parser = new NpyHeaderParser(header, headerOffset, major == 3 ? System.Text.Encoding.UTF8 : System.Text.Encoding.Latin1);
        var shape = parser.Parse();
        return (shape, headerOffset + headerLength);
    }

    // Data of a validated shape → its values, checking the bytes available before allocating.
    private static float[] ReadData(Stream stream, int[] shape, long dataOffset)
    {
        // ParseHeader already limited the count to Array.MaxLength.
        var count = Tensor.CheckedLength(shape, nameof(shape));
        var byteCount = (long)count * sizeof(float);
        int initialLength;
        if (stream.CanSeek)
        {
            var available = stream.Length - stream.Position;
            if (available < byteCount)
            {
                throw new NpyFormatException("data", dataOffset, $"shape {Tensor.FormatShape(shape)} needs {byteCount} bytes of float32 data but only {available} bytes remain.");
            }

            initialLength = count;
        }
        else
        {
            initialLength = Math.Min(count, UnseekableInitialElements);
        }

        var values = new float[initialLength];
        var done = 0;
        while (done < count)
        {
            if (done == values.Length)
            {
                Array.Resize(ref values, (int)Math.Min(count, 2L * values.Length));
            }

            var window = values.AsSpan(done, Math.Min(values.Length - done, WindowElements));
            var bytes = MemoryMarshal.AsBytes(window);
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                var available = ((long)done * sizeof(float)) + read;
                throw new NpyFormatException("data", dataOffset + available, $"shape {Tensor.FormatShape(shape)} needs {byteCount} bytes of float32 data but the stream ended after {available}.");
            }

            if (!BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<float, int>(window);
                BinaryPrimitives.ReverseEndianness(words, words);
            }

            done += window.Length;
        }

        return values;
    }
}
