using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// The one place that decides which vector width a kernel runs at: the widest the hardware accelerates
/// (Vector512 → Vector256 → Vector128 → scalar), narrowed only when the extent being vectorized is shorter
/// than a register. Kernels switch on the returned lane count to pick their <see cref="ISimdFloat{TVector}"/>.
/// </summary>
internal static class SimdWidth
{
    /// <summary>Lanes of the widest hardware-accelerated float vector (16, 8, 4), or 1 without SIMD.</summary>
    public static int Widest { get; } =
        Vector512.IsHardwareAccelerated ? Vector512<float>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<float>.Count
        : Vector128.IsHardwareAccelerated ? Vector128<float>.Count
        : 1;

    /// <summary>
    /// Lanes to use for a loop over <paramref name="extent"/> contiguous elements: the widest accelerated width
    /// that fits, so the loop can cover the extent with whole registers (the last one overlapping the one before).
    /// </summary>
    /// <param name="extent">Elements to cover (≥ 1).</param>
    /// <returns>16, 8, 4 or 1.</returns>
    public static int For(int extent)
    {
        var lanes = Widest;
        while (lanes > extent)
        {
            lanes = lanes == 4 ? 1 : lanes / 2;
        }

        return lanes;
    }
}
