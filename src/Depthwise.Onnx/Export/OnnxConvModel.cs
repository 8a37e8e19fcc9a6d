using Depthwise.Geometry;
using Depthwise.Onnx.Protos;
using Google.Protobuf;

namespace Depthwise.Onnx.Export;

/// <summary>
/// Writes a one-node ONNX model, <c>y = Conv(x, W[, B])</c>, with constant weights as initializers — the form a peer engine
/// needs to run the same convolution we do (ONNX Runtime only takes its blocked fast path for constant weights).
/// </summary>
internal static class OnnxConvModel
{
    /// <summary>The default-domain operator set the model declares.</summary>
    public const int OpsetVersion = 17;

    // x (N, Cin, H, W), W (Cout, Cin/groups, kH, kW), B (Cout) → y (N, Cout, Ho, Wo)
    public static byte[] Create(int batch, int inputChannels, int height, int width, float[] weights, int[] weightShape, float[]? bias, int groups, ConvGeometry geometry)
    {
        var node = new NodeProto { OpType = "Conv", Name = "conv" };
        node.Input.Add("x");
        node.Input.Add("W");
        if (bias is not null)
        {
            node.Input.Add("B");
        }

        node.Output.Add("y");
        node.Attribute.Add(Ints("kernel_shape", geometry.Kernel.Height, geometry.Kernel.Width));
        node.Attribute.Add(Ints("strides", geometry.Stride.Height, geometry.Stride.Width));
        node.Attribute.Add(Ints("dilations", geometry.Dilation.Height, geometry.Dilation.Width));
        // ONNX pads are [top, left, bottom, right] (all begins, then all ends).
        node.Attribute.Add(Ints("pads", geometry.PadTop, geometry.PadLeft, geometry.PadBottom, geometry.PadRight));
        node.Attribute.Add(new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = groups });

        var graph = new GraphProto { Name = "single_conv" };
        graph.Node.Add(node);
        graph.Initializer.Add(FloatTensor("W", weights, weightShape));
        if (bias is not null)
        {
            graph.Initializer.Add(FloatTensor("B", bias, [bias.Length]));
        }

        graph.Input.Add(TensorValue("x", batch, inputChannels, height, width));
        graph.Output.Add(TensorValue("y", batch, weightShape[0], geometry.OutputHeight, geometry.OutputWidth));

        var model = new ModelProto { IrVersion = 8, ProducerName = "Depthwise", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        return model.ToByteArray();
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private static TensorProto FloatTensor(string name, float[] values, int[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (var dimension in shape)
        {
            tensor.Dims.Add(dimension);
        }

        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; writing it on a big-endian machine is not supported.");
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }

    private static ValueInfoProto TensorValue(string name, params int[] shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (var dimension in shape)
        {
            tensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dimension });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
