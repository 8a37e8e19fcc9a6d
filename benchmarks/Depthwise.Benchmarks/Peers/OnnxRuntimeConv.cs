using Depthwise.Onnx.Export;
using Microsoft.ML.OnnxRuntime;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// ONNX Runtime running the same single Conv node: ORT_ENABLE_ALL (its NCHWc fast path exists only there), the same
/// intra-op thread count, sequential execution, input and output bound once to pre-allocated buffers.
/// </summary>
internal sealed class OnnxRuntimeConv : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    public OnnxRuntimeConv(PeerCase peerCase, float[] input, float[] weights, float[] output, int threads)
    {
        var geometry = peerCase.Geometry;
        var model = OnnxConvModel.Create(peerCase.Batch, peerCase.Channels, peerCase.Height, peerCase.Width, weights, peerCase.WeightShape, bias: null, peerCase.Groups, geometry);
        _options = OnnxRuntimeModel.CreateOptions(threads);
        _session = new InferenceSession(model, _options);
        _input = OrtValue.CreateTensorValueFromMemory(input, [peerCase.Batch, peerCase.Channels, peerCase.Height, peerCase.Width]);
        _output = OrtValue.CreateTensorValueFromMemory(output, [peerCase.Batch, peerCase.WeightShape[0], geometry.OutputHeight, geometry.OutputWidth]);
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
}
