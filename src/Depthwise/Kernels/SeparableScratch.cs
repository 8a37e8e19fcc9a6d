namespace Depthwise.Kernels;

/// <summary>
/// Per-thread buffers of the fused separable block: the depthwise output of one band, which the pointwise GEMM reads
/// next, with an expansion the expanded rows the depthwise stage reads, and the middle buffer a call split by channels
/// shares (grow-only, see <see cref="PinnedScratch"/>).
/// </summary>
internal static unsafe class SeparableScratch
{
    [ThreadStatic]
    private static float[]? _middle;

    [ThreadStatic]
    private static float[]? _expanded;

    [ThreadStatic]
    private static float[]? _shared;

    /// <summary>Scratch for a band's depthwise output, valid until the next band on this thread.</summary>
    public static float* Middle(nint length) => PinnedScratch.Grow(ref _middle, length);

    /// <summary>Scratch for the expanded input rows of an inverted residual block's bands, valid until the next work item on this thread.</summary>
    public static float* Expanded(nint length) => PinnedScratch.Grow(ref _expanded, length);

    /// <summary>
    /// The calling thread's middle buffer of a call split by channels, which every thread of the call writes and reads
    /// (<see cref="SeparableConvGroupWork{TSimd, TVector, TTaps, TActivation}"/>): valid until the calling thread's next call.
    /// </summary>
    public static float* Shared(nint length) => PinnedScratch.Grow(ref _shared, length);
}
