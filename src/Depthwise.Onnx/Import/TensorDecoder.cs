using System.Buffers.Binary;
using System.Globalization;
using Depthwise.Onnx.Protos;
using DataType = Depthwise.Onnx.Protos.TensorProto.Types.DataType;

namespace Depthwise.Onnx.Import;

/// <summary>
/// Turns a <see cref="TensorProto"/> (initializer or Constant attribute) into an <see cref="OnnxValue"/>. Every declared size
/// is checked against the bytes actually present before anything is allocated; external data must live inside the
/// model's folder and within its file.
/// </summary>
internal static class TensorDecoder
{
    // what: "initializer 'W'" or "node Constant 'c' attribute value", used in every message.
    public static OnnxValue Decode(TensorProto tensor, string what, string? baseDirectory)
    {
        var shape = new int[tensor.Dims.Count];
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            var dimension = tensor.Dims[i];
            if (dimension < 0 || dimension > OnnxValue.MaximumElements)
            {
                throw new OnnxFormatException($"{what}: dims[{i}] is {dimension}; expected 0 to {OnnxValue.MaximumElements}.");
            }

            shape[i] = (int)dimension;
            count *= dimension;
            if (count > OnnxValue.MaximumElements)
            {
                throw new OnnxFormatException($"{what}: dims {Dims(tensor)} declare more than {OnnxValue.MaximumElements} elements.");
            }
        }

        var type = (DataType)tensor.DataType;
        var size = ElementSize(type, what);
        var elements = (int)count;
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            var bytes = ReadExternal(tensor, what, baseDirectory, (long)elements * size);
            return FromBytes(bytes, type, shape, elements, what);
        }

        if (!tensor.RawData.IsEmpty)
        {
            if (tensor.RawData.Length != (long)elements * size)
            {
                throw new OnnxFormatException(
                    $"{what}: raw_data has {tensor.RawData.Length} bytes but dims {Dims(tensor)} of {type} need {(long)elements * size}.");
            }

            return FromBytes(tensor.RawData.Span, type, shape, elements, what);
        }

        return FromTypedFields(tensor, type, shape, elements, what);
    }

    public static int ElementSize(DataType type, string what) => type switch
    {
        DataType.Float or DataType.Int32 or DataType.Uint32 => 4,
        DataType.Int64 or DataType.Uint64 or DataType.Double => 8,
        DataType.Int8 or DataType.Uint8 or DataType.Bool => 1,
        DataType.Int16 or DataType.Uint16 or DataType.Float16 => 2,
        _ => throw new OnnxModelException($"{what}: element type {type} is not supported; expected a float or integer type."),
    };

    public static bool IsFloatType(DataType type) => type is DataType.Float or DataType.Double or DataType.Float16;

    private static OnnxValue FromBytes(ReadOnlySpan<byte> bytes, DataType type, int[] shape, int count, string what)
    {
        if (IsFloatType(type))
        {
            var floats = new float[count];
            for (var i = 0; i < count; i++)
            {
                floats[i] = type switch
                {
                    DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]),
                    DataType.Double => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]),
                    _ => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]),
                };
            }

            return OnnxValue.FromFloats(floats, shape);
        }

        var longs = new long[count];
        for (var i = 0; i < count; i++)
        {
            longs[i] = type switch
            {
                DataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
                DataType.Uint64 => (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]),
                DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
                DataType.Uint32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]),
                DataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]),
                DataType.Uint16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]),
                DataType.Int8 => (sbyte)bytes[i],
                DataType.Uint8 => bytes[i],
                DataType.Bool => bytes[i] != 0 ? 1 : 0,
                _ => throw new OnnxModelException($"{what}: element type {type} is not supported."),
            };
        }

        return OnnxValue.FromLongs(longs, shape);
    }

    private static OnnxValue FromTypedFields(TensorProto tensor, DataType type, int[] shape, int count, string what)
    {
        switch (type)
        {
            case DataType.Float:
                RequireCount(tensor.FloatData.Count, count, "float_data", tensor, what);
                return OnnxValue.FromFloats([.. tensor.FloatData], shape);
            case DataType.Double:
                RequireCount(tensor.DoubleData.Count, count, "double_data", tensor, what);
                return OnnxValue.FromFloats([.. tensor.DoubleData.Select(d => (float)d)], shape);
            case DataType.Int64:
                RequireCount(tensor.Int64Data.Count, count, "int64_data", tensor, what);
                return OnnxValue.FromLongs([.. tensor.Int64Data], shape);
            case DataType.Uint32 or DataType.Uint64:
                RequireCount(tensor.Uint64Data.Count, count, "uint64_data", tensor, what);
                return OnnxValue.FromLongs([.. tensor.Uint64Data.Select(u => (long)u)], shape);
            case DataType.Float16:
                RequireCount(tensor.Int32Data.Count, count, "int32_data", tensor, what);
                return OnnxValue.FromFloats([.. tensor.Int32Data.Select(bits => (float)BitConverter.UInt16BitsToHalf((ushort)bits))], shape);
            default:
                RequireCount(tensor.Int32Data.Count, count, "int32_data", tensor, what);
                return OnnxValue.FromLongs([.. tensor.Int32Data.Select(v => type == DataType.Bool ? (v != 0 ? 1L : 0L) : v)], shape);
        }
    }

    private static void RequireCount(int actual, int expected, string field, TensorProto tensor, string what)
    {
        if (actual != expected)
        {
            throw new OnnxFormatException($"{what}: {field} has {actual} values but dims {Dims(tensor)} need {expected}.");
        }
    }

    private static byte[] ReadExternal(TensorProto tensor, string what, string? baseDirectory, long expectedBytes)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (var entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case "location": location = entry.Value; break;
                case "offset": offset = ParseNonNegative(entry.Value, "offset", what); break;
                case "length": length = ParseNonNegative(entry.Value, "length", what); break;
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw new OnnxFormatException($"{what}: external_data has no 'location'.");
        }

        if (baseDirectory is null)
        {
            throw new OnnxFormatException($"{what}: data is in external file '{location}', but the model was loaded from memory; load it from a path.");
        }

        var path = ResolveInside(baseDirectory, location, what);
        if (length is { } declared && declared != expectedBytes)
        {
            throw new OnnxFormatException($"{what}: external_data length is {declared} bytes but dims {Dims(tensor)} need {expectedBytes}.");
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (offset > file.Length || expectedBytes > file.Length - offset)
            {
                throw new OnnxFormatException(
                    $"{what}: external_data range [{offset}, {offset + expectedBytes}) lies past the end of '{location}' ({file.Length} bytes).");
            }

            var bytes = new byte[expectedBytes];
            file.Position = offset;
            file.ReadExactly(bytes);
            return bytes;
        }
        catch (IOException exception)
        {
            throw new OnnxFormatException($"{what}: cannot read external data file '{location}': {exception.Message}", exception);
        }
    }

    // The location is relative to the model's folder and must stay inside it: no rooted paths, no '..' segments.
    private static string ResolveInside(string baseDirectory, string location, string what)
    {
        var segments = location.Split('/', '\\');
        if (Path.IsPathRooted(location) || location.Contains(':', StringComparison.Ordinal) || segments.Any(s => s == ".."))
        {
            throw new OnnxFormatException($"{what}: external_data location '{location}' must be a relative path inside the model's folder (no absolute paths, no '..').");
        }

        var root = Path.GetFullPath(baseDirectory);
        var full = Path.GetFullPath(Path.Combine(root, location));
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new OnnxFormatException($"{what}: external_data location '{location}' resolves outside the model's folder.");
        }

        return full;
    }

    private static long ParseNonNegative(string text, string key, string what)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new OnnxFormatException($"{what}: external_data '{key}' is '{text}'; expected a non-negative integer.");
        }

        return value;
    }

    private static string Dims(TensorProto tensor) => "(" + string.Join(", ", tensor.Dims) + ")";
}
