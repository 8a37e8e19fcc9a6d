namespace Depthwise.Kernels;

/// <summary>Every column a block reads is inside the image.</summary>
internal readonly struct InteriorColumns : IColumnBounds
{
    public static bool Clipped => false;
}
