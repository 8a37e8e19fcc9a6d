namespace Depthwise.Kernels;

/// <summary>
/// Where a 14-pixel run of <see cref="Taps3x3Stride1Run"/> lies in its row, known when the JIT compiles it: whether the
/// input column left of the run's first tap column and the one right of its last are zero padding. A struct implementing
/// this is a type argument, so a padding column is a zero register rather than a test per load.
/// </summary>
internal interface IPixelRun
{
    /// <summary>The column left of the run (its first pixel's kx = 0 tap) is padding.</summary>
    static abstract bool LeftPadding { get; }

    /// <summary>The column right of the run (its last pixel's kx = 2 tap) is padding.</summary>
    static abstract bool RightPadding { get; }
}
