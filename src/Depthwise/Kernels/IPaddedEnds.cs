namespace Depthwise.Kernels;

/// <summary>
/// Which ends of a span a kernel walks are zero padding, known when the JIT compiles it: the first and last input rows
/// of a planar kernel's four-row group (that row's FMAs are skipped), or the padding columns left and right of a 14-pixel run
/// (<see cref="IDepthwiseRunTaps"/>: a zero register instead of a load). A struct implementing this is a type argument,
/// so the spans inside the image carry no branches or tests per load; the JIT compiles one copy per struct.
/// </summary>
internal interface IPaddedEnds
{
    /// <summary>The row before the span (a group's first input row, a run's left padding columns) is padding.</summary>
    static abstract bool PaddedFirst { get; }

    /// <summary>The row after the span (a group's last input row, a run's right padding columns) is padding.</summary>
    static abstract bool PaddedLast { get; }
}
