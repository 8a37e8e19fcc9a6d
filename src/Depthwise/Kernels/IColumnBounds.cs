namespace Depthwise.Kernels;

/// <summary>
/// Whether a block of output pixels may read input columns outside the image. Interior blocks (all taps inside) load
/// unconditionally; clipped blocks, at the left and right borders, read a zero register for every column outside
/// [0, W), which is what zero padding means, without a separate border path. The JIT compiles one copy per struct.
/// </summary>
internal interface IColumnBounds
{
    static abstract bool Clipped { get; }

    /// <summary>
    /// Planar kernel only: the block is a pair of registers at the row's two ends with exactly one padding column each,
    /// made by shifting a zero into a register loaded inside the row (<see cref="EdgeColumns"/>).
    /// </summary>
    static virtual bool Edges => false;
}
