namespace Depthwise.Kernels;

/// <summary>Planar kernel: a four-row group whose input rows all lie inside the image.</summary>
internal readonly struct InteriorRows : IGroupRowBounds
{
    public static bool SkipsFirstRow => false;

    public static bool SkipsLastRow => false;
}
