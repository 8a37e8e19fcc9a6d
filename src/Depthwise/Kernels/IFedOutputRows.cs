namespace Depthwise.Kernels;

/// <summary>
/// Which of the three output rows an input row feeds at 3×3 stride 1 are being computed (<see cref="Taps3x3Stride1Strip"/>):
/// input row i is kernel row 2 of output row i − 1 (<see cref="Previous"/>), kernel row 1 of row i (<see cref="Current"/>) and
/// kernel row 0 of row i + 1 (<see cref="Next"/>); at the top and bottom of a band some of those rows lie outside it. A
/// struct implementing this is a type argument, so the JIT compiles the FMAs of the rows in the band and no tests.
/// </summary>
internal interface IFedOutputRows
{
    /// <summary>Output row i − 1 (kernel row 2) is in the band.</summary>
    static abstract bool Previous { get; }

    /// <summary>Output row i (kernel row 1) is in the band.</summary>
    static abstract bool Current { get; }

    /// <summary>Output row i + 1 (kernel row 0) is in the band.</summary>
    static abstract bool Next { get; }
}
