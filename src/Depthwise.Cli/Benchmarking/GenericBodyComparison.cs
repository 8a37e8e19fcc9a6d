namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// The generic suite's layers held against its first, the specialised 3×3 stride-1 body on the same layer: how many
/// times longer each takes per multiply-add, in the blocked layout (the kernel itself) and as the NCHW operator.
/// Rates count the taps inside the image only (<see cref="InImageTaps"/>): a 7×7 kernel skips more padding taps than a
/// 3×3, and counting those as work would flatter it.
/// </summary>
internal static class GenericBodyComparison
{
    /// <summary>One generic-suite layer: its in-image GFLOP/s and how many times slower per multiply-add than the 3×3 stride-1 layer.</summary>
    public sealed record Row(BenchResult Layer, double KernelGflops, double KernelSlowdown, double OperatorGflops, double OperatorSlowdown);

    /// <summary>The generic suite's rows after its first (the reference), or none when the results hold no generic layers.</summary>
    public static IReadOnlyList<Row> Rows(IEnumerable<BenchResult> results)
    {
        var generic = results.Where(result => result.Suite == BenchSuites.GenericSuite && result.BlockedKernel is not null).ToList();
        if (generic.Count < 2)
        {
            return [];
        }

        var reference = generic[0];
        var referenceKernel = KernelGflops(reference);
        var referenceOperator = OperatorGflops(reference);
        return [.. generic.Skip(1).Select(layer => new Row(
            layer, KernelGflops(layer), referenceKernel / KernelGflops(layer), OperatorGflops(layer), referenceOperator / OperatorGflops(layer)))];
    }

    private static double KernelGflops(BenchResult result) => result.BlockedKernel!.Gflops * result.InImageTaps;

    private static double OperatorGflops(BenchResult result) => result.Gflops * result.InImageTaps;
}
