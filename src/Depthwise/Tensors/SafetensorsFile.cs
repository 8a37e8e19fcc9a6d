using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Depthwise.Tensors;

/// <summary>
/// Reads and writes <see href="https://github.com/huggingface/safetensors">safetensors</see> files with F32 tensors, the
/// format PyTorch, JAX and Hugging Face load without running code from the file.
/// </summary>
/// <remarks>
/// <para>
/// Layout: an unsigned 64-bit little-endian header length N; N bytes of UTF-8 JSON,
/// <c>{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ..., "__metadata__": {"key": "value"}}</c>,
/// padded with spaces; then the data buffer, each tensor's little-endian values in C order at
/// <c>[begin, end)</c> counted from the buffer's start. The ranges cover the buffer exactly, without holes or overlaps.
/// </para>
/// <para>
/// Reading checks everything before allocating: the header length against the file and <see cref="MaximumHeaderBytes"/>,
/// every range against the data actually present, every shape's byte size against its range. The tensors it allocates
/// therefore add up to at most the file's size. Every problem throws <see cref="SafetensorsFormatException"/> naming the
/// tensor and the field.
/// </para>
/// </remarks>
public static class SafetensorsFile
{
    /// <summary>Largest header accepted (100 MB), the bound the reference implementation uses.</summary>
    public const long MaximumHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";
    private const string Float32 = "F32";

    /// <summary>
    /// Writes tensors (and metadata) to a file atomically: the bytes go to a temporary file in the same folder that then
    /// replaces <paramref name="path"/>, so a crash never leaves a half-written checkpoint under that name.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Named tensors, written in this order; names unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string pairs stored as <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentException">A name is empty, repeated, or <c>__metadata__</c>.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                Write(stream, tensors, metadata);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes tensors (and metadata) in the safetensors format to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="tensors">Named tensors, written in this order; names unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string pairs stored as <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentException">A name is empty, repeated, or <c>__metadata__</c>.</exception>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            if (string.IsNullOrEmpty(name) || name == MetadataKey || !names.Add(name))
            {
                throw new ArgumentException($"tensor name '{name}' is empty, reserved or repeated; expected unique names other than {MetadataKey}.", nameof(tensors));
            }

            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
        }

        var header = Header(list, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor) in list)
        {
            WriteLittleEndian(stream, tensor.Span);
        }
    }

    /// <summary>Reads a safetensors file of F32 tensors.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="SafetensorsFormatException">The file is malformed, truncated, or holds a dtype other than F32.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SafetensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads safetensors content from a seekable stream, from its current position to its end.</summary>
    /// <param name="stream">A readable, seekable stream.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="SafetensorsFormatException">The content is malformed, truncated, or holds a dtype other than F32.</exception>
    public static SafetensorsContent Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("stream must be readable and seekable (its length bounds every size read from the header).", nameof(stream));
        }

        var available = stream.Length - stream.Position;
        if (available < 8)
        {
            throw new SafetensorsFormatException(null, "header_length", $"the content has {available} bytes; expected at least the 8-byte header length.");
        }

        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)Math.Min(MaximumHeaderBytes, available - 8))
        {
            throw new SafetensorsFormatException(
                null, "header_length", $"the header length is {headerLength} bytes but {available - 8} bytes follow it (at most {MaximumHeaderBytes} accepted); the file is truncated or not safetensors.");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var bufferLength = available - 8 - (long)headerLength;
        var (entries, metadata) = ParseHeader(header, bufferLength);

        var tensors = new List<KeyValuePair<string, Tensor>>(entries.Count);
        var dataStart = stream.Position;
        foreach (var entry in entries)
        {
            var values = new float[entry.Count];
            stream.Position = dataStart + entry.Begin;
            ReadLittleEndian(stream, values);
            tensors.Add(new(entry.Name, new Tensor(values, entry.Shape)));
        }

        return new SafetensorsContent(tensors, metadata);
    }

    private static byte[] Header(List<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", Float32);
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                var end = offset + ((long)tensor.Length * sizeof(float));
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset = end;
            }

            writer.WriteEndObject();
        }

        // Pad with spaces so the data start 8-byte aligned, as the reference writer does (readers can then map the file).
        var padded = (int)((json.Length + 7) / 8 * 8);
        var header = new byte[padded];
        json.GetBuffer().AsSpan(0, (int)json.Length).CopyTo(header);
        header.AsSpan((int)json.Length).Fill((byte)' ');
        return header;
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header, long bufferLength)
    {
        // JsonDocument accepts invalid UTF-8 inside strings and fails only when a name is decoded: check it up front.
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw new SafetensorsFormatException(null, "header", "the header is not valid UTF-8; expected UTF-8 JSON.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            throw new SafetensorsFormatException(null, "header", $"the header is not valid JSON ({exception.Message}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException(null, "header", $"the header is a JSON {document.RootElement.ValueKind}; expected an object of tensors.");
            }

            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw new SafetensorsFormatException(property.Name, "header", "the name appears twice; expected unique tensor names.");
                }

                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(property.Name, property.Value, bufferLength));
                }
            }

            RequireExactCover(entries, bufferLength);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(null, MetadataKey, $"it is a JSON {element.ValueKind}; expected an object of strings.");
        }

        foreach (var pair in element.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String || !metadata.TryAdd(pair.Name, pair.Value.GetString()!))
            {
                throw new SafetensorsFormatException(null, MetadataKey, $"key '{pair.Name}' is repeated or its value is a JSON {pair.Value.ValueKind}; expected unique keys with string values.");
            }
        }
    }

    private static Entry ParseEntry(string name, JsonElement element, long bufferLength)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(name, "header", $"the entry is a JSON {element.ValueKind}; expected {{\"dtype\", \"shape\", \"data_offsets\"}}.");
        }

        string? dtype = null;
        int[]? shape = null;
        long[]? offsets = null;
        foreach (var field in element.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtype is null:
                    dtype = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : string.Empty;
                    break;
                case "shape" when shape is null:
                    shape = [.. Integers(name, "shape", field.Value, int.MaxValue).Select(value => (int)value)];
                    break;
                case "data_offsets" when offsets is null:
                    offsets = Integers(name, "data_offsets", field.Value, long.MaxValue);
                    break;
                default:
                    throw new SafetensorsFormatException(name, "header", $"field '{field.Name}' is unknown or repeated; expected dtype, shape and data_offsets once each.");
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            var missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw new SafetensorsFormatException(name, missing, "the field is missing; expected dtype, shape and data_offsets.");
        }

        if (dtype != Float32)
        {
            throw new SafetensorsFormatException(name, "dtype", $"dtype is '{dtype}'; this reader supports {Float32} only.");
        }

        if (offsets.Length != 2 || offsets[0] > offsets[1] || offsets[1] > bufferLength)
        {
            throw new SafetensorsFormatException(
                name, "data_offsets", $"data_offsets are [{string.Join(", ", offsets)}]; expected [begin, end] with begin <= end <= {bufferLength}, the data bytes present.");
        }

        // Each dimension is below 2^31 and the product is compared with a range already bounded by the file: stop at overflow.
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension == 0)
            {
                throw new SafetensorsFormatException(name, "shape", $"shape [{string.Join(", ", shape)}] is empty; expected every dimension to be at least 1.");
            }

            count = count > (bufferLength / sizeof(float)) / dimension ? long.MaxValue : count * dimension;
        }

        if (count == long.MaxValue || count * sizeof(float) != offsets[1] - offsets[0] || count > Array.MaxLength)
        {
            throw new SafetensorsFormatException(
                name, "shape", $"shape [{string.Join(", ", shape)}] of {Float32} does not match data_offsets [{offsets[0]}, {offsets[1]}] ({offsets[1] - offsets[0]} bytes).");
        }

        return new Entry(name, shape, offsets[0], offsets[1], (int)count);
    }

    private static long[] Integers(string tensor, string field, JsonElement element, long maximum)
    {
        // A shape has at most a few dimensions; a long array here is a hostile header, refused before it is copied.
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() > 64)
        {
            throw new SafetensorsFormatException(tensor, field, $"the field is a JSON {element.ValueKind}; expected an array of at most 64 non-negative integers.");
        }

        var values = new long[element.GetArrayLength()];
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value) || value < 0 || value > maximum)
            {
                throw new SafetensorsFormatException(tensor, field, $"element {index} is {item.GetRawText()}; expected an integer from 0 to {maximum}.");
            }

            values[index++] = value;
        }

        return values;
    }

    private static void RequireExactCover(List<Entry> entries, long bufferLength)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long covered = 0;
        string? previous = null;
        foreach (var entry in entries)
        {
            if (entry.Begin < covered)
            {
                throw new SafetensorsFormatException(entry.Name, "data_offsets", $"[{entry.Begin}, {entry.End}] overlaps tensor '{previous}', which ends at {covered}.");
            }

            if (entry.Begin > covered)
            {
                throw new SafetensorsFormatException(entry.Name, "data_offsets", $"[{entry.Begin}, {entry.End}] leaves bytes {covered} to {entry.Begin} unused; expected the tensors to cover the data without holes.");
            }

            covered = entry.End;
            previous = entry.Name;
        }

        if (covered != bufferLength)
        {
            throw new SafetensorsFormatException(previous, "data", $"the tensors cover {covered} data bytes but {bufferLength} follow the header; expected them to cover the data exactly.");
        }
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> bytes = stackalloc byte[sizeof(float)];
        foreach (var value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            stream.Write(bytes);
        }
    }

    private static void ReadLittleEndian(Stream stream, Span<float> values)
    {
        var bytes = MemoryMarshal.AsBytes(values);
        stream.ReadExactly(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float), sizeof(float)));
            }
        }
    }

    private readonly record struct Entry(string Name, int[] Shape, long Begin, long End, int Count);
}
