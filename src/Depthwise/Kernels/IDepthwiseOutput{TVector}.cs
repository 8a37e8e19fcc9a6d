namespace Depthwise.Kernels;

/// <summary>Where a block of eight activated output pixels of one channel block goes: a blocked or channels-last tensor, or planes.</summary>
/// <typeparam name="TVector">The register type; one register = one pixel of a channel block.</typeparam>
internal interface IDepthwiseOutput<TVector>
    where TVector : struct
{
    /// <summary>Stores pixels x … x + count − 1 of output row y (count ≤ 8; the registers past count are ignored).</summary>
    void Store(int y, int x, int count, TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7);

    /// <summary>
    /// Stores pixels x … x + count − 1 of output row y and nothing past them (count ≤ 8): for a kernel that may have
    /// written the pixels that follow already (<see cref="Taps3x3Stride1Strip"/>, which walks strips of 7 down the rows).
    /// </summary>
    void StoreExactly(int y, int x, int count, TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7);
}
