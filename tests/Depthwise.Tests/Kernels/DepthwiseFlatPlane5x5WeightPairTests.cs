using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The 5×5 flat-plane kernel reads a channel pair's taps in place from the packed weight blocks when the second channel
/// is the lane after the first, and copies them when the pair spans two blocks: thread ranges that start at an odd
/// channel put pairs across block boundaries (channels 15/16, 63/64), with depth multipliers 1–3, bias or none, and a
/// lone last channel; bit for bit against the blocked kernel and against the reference.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseFlatPlane5x5WeightPairTests
{
    private static readonly FlatPlaneKernelRun Flat = new("5×5 flat-plane", geometry => DepthwiseFlatPlane5x5Kernel.Supports(geometry));

    // (output channels, threads, multiplier): T threads split an image into 4T ranges (DepthwiseConvJob.ItemsPerThread),
    // so 37 and 38 channels over 2 threads take 5 each (one starts at 15: pair 15/16), 84 over 3 take 7 each (one
    // starts at 63: pair 63/64); 240 over 2 (30 each, even starts, every pair in place) is the peers layer, 33 on one
    // thread ends on a lone channel.
    [Theory]
    [InlineData(37, 2, 1)]
    [InlineData(38, 2, 2)]
    [InlineData(84, 3, 3)]
    [InlineData(240, 2, 1)]
    [InlineData(33, 1, 1)]
    public void PairsInPlaceAndAcrossBlocksMatchTheBlockedKernelAndTheReference(int outputChannels, int threads, int multiplier)
    {
        foreach (var (height, width, hasBias) in new[] { (14, 14, true), (14, 14, false), (11, 9, true), (20, 16, false) })
        {
            var testCase = DepthwiseConvCase.Default with
            {
                Height = height,
                Width = width,
                Kernel = 5,
                Channels = outputChannels / multiplier,
                Multiplier = multiplier,
                Padding = Padding.Explicit(2),
                Activation = Activation.Relu6,
                HasBias = hasBias,
                Threads = threads,
            };
            Flat.AssertMatchesBlocked(testCase);
            Flat.AssertMatchesReference(testCase);
        }
    }
}
