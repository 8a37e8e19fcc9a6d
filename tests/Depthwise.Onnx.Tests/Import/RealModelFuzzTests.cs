using Depthwise.Models;
using Depthwise.Onnx.Export;
using Depthwise.Onnx.Import;
using DwTensor = Depthwise.Tensors.Tensor;

namespace Depthwise.Onnx.Tests.Import;

/// <summary>
/// Mutations of real files — our exported MobileNetV3-Small and PaddleOCR's classifier — load and run into our two
/// documented exceptions or succeed. The benchmarks project's <c>fuzz</c> command runs the same idea for as long as asked.
/// </summary>
public sealed class RealModelFuzzTests
{
    private static void AssertOnlyDocumentedOutcomes(byte[] seed, Dictionary<string, DwTensor> inputs, int cases, int randomSeed)
    {
        var random = new Random(randomSeed);
        var options = new OnnxModelOptions { Threads = 1 };
        for (var trial = 0; trial < cases; trial++)
        {
            var mutated = trial % 3 == 0 ? seed[..random.Next(seed.Length)] : FlipBits(seed, random);
            try
            {
                OnnxModel.Load(mutated, options).Run(inputs);
            }
            catch (OnnxFormatException)
            {
            }
            catch (OnnxModelException)
            {
            }
        }
    }

    private static byte[] FlipBits(byte[] bytes, Random random)
    {
        var mutated = (byte[])bytes.Clone();
        for (var flips = random.Next(1, 6); flips > 0; flips--)
        {
            mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
        }

        return mutated;
    }

    [Fact]
    public void Mutated_exported_mobilenet_v3_small_fails_cleanly_or_runs()
    {
        var network = MobileNetV3.CreateSmall(new MobileNetOptions { Width = 0.35, Classes = 10, Seed = 3 }).Eval();
        var bytes = OnnxExporter.ExportBytes(network, [1, 3, 32, 32]);
        var input = new DwTensor([.. Enumerable.Range(0, 3 * 32 * 32).Select(i => (i % 13) * 0.1f)], [1, 3, 32, 32]);
        var inputs = new Dictionary<string, DwTensor> { [OnnxModel.Load(bytes).Inputs[0].Name] = input };
        AssertOnlyDocumentedOutcomes(bytes, inputs, cases: 1500, randomSeed: 11);
    }

    [Fact]
    public void Mutated_paddleocr_classifier_fails_cleanly_or_runs()
    {
        var bytes = File.ReadAllBytes(RealModels.Cls);
        var inputs = new Dictionary<string, DwTensor>
        {
            [OnnxModel.Load(bytes).Inputs[0].Name] = TextImage.Create(48, 192, seed: 5, normalizeMean: 0.5f, normalizeStd: 0.5f),
        };
        AssertOnlyDocumentedOutcomes(bytes, inputs, cases: 500, randomSeed: 12);
    }
}
