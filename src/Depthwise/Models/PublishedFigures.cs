namespace Depthwise.Models;

/// <summary>
/// The figures the MobileNet papers publish, to compare our cost tables with. For MobileNetV2 the reference
/// implementation's checkpoint table is used: it covers the width/resolution grid and prints 3.47M parameters for
/// 1.0-224, where the paper's Table 4 rounds to 3.4M (and its 300M multiply-adds agree).
/// </summary>
public static class PublishedFigures
{
    private const string V1Width = "MobileNets (Howard et al. 2017), Table 6";
    private const string V1Resolution = "MobileNets (Howard et al. 2017), Table 7";
    private const string V1Small = "MobileNets (Howard et al. 2017), Table 9";
    private const string V1Standard = "MobileNets (Howard et al. 2017), Table 4";
    private const string V2Checkpoints = "TF-Slim MobileNetV2 checkpoint table (the paper's reference implementation)";
    private const string V3Paper = "Searching for MobileNetV3 (Howard et al. 2019), Table 3";

    /// <summary>Every figure we compare against.</summary>
    public static IReadOnlyList<PublishedFigure> All { get; } =
    [
        new(ModelCatalog.MobileNetV1Name, 1.0, 224, 569, 4.2, V1Width),
        new(ModelCatalog.MobileNetV1Name, 0.75, 224, 325, 2.6, V1Width),
        new(ModelCatalog.MobileNetV1Name, 0.5, 224, 149, 1.3, V1Width),
        new(ModelCatalog.MobileNetV1Name, 0.25, 224, 41, 0.5, V1Width),
        new(ModelCatalog.MobileNetV1Name, 1.0, 192, 418, 4.2, V1Resolution),
        new(ModelCatalog.MobileNetV1Name, 1.0, 160, 290, 4.2, V1Resolution),
        new(ModelCatalog.MobileNetV1Name, 1.0, 128, 186, 4.2, V1Resolution),
        new(ModelCatalog.MobileNetV1Name, 0.5, 160, 76, 1.32, V1Small),
        new(ModelCatalog.MobileNetV1StandardName, 1.0, 224, 4866, 29.3, V1Standard),
        new(ModelCatalog.MobileNetV2Name, 1.0, 224, 300, 3.47, V2Checkpoints),
        new(ModelCatalog.MobileNetV2Name, 1.4, 224, 582, 6.06, V2Checkpoints),
        new(ModelCatalog.MobileNetV2Name, 1.0, 192, 221, 3.47, V2Checkpoints),
        new(ModelCatalog.MobileNetV2Name, 1.0, 160, 154, 3.47, V2Checkpoints),
        new(ModelCatalog.MobileNetV2Name, 1.0, 128, 99, 3.47, V2Checkpoints),
        new(ModelCatalog.MobileNetV2Name, 1.0, 96, 56, 3.47, V2Checkpoints),
        new(ModelCatalog.MobileNetV2Name, 0.75, 224, 209, 2.61, V2Checkpoints),
        new(ModelCatalog.MobileNetV2Name, 0.5, 224, 97, 1.95, V2Checkpoints),
        new(ModelCatalog.MobileNetV2Name, 0.35, 224, 59, 1.66, V2Checkpoints),
        new(ModelCatalog.MobileNetV3LargeName, 1.0, 224, 219, 5.4, V3Paper),
        new(ModelCatalog.MobileNetV3LargeName, 0.75, 224, 155, 4.0, V3Paper),
        new(ModelCatalog.MobileNetV3SmallName, 1.0, 224, 56, 2.5, V3Paper),
        new(ModelCatalog.MobileNetV3SmallName, 0.75, 224, 44, 2.0, V3Paper),
    ];

    /// <summary>The published figure for a configuration, if there is one.</summary>
    /// <param name="model">Catalog name.</param>
    /// <param name="width">α.</param>
    /// <param name="resolution">Input height and width.</param>
    /// <returns>The figure, or null.</returns>
    public static PublishedFigure? Find(string model, double width, int resolution) =>
        All.FirstOrDefault(figure =>
            string.Equals(figure.Model, model, StringComparison.OrdinalIgnoreCase) && Math.Abs(figure.Width - width) < 1e-9 && figure.Resolution == resolution);
}
