using Depthwise.Onnx.Export;
using Depthwise.Onnx.Protos;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// ONNX Runtime running the same block as a three-node model, Conv (depthwise, group = C) → Clip(0, 6) → Conv (1×1),
/// with the session settings of <see cref="OnnxRuntimeConv"/>: ORT_ENABLE_ALL (which fuses the Clip into the first Conv),
/// the same intra-op thread count, sequential execution, input and output bound once.
/// </summary>
internal sealed class OnnxRuntimeSeparable : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    public OnnxRuntimeSeparable(SeparableCase separableCase, float[] input, SeparableWeights weights, float[] output, int threads)
    {
        var geometry = separableCase.Geometry;
        _options = OnnxRuntimeModel.CreateOptions(threads);
        _session = new InferenceSession(Model(separableCase, weights), _options);
        _input = OrtValue.CreateTensorValueFromMemory(input, [separableCase.Batch, separableCase.Channels, separableCase.Size, separableCase.Size]);
        _output = OrtValue.CreateTensorValueFromMemory(output, [separableCase.Batch, separableCase.OutChannels, geometry.OutputHeight, geometry.OutputWidth]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("x", _input);
        _binding.BindOutput("y", _output);
    }

    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _options.Dispose();
    }

    // x (N, C, H, W) → Conv(Wd, Bd, group C) → Clip(0, 6) → Conv(Wp, Bp) → y (N, Cout, Ho, Wo)
    private static byte[] Model(SeparableCase separableCase, SeparableWeights weights)
    {
        var geometry = separableCase.Geometry;
        var channels = separableCase.Channels;
        var depthwise = Node("Conv", "depthwise", ["x", "Wd", "Bd"], "d");
        depthwise.Attribute.Add(OnnxProto.Ints("kernel_shape", SeparableCase.Kernel, SeparableCase.Kernel));
        depthwise.Attribute.Add(OnnxProto.Ints("strides", separableCase.Stride, separableCase.Stride));
        depthwise.Attribute.Add(OnnxProto.Ints("pads", geometry.PadTop, geometry.PadLeft, geometry.PadBottom, geometry.PadRight));
        depthwise.Attribute.Add(OnnxProto.Int("group", channels));
        var clip = Node("Clip", "relu6", ["d", "low", "high"], "a");
        var pointwise = Node("Conv", "pointwise", ["a", "Wp", "Bp"], "y");
        pointwise.Attribute.Add(OnnxProto.Ints("kernel_shape", 1, 1));

        var graph = new GraphProto { Name = "separable_block" };
        graph.Node.Add([depthwise, clip, pointwise]);
        graph.Initializer.Add(OnnxProto.FloatTensor("Wd", weights.Depthwise, [channels, 1, SeparableCase.Kernel, SeparableCase.Kernel]));
        graph.Initializer.Add(OnnxProto.FloatTensor("Bd", weights.DepthwiseBias, [channels]));
        graph.Initializer.Add(OnnxProto.FloatTensor("low", [0f], []));
        graph.Initializer.Add(OnnxProto.FloatTensor("high", [6f], []));
        graph.Initializer.Add(OnnxProto.FloatTensor("Wp", weights.Pointwise, [separableCase.OutChannels, channels, 1, 1]));
        graph.Initializer.Add(OnnxProto.FloatTensor("Bp", weights.PointwiseBias, [separableCase.OutChannels]));
        graph.Input.Add(OnnxProto.TensorValue("x", [separableCase.Batch, channels, separableCase.Size, separableCase.Size]));
        graph.Output.Add(OnnxProto.TensorValue("y", [separableCase.Batch, separableCase.OutChannels, geometry.OutputHeight, geometry.OutputWidth]));

        var model = new ModelProto { IrVersion = 8, ProducerName = "Depthwise", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxConvModel.OpsetVersion });
        return model.ToByteArray();
    }

    private static NodeProto Node(string opType, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }
}
