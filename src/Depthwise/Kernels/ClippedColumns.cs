namespace Depthwise.Kernels;

/// <summary>Some columns a block reads may be padding: those read as zero.</summary>
internal readonly struct ClippedColumns : IColumnBounds
{
    public static bool Clipped => true;
}
