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
        node.Attribute.Add(OnnxProto.Ints("kernel_shape", geometry.Kernel.Height, geometry.Kernel.Width));
        node.Attribute.Add(OnnxProto.Ints("strides", geometry.Stride.Height, geometry.Stride.Width));
        node.Attribute.Add(OnnxProto.Ints("dilations", geometry.Dilation.Height, geometry.Dilation.Width));
        // ONNX pads are [top, left, bottom, right] (all begins, then all ends).
        node.Attribute.Add(OnnxProto.Ints("pads", geometry.PadTop, geometry.PadLeft, geometry.PadBottom, geometry.PadRight));
        node.Attribute.Add(OnnxProto.Int("group", groups));

        var graph = new GraphProto { Name = "single_conv" };
        graph.Node.Add(node);
        graph.Initializer.Add(OnnxProto.FloatTensor("W", weights, weightShape));
        if (bias is not null)
        {
            graph.Initializer.Add(OnnxProto.FloatTensor("B", bias, [bias.Length]));
        }

        graph.Input.Add(OnnxProto.TensorValue("x", [batch, inputChannels, height, width]));
        graph.Output.Add(OnnxProto.TensorValue("y", [batch, weightShape[0], geometry.OutputHeight, geometry.OutputWidth]));

        var model = new ModelProto { IrVersion = 8, ProducerName = "Depthwise", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        return model.ToByteArray();
    }
}
