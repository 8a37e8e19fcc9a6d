namespace Depthwise.Kernels;

/// <summary>
/// Per-thread scratch of the grouped-convolution backward pass (grow-only, see <see cref="PinnedScratch"/>): one image's
/// column matrices and product on the thread that runs a run of images, and the weight-gradient sums of the runs on the
/// calling thread.
/// </summary>
internal static unsafe class ConvBackwardScratch
{
    [ThreadStatic]
    private static float[]? _image;

    [ThreadStatic]
    private static float[]? _runSums;

    /// <summary>Scratch for <see cref="GroupedConvBackwardKernel.AccumulateImage"/> on this thread; valid until the next call on it.</summary>
    /// <param name="length">Floats (<see cref="GroupedConvBackwardKernel.ScratchLength"/>).</param>
    /// <returns>The scratch.</returns>
    public static Span<float> Image(int length)
    {
        PinnedScratch.Grow(ref _image, length);
        return _image.AsSpan(0, length);
    }

    /// <summary>The calling thread's buffer of per-run weight-gradient sums; valid until the next backward pass started on it.</summary>
    /// <param name="length">Floats.</param>
    /// <returns>The buffer.</returns>
    public static float[] RunSums(int length)
    {
        PinnedScratch.Grow(ref _runSums, length);
        return _runSums!;
    }
}
