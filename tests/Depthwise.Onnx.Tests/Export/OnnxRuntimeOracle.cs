using Depthwise.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Depthwise.Onnx.Tests.Export;

/// <summary>Runs an ONNX model in ONNX Runtime: the independent engine our forward pass is checked against.</summary>
internal static class OnnxRuntimeOracle
{
    public static float[] Run(byte[] model, Tensor input, string inputName = "input", string outputName = "output")
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var runOptions = new RunOptions();
        using var value = OrtValue.CreateTensorValueFromMemory(input.Span.ToArray(), Array.ConvertAll(input.ShapeArray(), dimension => (long)dimension));
        using var outputs = session.Run(runOptions, [inputName], [value], [outputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
