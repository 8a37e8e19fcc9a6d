namespace Depthwise.Kernels;

/// <summary>Planar kernel: a four-row group whose first input row is the top padding row (one padding row above).</summary>
internal readonly struct TopPaddingRow : IGroupRowBounds
{
    public static bool SkipsFirstRow => true;

    public static bool SkipsLastRow => false;
}
