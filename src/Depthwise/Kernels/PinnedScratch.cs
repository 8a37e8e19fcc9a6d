namespace Depthwise.Kernels;

/// <summary>
/// 64-byte-aligned float arrays on the pinned object heap, and the grow-only rule every per-thread scratch slot follows.
/// Hot paths that promise zero steady-state allocation keep their scratch in [ThreadStatic] slots grown here rather than
/// renting from <see cref="System.Buffers.ArrayPool{T}"/>: the shared pool drops idle arrays after gen-2 collections
/// (all of them under memory pressure), so a rented buffer can be reallocated in the middle of a steady state.
/// </summary>
internal static unsafe class PinnedScratch
{
    /// <summary>Floats of padding an array from <see cref="AllocatePinned"/> holds beyond its length, for its aligned start.</summary>
    public const int AlignmentFloats = 16;

    /// <summary>A pinned array with room for <paramref name="length"/> floats at a 64-byte-aligned start.</summary>
    public static float[] AllocatePinned(nint length) => GC.AllocateUninitializedArray<float>(checked((int)length + AlignmentFloats), pinned: true);

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

    /// <summary>
    /// The aligned start of <paramref name="slot"/>, first growing it to hold <paramref name="length"/> floats. The slot
    /// only grows, so after the first calls at a given size nothing is allocated.
    /// </summary>
    public static float* Grow(ref float[]? slot, nint length)
    {
        if (slot is null || slot.Length - AlignmentFloats < length)
        {
            // Grow by at least half again so that a slowly growing sequence of sizes does not reallocate every call.
            var current = slot is null ? 0 : slot.Length - AlignmentFloats;
            slot = AllocatePinned(Math.Max(length, current + (current / 2)));
        }

        return AlignedStart(slot);
    }
}
