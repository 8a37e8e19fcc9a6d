namespace Depthwise.Kernels;

/// <summary>
/// Per-thread middle buffer of the fused separable block: the depthwise output of one band, which the pointwise GEMM
/// reads next (grow-only, see <see cref="PinnedScratch"/>).
/// </summary>
internal static unsafe class SeparableScratch
{
    [ThreadStatic]
    private static float[]? _middle;

    /// <summary>Scratch for a band's depthwise output, valid until the next band on this thread.</summary>
    public static float* Middle(nint length) => PinnedScratch.Grow(ref _middle, length);
}
