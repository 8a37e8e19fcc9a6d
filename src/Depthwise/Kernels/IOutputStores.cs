namespace Depthwise.Kernels;

/// <summary>
/// How an output register reaches memory: through the caches (the next layer reads it from there) or around them
/// (non-temporal, for outputs too large to still be cached when they are read). A type parameter rather than a flag, so
/// the JIT compiles one copy of a kernel per kind and its inner loop holds no branch on it.
/// </summary>
internal unsafe interface IOutputStores
{
    /// <summary>
    /// Stores a whole register at <paramref name="destination"/>, which the caller aligns to the register's size (the
    /// job picks these stores only for outputs whose every pixel is aligned).
    /// </summary>
    static abstract void Store<TSimd, TVector>(TVector value, float* destination)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct;

    /// <summary>Makes a work item's stores visible to other threads before the item counts as done.</summary>
    static abstract void Complete();
}
