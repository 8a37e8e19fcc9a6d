using Depthwise.Diagnostics;

namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// One timed kernel on one layer (the NCHW operator, or the depthwise kernel in its blocked layout): what it cost, kept
/// apart from the roof that rates it so that the best of several rounds can be rated against the best roof probed.
/// </summary>
/// <param name="Latency">The timed calls.</param>
/// <param name="Flops">Floating-point operations per call.</param>
/// <param name="Bytes">Bytes read plus written per call.</param>
/// <param name="Copies">How many copies of their data the timed calls rotate through (see <see cref="MachineRoof.CopiesBeyondLastLevel"/>).</param>
/// <param name="InImageTaps">The fraction of the layer's taps that land inside the image (<see cref="Benchmarking.InImageTaps"/>).</param>
/// <param name="DramGigabytes">DRAM's roof probed just before and after this timing (the higher), for a layer timed beyond the caches; it then rates the timing instead of the round's probe.</param>
internal sealed record KernelTiming(LatencyStatistics Latency, long Flops, long Bytes, int Copies, double InImageTaps, double? DramGigabytes = null)
{
    public double Gigaflops => Latency.GigaflopsPerSecond(Flops);

    public double Gigabytes => Latency.GigabytesPerSecond(Bytes);

    /// <summary>The roof that binds this kernel and the fraction of it reached, counting every tap and only the in-image ones.</summary>
    public KernelRating Rate(MachineRoof roof)
    {
        var (name, roofGigaflops) = roof.Binding(Flops, Bytes, Copies, DramGigabytes);
        var (_, inImageRoofGigaflops) = roof.Binding((long)(Flops * InImageTaps), Bytes, Copies, DramGigabytes);
        return new KernelRating(name, roofGigaflops, Gigaflops / roofGigaflops, Gigaflops * InImageTaps / inImageRoofGigaflops);
    }

    /// <summary>The faster of two timings of the same kernel (by median), or <paramref name="timing"/> when there is no other yet.</summary>
    public static KernelTiming Faster(KernelTiming? best, KernelTiming timing) =>
        best is not null && best.Latency.Median <= timing.Latency.Median ? best : timing;
}

/// <summary>A kernel timing held against the machine's roof.</summary>
internal readonly record struct KernelRating(string Roof, double RoofGigaflops, double Fraction, double FractionInImage);
