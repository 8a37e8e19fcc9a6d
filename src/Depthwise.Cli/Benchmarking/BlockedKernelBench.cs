using Depthwise.Cost;
using Depthwise.Diagnostics;
using Depthwise.Kernels;
using Depthwise.Operators;

namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// Times the depthwise kernel in its own channel-blocked layout (N, ⌈C/lanes⌉, H, W, lanes) on 64-byte-aligned buffers,
/// without the NCHW conversions the operator does around it: what the kernel itself costs, against the roof that
/// binds the bytes it moves in that layout.
/// </summary>
internal static class BlockedKernelBench
{
    public static KernelTiming Measure(BenchLayer layer, int threads, MachineRoof roof)
    {
        var random = new Random(5);
        var geometry = layer.Geometry;
        using var weights = Comparison.FourWayComparison.RandomTensor(random, [layer.OutChannels, 1, layer.Kernel.Height, layer.Kernel.Width]);
        var plan = DepthwiseConv2d.Prepare(weights, null, layer.ConvOptions(threads));
        var lanes = plan.Lanes;
        var inputLength = layer.Batch * DepthwiseConvKernel.Blocks(layer.Channels, lanes) * layer.Height * layer.Width * lanes;
        var outputLength = layer.Batch * DepthwiseConvKernel.Blocks(layer.OutChannels, lanes) * geometry.OutputHeight * geometry.OutputWidth * lanes;
        var bytes = ((long)inputLength + outputLength + (DepthwiseConvKernel.PackedBlocks(layer.OutChannels, lanes) * (geometry.Taps + 1) * lanes)) * sizeof(float);
        var copies = layer.BeyondLastLevelCache ? roof.CopiesBeyondLastLevel(bytes) : 1;
        var inputs = new float[copies][];
        var outputs = new float[copies][];
        for (var copy = 0; copy < copies; copy++)
        {
            inputs[copy] = PinnedScratch.AllocatePinned(inputLength);
            outputs[copy] = PinnedScratch.AllocatePinned(outputLength);
            var input = inputs[copy].AsSpan(PinnedScratch.AlignedOffset(inputs[copy]), inputLength);
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = (random.NextSingle() * 2f) - 1f;
            }
        }

        var inputOffsets = Array.ConvertAll(inputs, PinnedScratch.AlignedOffset);
        var outputOffsets = Array.ConvertAll(outputs, PinnedScratch.AlignedOffset);
        var call = 0;
        var latency = LatencyMeter.Measure(
            () =>
            {
                var copy = call++ % copies;
                plan.ForwardBlocked(
                    inputs[copy].AsSpan(inputOffsets[copy], inputLength), outputs[copy].AsSpan(outputOffsets[copy], outputLength),
                    layer.Batch, layer.Channels, layer.Height, layer.Width);
            },
            measureTime: TimeSpan.FromSeconds(0.2));

        var flops = CostModel.Depthwise(layer.Batch, layer.Channels, layer.Multiplier, geometry, bias: false).Flops;
        return new KernelTiming(latency, flops, bytes, copies, InImageTaps.Fraction(geometry));
    }

    /// <summary>A blocked-kernel timing as printed and written to JSON, rated against <paramref name="roof"/>.</summary>
    public static BlockedKernelResult Result(KernelTiming timing, MachineRoof roof)
    {
        var rating = timing.Rate(roof);
        return new BlockedKernelResult(
            timing.Latency.Median * 1000, timing.Gigaflops, timing.Gigabytes, rating.Roof, rating.RoofGigaflops, rating.Fraction, rating.FractionInImage);
    }
}
