namespace Depthwise.Kernels;

/// <summary>Planar kernel: a four-row group whose last input row is the bottom padding row (one padding row below).</summary>
internal readonly struct BottomPaddingRow : IGroupRowBounds
{
    public static bool SkipsFirstRow => false;

    public static bool SkipsLastRow => true;
}
