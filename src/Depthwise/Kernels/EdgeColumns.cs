namespace Depthwise.Kernels;

/// <summary>
/// Planar kernel: the first register of a row (one padding column on its left) paired with the last (one on its right);
/// their padding taps are registers loaded inside the row with a zero shifted in.
/// </summary>
internal readonly struct EdgeColumns : IColumnBounds
{
    public static bool Clipped => true;

    public static bool Edges => true;
}
