using Depthwise.Onnx.Import;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>Runs a model in ONNX Runtime and in our importer and compares every output.</summary>
internal static class OrtOracle
{
    public static Dictionary<string, (float[] Data, int[] Shape)> RunOrt(byte[] model, IReadOnlyDictionary<string, DwTensor> inputs)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        return Run(session, inputs);
    }

    public static Dictionary<string, (float[] Data, int[] Shape)> RunOrt(string path, IReadOnlyDictionary<string, DwTensor> inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(path, options);
        return Run(session, inputs);
    }

    private static Dictionary<string, (float[] Data, int[] Shape)> Run(InferenceSession session, IReadOnlyDictionary<string, DwTensor> inputs)
    {
        var values = inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Key, new DenseTensor<float>(i.Value.Span.ToArray(), i.Value.ShapeArray()))).ToList();
        using var results = session.Run(values);
        var outputs = new Dictionary<string, (float[], int[])>();
        foreach (var result in results)
        {
            outputs[result.Name] = result.Value switch
            {
                Tensor<float> f => (f.ToArray(), f.Dimensions.ToArray()),
                Tensor<long> l => (l.ToArray().Select(v => (float)v).ToArray(), l.Dimensions.ToArray()),
                _ => throw new InvalidOperationException($"unexpected ORT output type for {result.Name}"),
            };
        }

        return outputs;
    }

    /// <summary>Max |ours − ORT| over all outputs, relative to max(1, max |ORT|); asserts shapes agree.</summary>
    public static double Compare(IReadOnlyDictionary<string, DwTensor> ours, Dictionary<string, (float[] Data, int[] Shape)> reference)
    {
        Assert.Equal(reference.Keys.Order(), ours.Keys.Order());
        var worst = 0.0;
        foreach (var (name, (data, shape)) in reference)
        {
            var mine = ours[name];
            Assert.Equal(shape, mine.ShapeArray());
            var scale = Math.Max(1.0, data.Length == 0 ? 0 : data.Max(v => Math.Abs((double)v)));
            var span = mine.Span;
            for (var i = 0; i < data.Length; i++)
            {
                var difference = Math.Abs(span[i] - (double)data[i]);
                if (double.IsNaN(difference))
                {
                    Assert.Fail($"output {name}[{i}]: ours {span[i]}, ORT {data[i]}");
                }

                worst = Math.Max(worst, difference / scale);
            }
        }

        return worst;
    }

    /// <summary>Builds random inputs for every model input from explicit shapes, runs both engines, asserts agreement.</summary>
    public static void AssertAgrees(byte[] model, IReadOnlyDictionary<string, int[]> inputShapes, int seed = 1, OnnxModelOptions? options = null, double tolerance = 1e-4)
    {
        var random = new Random(seed);
        var inputs = inputShapes.ToDictionary(
            i => i.Key,
            i => new DwTensor([.. Enumerable.Range(0, i.Value.Aggregate(1, (p, d) => p * d)).Select(_ => (float)((random.NextDouble() * 4) - 2))], i.Value));
        var reference = RunOrt(model, inputs);
        var ours = OnnxModel.Load(model, options).Run(inputs);
        var worst = Compare(ours, reference);
        Assert.True(worst <= tolerance, $"max relative difference {worst:E2} exceeds {tolerance:E0}");
    }
}
