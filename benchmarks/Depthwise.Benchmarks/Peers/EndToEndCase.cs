using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Onnx.Export;
using Depthwise.Tensors;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// One whole network timed against ONNX Runtime: the serialized model both engines load and the input both run on.
/// The input's name is the model's only input.
/// </summary>
internal sealed record EndToEndCase(string Name, byte[] Model, string InputName, Tensor Input)
{
    /// <summary>Where scripts/fetch-test-models.sh unpacks the PaddleOCR models (relative to the repository root).</summary>
    private const string ModelFolder = ".cache/test-models/ocr-models-1.4.2/package/assets";

    /// <summary>MobileNetV2-1.0-224 (our export) and, when fetched, PP-OCRv4 det at 640×640; batch 1.</summary>
    public static IEnumerable<EndToEndCase> Default()
    {
        yield return MobileNetV2();
        if (FindModel("ch_PP-OCRv4_det_infer.onnx") is { } det)
        {
            yield return new EndToEndCase("e2e PP-OCRv4 det 640²", File.ReadAllBytes(det), "x", TextLikeImage(640, 640, seed: 7));
        }
        else
        {
            Console.Error.WriteLine($"e2e PP-OCRv4 det skipped: {ModelFolder} not found; run scripts/fetch-test-models.sh");
        }
    }

    // Random weights and BatchNorm statistics away from the identity, so the folded weights are not trivial.
    private static EndToEndCase MobileNetV2()
    {
        var model = ModelCatalog.Create(ModelCatalog.MobileNetV2Name, new MobileNetOptions { Width = 1.0, Classes = 1000, Seed = 11 });
        var random = new Random(12);
        foreach (var (_, module) in model.NamedModules())
        {
            if (module is BatchNorm2d normalization)
            {
                Initialization.Uniform(normalization.Weight!.Value, random, 0.5, 1.5);
                Initialization.Uniform(normalization.Bias!.Value, random, -0.3, 0.3);
                Initialization.Uniform(normalization.RunningMean, random, -0.3, 0.3);
                Initialization.Uniform(normalization.RunningVariance, random, 0.5, 2.0);
            }
        }

        model.Eval();
        var input = new Tensor([1, 3, 224, 224]);
        Initialization.Uniform(input, new Random(13), -1, 1);
        var bytes = OnnxExporter.ExportBytes(model, input.Shape, new OnnxExportOptions { DynamicBatch = false });
        return new EndToEndCase("e2e MobileNetV2-1.0 224²", bytes, OnnxExportOptions.Default.InputName, input);
    }

    // Dark letter-like strokes in lines on a light, slightly noisy page, normalized as PaddleOCR's det feeds its model:
    // on noise the detector's output is ~0 everywhere and its later layers see unrealistic values.
    private static Tensor TextLikeImage(int height, int width, int seed)
    {
        var random = new Random(seed);
        var page = new float[height * width];
        for (var i = 0; i < page.Length; i++)
        {
            page[i] = 0.9f + (0.06f * (float)random.NextDouble());
        }

        const int lineHeight = 40;
        for (var top = 8; top + lineHeight < height; top += lineHeight + 12)
        {
            for (var left = 10 + random.Next(30); left + 24 < width; left += 20 + random.Next(12))
            {
                var strokes = 2 + random.Next(3);
                for (var s = 0; s < strokes; s++)
                {
                    var vertical = random.Next(2) == 0;
                    var (strokeHeight, strokeWidth) = vertical ? (20 + random.Next(12), 3) : (3, 8 + random.Next(10));
                    var y = top + random.Next(lineHeight - strokeHeight);
                    var x = left + random.Next(Math.Max(1, 20 - strokeWidth));
                    for (var row = y; row < y + strokeHeight; row++)
                    {
                        page.AsSpan((row * width) + x, Math.Min(strokeWidth, width - x)).Fill(0.08f);
                    }
                }
            }
        }

        var image = new Tensor([1, 3, height, width]);
        for (var channel = 0; channel < 3; channel++)
        {
            for (var i = 0; i < page.Length; i++)
            {
                image.Span[(channel * page.Length) + i] = (page[i] - 0.45f) / 0.225f;
            }
        }

        return image;
    }

    private static string? FindModel(string fileName)
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, ModelFolder, fileName);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
