namespace Depthwise.Kernels;

/// <summary>
/// Whether a block of output pixels may read input columns outside the image. Interior blocks (all taps inside) load
/// unconditionally; clipped blocks, at the left and right borders, read a zero register for every column outside
/// [0, W), which is what zero padding means, without a separate border path. The JIT compiles one copy per struct.
/// </summary>
internal interface IColumnBounds
{
    static abstract bool Clipped { get; }
}
