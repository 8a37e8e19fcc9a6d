namespace Depthwise.Kernels;

/// <summary>
/// The shape of a run of output pixels that <see cref="Taps3x3Stride1Run"/> computes in one pass, known when the JIT
/// compiles it: how many pixels (7 or 14), and whether the input column left of the run's first tap column and the one
/// right of its last are zero padding. A struct implementing this is a type argument, so the run's padding columns
/// cost neither a load nor a test, and a 7-pixel run compiles without the accumulators it does not use.
/// </summary>
internal interface IPixelRun
{
    /// <summary>Output pixels in the run: 7 or 14.</summary>
    static abstract int Pixels { get; }

    /// <summary>The column left of the run (its first pixel's kx = 0 tap) is padding: that tap is skipped.</summary>
    static abstract bool LeftPadding { get; }

    /// <summary>The column right of the run (its last pixel's kx = 2 tap) is padding: that tap is skipped.</summary>
    static abstract bool RightPadding { get; }
}
