using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// Which eight-row sweep suits the core this process runs on. The two were measured on different cores, each in one
/// process with the builds alternated (144×56² s1 NCHW, one thread): on Zen 5, whose two FMA pipes and two 512-bit
/// loads per cycle want sixteen accumulator chains, two register columns took 71–76 µs against one column's 83–85; on
/// Zen 4, whose one 512-bit FMA and one 512-bit load per cycle leave eight chains enough and make every split load
/// count, one column took 101–103 µs against two columns' 138–140 (and 32×112² 76 against 99–100).
/// </summary>
internal static class PlaneRowSweeps
{
    // CPUID leaf 0's vendor string "AuthenticAMD" as EBX, EDX, ECX.
    private const int AmdEbx = 0x68747541;
    private const int AmdEdx = 0x69746e65;
    private const int AmdEcx = 0x444d4163;

    // Family 19h: Zen 3 (no AVX-512, so no sweeps) and Zen 4, whose AVX-512 runs 512-bit operations as two 256-bit halves.
    private const int Zen4Family = 0x19;

    /// <summary>The sweep for this core: one register column on Zen 4, two elsewhere (where they were measured and kept).</summary>
    public static PlaneRowSweep Preferred { get; } = IsZen4() ? PlaneRowSweep.OneColumn : PlaneRowSweep.TwoColumns;

    private static bool IsZen4()
    {
        if (!X86Base.IsSupported)
        {
            return false;
        }

        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        if (ebx != AmdEbx || edx != AmdEdx || ecx != AmdEcx)
        {
            return false;
        }

        var signature = X86Base.CpuId(1, 0).Eax;
        var baseFamily = (signature >> 8) & 0xF;
        var family = baseFamily == 0xF ? baseFamily + ((signature >> 20) & 0xFF) : baseFamily;
        return family == Zen4Family;
    }
}
