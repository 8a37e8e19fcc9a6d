using Depthwise.Onnx.Import;
using Xunit.Abstractions;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>The PaddleOCR cls, det and rec models (MobileNetV3 / PP-LCNet backbones) against ONNX Runtime.</summary>
public sealed class RealModelTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Cls_agrees_with_onnx_runtime() => AssertAgrees(RealModels.Cls, TextImage.Create(48, 192, seed: 1, normalizeMean: 0.5f, normalizeStd: 0.5f));

    [Fact]
    public void Det_agrees_with_onnx_runtime_on_a_text_like_image()
    {
        var image = TextImage.Create(160, 256, seed: 2, normalizeMean: 0.45f, normalizeStd: 0.225f);
        var (ours, reference) = AssertAgrees(RealModels.Det, image);

        // A probability map that is ~0 everywhere would compare nothing: the strokes must light it up.
        var map = reference.Values.Single().Data;
        Assert.True(map.Max() > 0.5f, $"det output max is {map.Max()}; expected text regions above 0.5");
        Assert.True(map.Count(v => v > 0.3f) > 100, "det output should mark a real area as text");
        Assert.NotNull(ours);
    }

    [Fact]
    public void Rec_agrees_with_onnx_runtime() => AssertAgrees(RealModels.Rec, TextImage.Create(48, 320, seed: 3, normalizeMean: 0.5f, normalizeStd: 0.5f));

    [Fact]
    public void Cls_runs_concurrently_with_identical_outputs()
    {
        var model = OnnxModel.Load(RealModels.Cls);
        var input = new Dictionary<string, DwTensor> { [model.Inputs[0].Name] = TextImage.Create(48, 192, seed: 4, normalizeMean: 0.5f, normalizeStd: 0.5f) };
        var expected = model.Run(input).Values.Single().Span.ToArray();
        var results = new float[4][];
        Parallel.For(0, results.Length, i => results[i] = model.Run(input).Values.Single().Span.ToArray());
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private (IReadOnlyDictionary<string, DwTensor> Ours, Dictionary<string, (float[] Data, int[] Shape)> Reference) AssertAgrees(string path, DwTensor image)
    {
        var model = OnnxModel.Load(path);
        output.WriteLine($"{Path.GetFileName(path)}: opset {model.Opset}, inputs {string.Join("; ", model.Inputs)}, outputs {string.Join("; ", model.Outputs)}");
        output.WriteLine("ops after passes: " + string.Join(", ", model.OperatorCounts.Select(c => $"{c.Key} {c.Value}")));
        var inputs = new Dictionary<string, DwTensor> { [model.Inputs[0].Name] = image };
        var ours = model.Run(inputs);
        var reference = OrtOracle.RunOrt(path, inputs);
        var worst = OrtOracle.Compare(ours, reference);
        var unoptimized = OrtOracle.Compare(OnnxModel.Load(path, new OnnxModelOptions { Optimize = false }).Run(inputs), reference);
        output.WriteLine($"max |ours - ORT| / max(1, max|ORT|): {worst:E2} with passes, {unoptimized:E2} without");
        Assert.True(worst <= Tolerance, $"with passes: {worst:E2} > {Tolerance:E0}");
        Assert.True(unoptimized <= Tolerance, $"without passes: {unoptimized:E2} > {Tolerance:E0}");
        return (ours, reference);
    }
}
