using Depthwise.Onnx.Protos;
using Google.Protobuf;

namespace Depthwise.Onnx.Export;

/// <summary>Small constructors for the ONNX protobuf messages every exporter writes: attributes, float initializers, typed values.</summary>
internal static class OnnxProto
{
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A float32 tensor stored as little-endian raw data.</summary>
    public static TensorProto FloatTensor(string name, ReadOnlySpan<float> values, ReadOnlySpan<int> shape)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; writing it on a big-endian machine is not supported.");
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (var dimension in shape)
        {
            tensor.Dims.Add(dimension);
        }

        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        return tensor;
    }

    /// <summary>A float32 graph input or output; a dimension given as <paramref name="symbolicBatch"/> is left symbolic.</summary>
    public static ValueInfoProto TensorValue(string name, ReadOnlySpan<int> shape, string? symbolicBatch = null)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        for (var i = 0; i < shape.Length; i++)
        {
            tensorType.Shape.Dim.Add(i == 0 && symbolicBatch is not null
                ? new TensorShapeProto.Types.Dimension { DimParam = symbolicBatch }
                : new TensorShapeProto.Types.Dimension { DimValue = shape[i] });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
