namespace Depthwise.Kernels;

/// <summary>
/// Planar kernel: whether a four-row group's first input row is the top padding row or its last the bottom one, so
/// that the group skips that row's FMAs (as a single row clips its kernel rows) instead of the plane's edge rows running
/// one at a time. A type rather than a flag, so that the groups inside the image carry no branches; the JIT compiles
/// one copy per struct.
/// </summary>
internal interface IGroupRowBounds
{
    static abstract bool SkipsFirstRow { get; }

    static abstract bool SkipsLastRow { get; }
}
