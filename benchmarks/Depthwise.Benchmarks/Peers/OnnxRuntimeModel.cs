using Microsoft.ML.OnnxRuntime;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// ONNX Runtime running a whole model: ORT_ENABLE_ALL, the given intra-op threads, sequential execution, the input and
/// the first output bound once to pre-allocated buffers (the output's shape from one unbound run).
/// </summary>
internal sealed class OnnxRuntimeModel : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    public OnnxRuntimeModel(byte[] model, string inputName, float[] input, long[] inputShape, int threads)
    {
        _options = CreateOptions(threads);
        _session = new InferenceSession(model, _options);
        _input = OrtValue.CreateTensorValueFromMemory(input, inputShape);
        OutputName = _session.OutputNames[0];
        using (var results = _session.Run(_runOptions, [inputName], [_input], [OutputName]))
        {
            var shape = results[0].GetTensorTypeAndShape().Shape;
            Output = new float[shape.Aggregate(1L, (product, dimension) => product * dimension)];
            _output = OrtValue.CreateTensorValueFromMemory(Output, shape);
        }

        _binding = _session.CreateIoBinding();
        _binding.BindInput(inputName, _input);
        _binding.BindOutput(OutputName, _output);
    }

    /// <summary>The session settings every peer model runs with: ORT_ENABLE_ALL, sequential, the given intra-op threads.</summary>
    public static SessionOptions CreateOptions(int threads) => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
    };

    public string OutputName { get; }

    /// <summary>The first output, written by every <see cref="Run"/>.</summary>
    public float[] Output { get; }

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
