namespace Depthwise.Kernels;

/// <summary>Ordinary stores: the output stays in the caches for whatever reads it next.</summary>
internal readonly unsafe struct CachedStores : IOutputStores
{
    public static void Store<TSimd, TVector>(TVector value, float* destination)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct => TSimd.Store(value, destination);

    public static void Complete()
    {
        // Ordinary stores are ordered (x86 TSO): the join that ends the parallel loop publishes them.
    }
}
