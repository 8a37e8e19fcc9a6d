namespace Depthwise.Models;

/// <summary>A network's multiply-adds and parameters as a paper or reference implementation printed them.</summary>
/// <param name="Model">Catalog name (<see cref="ModelCatalog.Names"/>).</param>
/// <param name="Width">Width multiplier α.</param>
/// <param name="Resolution">Input height and width.</param>
/// <param name="MultiplyAdds">Published multiply-adds (mult-adds, MACs, MAdds), in millions.</param>
/// <param name="Parameters">Published parameter count, in millions.</param>
/// <param name="Source">Where the figures are printed.</param>
public sealed record PublishedFigure(string Model, double Width, int Resolution, double MultiplyAdds, double Parameters, string Source);
