using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// The handful of float operations a kernel needs, at one vector width. A kernel written once, generic over
/// <typeparamref name="TVector"/> and a struct implementing this interface, is compiled by the JIT into one
/// specialised, fully inlined copy per width (Vector512, Vector256, Vector128 and plain float), so the width is
/// chosen once by <see cref="SimdWidth"/> instead of by <c>if</c> chains inside every loop.
/// </summary>
/// <typeparam name="TVector">The register type: <c>Vector512&lt;float&gt;</c>, …, or <see cref="float"/>.</typeparam>
internal interface ISimdFloat<TVector>
    where TVector : struct
{
    /// <summary>Lanes per register.</summary>
    static abstract int Count { get; }

    static abstract TVector Load(ref float source);

    static abstract void Store(TVector value, ref float destination);

    /// <summary>Stores lane i at <c>destination + i·stride</c> (channels-last output with a depth multiplier &gt; 1).</summary>
    static abstract void StoreStrided(TVector value, ref float destination, int stride);

    static abstract TVector Broadcast(float value);

    /// <summary>
    /// Splits the 2·Count floats at <paramref name="source"/> into even-indexed ones (to <paramref name="even"/>) and
    /// odd-indexed ones (to <paramref name="odd"/>): the width-stride-2 phase split of a planar row.
    /// </summary>
    static abstract void Deinterleave(ref float source, ref float even, ref float odd);

    /// <summary>left · right + addend with a single rounding on every tier, so all widths give the same bits.</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    static abstract TVector Activate<TActivation>(TVector value, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>;
}
