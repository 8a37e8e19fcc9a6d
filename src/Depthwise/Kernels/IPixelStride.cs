namespace Depthwise.Kernels;

/// <summary>
/// Floats between horizontally neighbouring input pixels of a channel block, as a run sees them: the block width, known
/// when the JIT compiles the run (blocked data, so every column's offset folds into its load's displacement), or the
/// row's own stride (channels-last data, whose pixels are C floats apart). A struct implementing this is a type
/// argument; the JIT compiles one copy per struct.
/// </summary>
internal interface IPixelStride
{
    /// <summary>
    /// The stride to address columns with, given the row's <paramref name="pixelStride"/> and the register's
    /// <paramref name="lanes"/>.
    /// </summary>
    static abstract nint Floats(nint pixelStride, int lanes);
}
