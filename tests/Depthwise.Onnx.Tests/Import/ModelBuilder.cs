using Depthwise.Onnx.Protos;
using Google.Protobuf;
using AttributeType = Depthwise.Onnx.Protos.AttributeProto.Types.AttributeType;
using DataType = Depthwise.Onnx.Protos.TensorProto.Types.DataType;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>Builds small ONNX models with the protobuf classes, for both our importer and ONNX Runtime.</summary>
internal sealed class ModelBuilder
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly int _opset;

    public ModelBuilder(int opset = 17)
    {
        _opset = opset;
    }

    public ModelBuilder Input(string name, params int[] shape) => Input(name, DataType.Float, shape);

    public ModelBuilder Input(string name, DataType type, int[] shape)
    {
        _graph.Input.Add(Value(name, type, shape));
        return this;
    }

    /// <summary>An input whose dimensions are all symbolic.</summary>
    public ModelBuilder SymbolicInput(string name, int rank)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float, Shape = new TensorShapeProto() };
        for (var i = 0; i < rank; i++)
        {
            tensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = $"d{i}" });
        }

        _graph.Input.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } });
        return this;
    }

    public ModelBuilder Output(string name, DataType type = DataType.Float)
    {
        _graph.Output.Add(Value(name, type, null));
        return this;
    }

    public ModelBuilder Initializer(string name, float[] data, params int[] shape)
    {
        _graph.Initializer.Add(FloatTensor(name, data, shape));
        return this;
    }

    public ModelBuilder Int64Initializer(string name, long[] data, params int[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Int64 };
        tensor.Dims.Add(shape.Select(d => (long)d));
        tensor.Int64Data.Add(data);
        _graph.Initializer.Add(tensor);
        return this;
    }

    public ModelBuilder RawInitializer(TensorProto tensor)
    {
        _graph.Initializer.Add(tensor);
        return this;
    }

    public ModelBuilder Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType.ToLowerInvariant()}_{_graph.Node.Count}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
        return this;
    }

    public ModelProto Model()
    {
        var model = new ModelProto { IrVersion = _opset >= 21 ? 10 : 8, ProducerName = "Depthwise.Onnx.Tests", Graph = _graph.Clone() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = _opset });
        return model;
    }

    public byte[] Build() => Model().ToByteArray();

    public static TensorProto FloatTensor(string name, float[] data, int[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
        tensor.Dims.Add(shape.Select(d => (long)d));
        var bytes = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }

    private static ValueInfoProto Value(string name, DataType type, int[]? shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type };
        if (shape is not null)
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (var dimension in shape)
            {
                tensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dimension });
            }
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
