namespace Depthwise.Kernels;

/// <summary>
/// Planar kernel: the first register of a row (one padding column on its left) paired with the last (one on its right);
/// their padding taps are registers loaded inside the row with a zero shifted in. In the stride-2 planar kernel: a pair
/// whose loads stay inside the row and only the column shifted into tap 2 may be padding (plain loads, no masks).
/// </summary>
internal readonly struct EdgeColumns : IColumnBounds
{
    public static bool Clipped => true;

    public static bool Edges => true;
}
