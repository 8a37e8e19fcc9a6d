using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// Per-thread, 64-byte-aligned middle buffer of the fused separable block: the depthwise output of one band, which the
/// pointwise GEMM reads next. It only grows, so after the first calls at a given size nothing is allocated; it lives on
/// the pinned object heap, so the pointer stays valid while the thread uses it.
/// </summary>
internal static unsafe class SeparableScratch
{
    [ThreadStatic]
    private static float[]? _middle;

    /// <summary>Scratch for a band's depthwise output, valid until the next band on this thread.</summary>
    public static float* Middle(nint length)
    {
        if (_middle is null || _middle.Length - DepthwiseScratch.AlignedOffset(_middle) < length)
        {
            _middle = DepthwiseScratch.AllocatePinned(length);
        }

        return DepthwiseScratch.AlignedStart(_middle);
    }
}
