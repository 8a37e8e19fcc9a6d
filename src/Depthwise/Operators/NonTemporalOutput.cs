using System.Runtime.Intrinsics.X86;
using Depthwise.Diagnostics;

namespace Depthwise.Operators;

/// <summary>
/// When a depthwise call writes its output with non-temporal stores, decided once per call: when the call's working set
/// (input and output) is larger than half the last-level cache, and every stored register is aligned.
/// </summary>
/// <remarks>
/// Half, not all of it: the L3 is a victim cache shared with the other cores (and here with other tenants), and a call
/// that streams its input and output through it in order evicts the output's first lines before the call ends once the
/// two together approach its size; the next layer then reads them from DRAM either way, and the plain stores only added a
/// read for ownership per output line. The planar kernel's row sweeps measured the same limit (16 MiB, see
/// <see cref="DepthwisePlaneJob.MaximumRowSweepBytes"/>). Smaller calls, every layer of a batch-1 network, keep plain
/// stores so the next layer finds their output in cache.
/// </remarks>
internal static unsafe class NonTemporalOutput
{
    // A test's override of the threshold, per thread because the job is built on the calling thread and tests run in parallel.
    [ThreadStatic]
    private static long? _thresholdOverride;

    /// <summary>Working-set bytes above which outputs are stored non-temporally.</summary>
    public static long ThresholdBytes => _thresholdOverride ?? (CacheCapacities.LastLevelBytes / 2);

    /// <summary>
    /// Whether a call moving <paramref name="workingSetBytes"/> stores its output at <paramref name="output"/> with
    /// non-temporal stores: whole registers of <paramref name="lanes"/> floats, <paramref name="pixelStride"/> floats apart.
    /// </summary>
    public static bool Suits(float* output, nint pixelStride, int lanes, long workingSetBytes)
    {
        // Plain float and Arm have no non-temporal vector store here; the aligned form needs every register aligned.
        var registerBytes = (nint)lanes * sizeof(float);
        return Sse.IsSupported && lanes >= 4 && workingSetBytes > ThresholdBytes
            && ((nint)output % registerBytes) == 0 && pixelStride % lanes == 0;
    }

    /// <summary>Sets the threshold for calls made on this thread until the result is disposed (tests, on small shapes).</summary>
    internal static ThresholdScope OverrideThreshold(long bytes)
    {
        var scope = new ThresholdScope(_thresholdOverride);
        _thresholdOverride = bytes;
        return scope;
    }

    /// <summary>Restores the previous threshold.</summary>
    internal readonly struct ThresholdScope(long? previous) : IDisposable
    {
        public void Dispose() => _thresholdOverride = previous;
    }
}
