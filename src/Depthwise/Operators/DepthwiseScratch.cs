using Depthwise.Kernels;

namespace Depthwise.Operators;

/// <summary>
/// Per-thread scratch slots of the depthwise operator: the blocked input band of a work item, and the packed weights of
/// a call that was not prepared, and the flat-plane kernel's planes (grow-only, see <see cref="PinnedScratch"/>).
/// </summary>
internal static unsafe class DepthwiseScratch
{
    [ThreadStatic]
    private static float[]? _band;

    [ThreadStatic]
    private static float[]? _packing;

    [ThreadStatic]
    private static float[]? _flatPlane;

    /// <summary>Scratch for a work item's band, valid until the next call on this thread.</summary>
    public static float* Band(nint length) => PinnedScratch.Grow(ref _band, length);

    /// <summary>Scratch for packed weights, valid until the next call on this thread; separate from <see cref="Band"/>
    /// because the thread that packs also runs work items.</summary>
    public static float* Packing(nint length) => PinnedScratch.Grow(ref _packing, length);

    /// <summary>Scratch for a flat-plane work item (two buffers of padded planes at stride 1, see <see cref="FlatPlaneShape"/>), valid until the next call on this thread.</summary>
    public static float* FlatPlane(nint length) => PinnedScratch.Grow(ref _flatPlane, length);
}
