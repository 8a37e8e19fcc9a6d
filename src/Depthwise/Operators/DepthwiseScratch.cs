namespace Depthwise.Operators;

/// <summary>
/// Per-thread, 64-byte-aligned float scratch for the depthwise operator: the blocked input band of a work item, and
/// the packed weights of a call that was not prepared. Each buffer only grows, so after the first calls at a given
/// size nothing is allocated; arrays live on the pinned object heap, so the pointers stay valid while the thread uses them.
/// </summary>
internal static unsafe class DepthwiseScratch
{
    private const int AlignmentFloats = 16;

    [ThreadStatic]
    private static float[]? _band;

    [ThreadStatic]
    private static float[]? _packing;

    /// <summary>Scratch for a work item's band, valid until the next call on this thread.</summary>
    public static float* Band(nint length) => Aligned(ref _band, length);

    /// <summary>Scratch for packed weights, valid until the next call on this thread; separate from <see cref="Band"/>
    /// because the thread that packs also runs work items.</summary>
    public static float* Packing(nint length) => Aligned(ref _packing, length);

    /// <summary>The first 64-byte-aligned element of an array from <see cref="AllocatePinned"/>.</summary>
    public static float* AlignedStart(float[] pinned)
    {
        fixed (float* start = pinned)
        {
            // The array is pinned for its lifetime, so the address taken here stays valid after the fixed block.
            return start + AlignedOffset(pinned);
        }
    }

    /// <summary>Index of the first 64-byte-aligned element of an array from <see cref="AllocatePinned"/>.</summary>
    public static int AlignedOffset(float[] pinned)
    {
        fixed (float* start = pinned)
        {
            var misalignment = (int)((nint)start & ((AlignmentFloats * sizeof(float)) - 1));
            return misalignment == 0 ? 0 : AlignmentFloats - (misalignment / sizeof(float));
        }
    }

    /// <summary>A pinned array with room for <paramref name="length"/> floats at a 64-byte-aligned start.</summary>
    public static float[] AllocatePinned(nint length) => GC.AllocateUninitializedArray<float>(checked((int)length + AlignmentFloats), pinned: true);

    private static float* Aligned(ref float[]? buffer, nint length)
    {
        if (buffer is null || buffer.Length - AlignmentFloats < length)
        {
            // Grow by at least half again so that a slowly growing sequence of sizes does not reallocate every call.
            var current = buffer is null ? 0 : buffer.Length - AlignmentFloats;
            buffer = AllocatePinned(Math.Max(length, current + (current / 2)));
        }

        return AlignedStart(buffer);
    }
}
