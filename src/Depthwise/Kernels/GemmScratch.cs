namespace Depthwise.Kernels;

/// <summary>Per-thread scratch slot of the GEMM: the zero-padded last right panel of an in-place right operand
/// (grow-only, see <see cref="PinnedScratch"/>).</summary>
internal static unsafe class GemmScratch
{
    [ThreadStatic]
    private static float[]? _edgePanel;

    /// <summary>Scratch for one packed edge panel, 64-byte aligned, valid until the next GEMM started on this thread.</summary>
    public static float* EdgePanel(long length) => PinnedScratch.Grow(ref _edgePanel, checked((nint)length));
}
