namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// The layer shapes of real networks at 224×224 input, width 1.0: every distinct depthwise layer of MobileNet V1/V2/V3
/// (the set XNNPACK's dwconv benchmark uses) and their pointwise layers; PaddleOCR-style recognition layers with 5×5
/// kernels and stride (2,1); a batch-8 layer timed with its data beyond the last-level cache; and the cases only the
/// generic body serves, on the layer the specialised 3×3 stride-1 body is timed on.
/// </summary>
internal static class BenchSuites
{
    public static IReadOnlyList<string> Names { get; } = ["mobilenet-v1", "mobilenet-v2", "mobilenet-v3", "ocr", "generic", "all"];

    /// <summary>Suite of <see cref="Generic"/>; its first layer is the specialised 3×3 stride-1 body the others are held against.</summary>
    public const string GenericSuite = "generic";

    public static IReadOnlyList<BenchLayer> Get(string suite) => suite switch
    {
        "mobilenet-v1" => MobileNetV1,
        "mobilenet-v2" => MobileNetV2,
        "mobilenet-v3" => MobileNetV3,
        "ocr" => Ocr,
        GenericSuite => Generic,
        "all" => [.. MobileNetV1, .. MobileNetV2, .. MobileNetV3, .. Ocr, .. Generic],
        _ => throw new ArgumentException($"--suite '{suite}' is not valid: expected one of {string.Join(", ", Names)}.", nameof(suite)),
    };

    // (input size, channels, stride) of each 3×3 depthwise layer; pointwise (size, in → out).
    private static readonly BenchLayer[] MobileNetV1 =
    [
        Depthwise("mobilenet-v1", 112, 32, 3, 1), Depthwise("mobilenet-v1", 112, 64, 3, 2), Depthwise("mobilenet-v1", 56, 128, 3, 1),
        Depthwise("mobilenet-v1", 56, 128, 3, 2), Depthwise("mobilenet-v1", 28, 256, 3, 1), Depthwise("mobilenet-v1", 28, 256, 3, 2),
        Depthwise("mobilenet-v1", 14, 512, 3, 1), Depthwise("mobilenet-v1", 14, 512, 3, 2), Depthwise("mobilenet-v1", 7, 1024, 3, 1),
        Pointwise("mobilenet-v1", 112, 32, 64), Pointwise("mobilenet-v1", 56, 64, 128), Pointwise("mobilenet-v1", 56, 128, 128),
        Pointwise("mobilenet-v1", 28, 128, 256), Pointwise("mobilenet-v1", 28, 256, 256), Pointwise("mobilenet-v1", 14, 256, 512),
        Pointwise("mobilenet-v1", 14, 512, 512), Pointwise("mobilenet-v1", 7, 512, 1024), Pointwise("mobilenet-v1", 7, 1024, 1024),
    ];

    private static readonly BenchLayer[] MobileNetV2 =
    [
        Depthwise("mobilenet-v2", 112, 32, 3, 1), Depthwise("mobilenet-v2", 112, 96, 3, 2), Depthwise("mobilenet-v2", 56, 144, 3, 1),
        Depthwise("mobilenet-v2", 56, 144, 3, 2), Depthwise("mobilenet-v2", 28, 192, 3, 1), Depthwise("mobilenet-v2", 28, 192, 3, 2),
        Depthwise("mobilenet-v2", 14, 384, 3, 1), Depthwise("mobilenet-v2", 14, 576, 3, 1), Depthwise("mobilenet-v2", 14, 576, 3, 2),
        Depthwise("mobilenet-v2", 7, 960, 3, 1),
        Depthwise("mobilenet-v2", 56, 144, 3, 1) with { Batch = 8, BeyondLastLevelCache = true },
        Pointwise("mobilenet-v2", 112, 32, 16), Pointwise("mobilenet-v2", 112, 16, 96), Pointwise("mobilenet-v2", 56, 96, 24),
        Pointwise("mobilenet-v2", 56, 24, 144), Pointwise("mobilenet-v2", 56, 144, 24), Pointwise("mobilenet-v2", 28, 144, 32),
        Pointwise("mobilenet-v2", 28, 32, 192), Pointwise("mobilenet-v2", 28, 192, 32), Pointwise("mobilenet-v2", 14, 192, 64),
        Pointwise("mobilenet-v2", 14, 64, 384), Pointwise("mobilenet-v2", 14, 384, 64), Pointwise("mobilenet-v2", 14, 384, 96),
        Pointwise("mobilenet-v2", 14, 96, 576), Pointwise("mobilenet-v2", 14, 576, 96), Pointwise("mobilenet-v2", 7, 576, 160),
        Pointwise("mobilenet-v2", 7, 160, 960), Pointwise("mobilenet-v2", 7, 960, 160), Pointwise("mobilenet-v2", 7, 960, 320),
        Pointwise("mobilenet-v2", 7, 320, 1280),
    ];

    // MobileNetV3-Large then -Small: (input size, expanded channels, kernel, stride).
    private static readonly BenchLayer[] MobileNetV3 =
    [
        Depthwise("mobilenet-v3", 112, 16, 3, 1), Depthwise("mobilenet-v3", 112, 64, 3, 2), Depthwise("mobilenet-v3", 56, 72, 3, 1),
        Depthwise("mobilenet-v3", 56, 72, 5, 2), Depthwise("mobilenet-v3", 28, 120, 5, 1), Depthwise("mobilenet-v3", 28, 240, 3, 2),
        Depthwise("mobilenet-v3", 14, 200, 3, 1), Depthwise("mobilenet-v3", 14, 184, 3, 1), Depthwise("mobilenet-v3", 14, 480, 3, 1),
        Depthwise("mobilenet-v3", 14, 672, 3, 1), Depthwise("mobilenet-v3", 14, 672, 5, 2), Depthwise("mobilenet-v3", 7, 960, 5, 1),
        Depthwise("mobilenet-v3", 112, 16, 3, 2), Depthwise("mobilenet-v3", 56, 72, 3, 2), Depthwise("mobilenet-v3", 28, 88, 3, 1),
        Depthwise("mobilenet-v3", 28, 96, 5, 2), Depthwise("mobilenet-v3", 14, 240, 5, 1), Depthwise("mobilenet-v3", 14, 120, 5, 1),
        Depthwise("mobilenet-v3", 14, 144, 5, 1), Depthwise("mobilenet-v3", 14, 288, 5, 2), Depthwise("mobilenet-v3", 7, 576, 5, 1),
        Pointwise("mobilenet-v3", 56, 24, 72), Pointwise("mobilenet-v3", 28, 120, 40), Pointwise("mobilenet-v3", 14, 80, 480),
        Pointwise("mobilenet-v3", 14, 672, 112), Pointwise("mobilenet-v3", 7, 960, 160), Pointwise("mobilenet-v3", 7, 160, 960),
    ];

    // Text-recognition backbones keep the width and halve the height: stride (2,1), on 32×320 line images.
    private static readonly BenchLayer[] Ocr =
    [
        new("ocr", "depthwise", 1, 16, 16, 16, 160, 3, new(2, 1)),
        new("ocr", "depthwise", 1, 72, 72, 8, 160, 5, 1),
        new("ocr", "depthwise", 1, 120, 120, 8, 160, 5, new(2, 1)),
        new("ocr", "depthwise", 1, 240, 240, 4, 160, 3, 1),
        new("ocr", "depthwise", 1, 480, 480, 4, 160, 5, new(2, 1)),
        new("ocr", "depthwise", 1, 672, 672, 2, 160, 5, 1),
        Pointwise("ocr", 8, 120, 40) with { Width = 160 },
        Pointwise("ocr", 4, 480, 112) with { Width = 160 },
    ];

    // MobileNetV2's 144-channel 56² layer with its 3×3 stride-1 kernel (a specialised body), then with each kind of
    // layer the generic tap-table body computes: issue 3 holds these within 2× of the first layer's GFLOP/s.
    private static readonly BenchLayer[] Generic =
    [
        Depthwise(GenericSuite, 56, 144, 3, 1),
        Depthwise(GenericSuite, 56, 144, 4, 1),
        Depthwise(GenericSuite, 56, 144, 7, 1),
        Depthwise(GenericSuite, 56, 144, 3, 1) with { Dilation = 2 },
        Depthwise(GenericSuite, 56, 144, 3, 1) with { Channels = 72 },
        new(GenericSuite, "depthwise", 1, 144, 144, 56, 56, 3, new(2, 1)),
    ];

    private static BenchLayer Depthwise(string suite, int size, int channels, int kernel, int stride) =>
        new(suite, "depthwise", 1, channels, channels, size, size, kernel, stride);

    private static BenchLayer Pointwise(string suite, int size, int inputChannels, int outputChannels) =>
        new(suite, "pointwise", 1, inputChannels, outputChannels, size, size, 1, 1);
}
