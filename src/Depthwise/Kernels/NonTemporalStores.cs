using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// Non-temporal stores (<c>vmovntps</c>): whole aligned registers written around the caches, without the read for
/// ownership an ordinary store of a line that is not cached costs. Beyond the last-level cache that read is a third of
/// the DRAM traffic of a depthwise layer (input read, output line read, output line written), and the output would be
/// evicted before the next layer reads it anyway. Plain float (the scalar tier) has no such store and stores normally.
/// </summary>
internal readonly unsafe struct NonTemporalStores : IOutputStores
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TSimd, TVector>(TVector value, float* destination)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        // The type tests are constants to the JIT: each instantiation keeps one of these lines.
        if (typeof(TVector) == typeof(Vector512<float>))
        {
            Avx512F.StoreAlignedNonTemporal(destination, Unsafe.As<TVector, Vector512<float>>(ref value));
        }
        else if (typeof(TVector) == typeof(Vector256<float>))
        {
            Avx.StoreAlignedNonTemporal(destination, Unsafe.As<TVector, Vector256<float>>(ref value));
        }
        else if (typeof(TVector) == typeof(Vector128<float>))
        {
            Sse.StoreAlignedNonTemporal(destination, Unsafe.As<TVector, Vector128<float>>(ref value));
        }
        else
        {
            TSimd.Store(value, destination);
        }
    }

    /// <summary>
    /// Non-temporal stores are weakly ordered: they may become visible to other cores after later ordinary stores, such
    /// as the flag that tells the calling thread this item is finished. The fence drains them first, so a caller that
    /// sees the loop end reads the output, not stale memory.
    /// </summary>
    public static void Complete() => Sse.StoreFence();
}
