using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The half block (<see cref="HalfBlockPairs"/>): 5×5 stride-1 blocked layers whose last 16-lane block holds 1–8
/// channels compute it as pixel pairs. Checked against the scalar reference (input padding lanes NaN, so none leaks
/// into a live lane), and bit for bit over all 16 lanes of every block against the same layer with its channels
/// rounded up to whole blocks of zero weights and bias (which the 16-lane bodies compute in full), on 1–4 threads and
/// with non-temporal stores. Channel counts ≡ 9…15 (mod 16), which keep the 16-lane body, run the same checks.
/// </summary>
[Trait("Category", "Kernel")]
public unsafe class HalfBlockPairsTests
{
    private const int Kernel = 5;

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu6, Activation.HardSwish, Activation.Clip(1f, 6f)];

    public static TheoryData<int, int> ChannelsAndWidths()
    {
        var data = new TheoryData<int, int>();
        foreach (var width in new[] { 14, 28, 42 })
        {
            for (var channels = 17; channels < 32; channels++)
            {
                data.Add(channels, width);
            }

            data.Add(72, width);
            data.Add(120, width);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ChannelsAndWidths))]
    public void MatchesTheReferenceAndTheWholeBlocksOverEveryLane(int channels, int width)
    {
        // Every padding whose columns a run's halves can meet: "same", and uneven splits of the four columns.
        foreach (var (left, right) in new[] { (2, 2), (1, 3), (3, 1), (4, 0), (0, 4) })
        {
            foreach (var strideHeight in new[] { 1, 2 })
            {
                var activation = Activations[(channels + left + strideHeight) % Activations.Length];
                var problem = new DepthwiseConvCase(
                    Batch: 2,
                    Channels: channels,
                    Multiplier: 1,
                    Height: 7,
                    Width: width,
                    Kernel: Kernel,
                    Stride: new Size2D(strideHeight, 1),
                    Dilation: 1,
                    Padding: Padding.Explicit(2, left, 2, right),
                    Layout: TensorLayout.Nchw,
                    Activation: activation,
                    HasBias: true,
                    Seed: channels + width + left,
                    Path: DepthwiseConvPath.Blocked);
                problem.AssertOptimizedMatchesReference();
                AssertEqualsWholeBlocks(problem);
            }
        }
    }

    [Fact]
    public void OnlySixteenLaneBlocksWithEightOrFewerLiveLanesAreHalfBlocks()
    {
        var geometry = ConvGeometry.Create(28, 28, Kernel, 1, 1, Padding.Explicit(2));
        Assert.True(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 72, 1), 16));
        Assert.True(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 120, 1), 16));
        Assert.True(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 17, 1), 16));
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 80, 1), 16), "whole blocks have no half block.");
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 73, 1), 16), "9 live lanes are more than a half.");
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 36, 2), 16), "a depth multiplier reads its input through a band.");

        // The Vector256 and Vector128 tiers (and scalar) have no half block: their blocks are a register wide.
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 72, 1), 8));
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 18, 1), 4));
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(geometry, 17, 1), 1));

        // Rows that are not runs of 14, and a row whose padding a run's halves would both meet, keep the 16-lane body.
        var sevenWide = ConvGeometry.Create(7, 7, Kernel, 1, 1, Padding.Explicit(2));
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(sevenWide, 72, 1), 16));
        var twentyWide = ConvGeometry.Create(20, 20, Kernel, 1, 1, Padding.Explicit(2));
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(twentyWide, 72, 1), 16));
        var wideLeft = ConvGeometry.Create(14, 10, Kernel, 1, 1, Padding.Explicit(0, 6, 0, 2));
        Assert.Equal(14, wideLeft.OutputWidth);
        Assert.False(HalfBlockPairs.Fits<HalfPairs5x5Stride1>(new DepthwiseConvDimensions(wideLeft, 72, 1), 16));
    }

    [Fact]
    public void AJobOnBlockedDataAtSixteenLanesTakesTheHalfBlock()
    {
        var geometry = ConvGeometry.Create(28, 28, Kernel, 1, 1, Padding.Explicit(2));
        var dimensions = new DepthwiseConvDimensions(geometry, 72, 1);
        var blocked = new DepthwiseConvJob(null, null, null, null, DepthwiseDataLayout.Blocked, 1, dimensions, 16, 1);
        var channelsLast = new DepthwiseConvJob(null, null, null, null, DepthwiseDataLayout.ChannelsLast, 1, dimensions, 16, 1);
        var planar = new DepthwiseConvJob(null, null, null, null, DepthwiseDataLayout.Planar, 1, dimensions, 16, 1);
        var eightLanes = new DepthwiseConvJob(null, null, null, null, DepthwiseDataLayout.Blocked, 1, dimensions, 8, 1);
        Assert.True(blocked.HalfLastBlock);
        Assert.False(channelsLast.HalfLastBlock, "channels-last data overlaps its last block with the one before.");
        Assert.False(planar.HalfLastBlock, "planar data goes through a 16-lane band.");
        Assert.False(eightLanes.HalfLastBlock);
    }

    // The problem's blocked kernel on input whose padding lanes hold finite values, against the same input as a layer of
    // whole blocks whose extra channels have zero weights and bias: every lane of every block, on 1–4 threads, with
    // cached and non-temporal stores.
    private static void AssertEqualsWholeBlocks(DepthwiseConvCase problem)
    {
        var (input, weights, bias) = problem.CreateTensors();
        var plan = DepthwiseConv2d.Prepare(weights, bias, problem.Options with { Threads = 1 });
        var lanes = plan.Lanes;
        var wholeChannels = DepthwiseConvKernel.Blocks(problem.Channels, lanes) * lanes;
        var taps = Kernel * Kernel;
        var wholeWeights = new float[wholeChannels * taps];
        weights.Span.CopyTo(wholeWeights);
        var wholeBias = new float[wholeChannels];
        bias!.Span.CopyTo(wholeBias);
        var wholePlan = DepthwiseConv2d.Prepare(new Tensor(wholeWeights, [wholeChannels, 1, Kernel, Kernel]), new Tensor(wholeBias, [wholeChannels]), problem.Options with { Threads = 1 });
        Assert.Equal(lanes, wholePlan.Lanes);

        // The padding lanes of the input hold random finite values, as the whole-block layer's extra channels do.
        var blockedInput = BlockedLayoutForTests.ToBlocked(input, lanes);
        var random = new Random(problem.Seed);
        for (var i = 0; i < blockedInput.Length; i++)
        {
            if (float.IsNaN(blockedInput[i]))
            {
                blockedInput[i] = (random.NextSingle() * 2f) - 1f;
            }
        }

        var geometry = ConvGeometry.Create(problem.Height, problem.Width, problem.Kernel, problem.Stride, problem.Dilation, problem.Padding);
        var outputLength = (int)(problem.Batch * DepthwiseConvKernel.Blocks(problem.Channels, lanes) * geometry.OutputPixels * lanes);
        var expected = Run(wholePlan, blockedInput, outputLength, problem, wholeChannels, nonTemporal: false);
        foreach (var nonTemporal in new[] { false, true })
        {
            for (var threads = 1; threads <= 4; threads++)
            {
                var threaded = DepthwiseConv2d.Prepare(weights, bias, problem.Options with { Threads = threads });
                var actual = Run(threaded, blockedInput, outputLength, problem, problem.Channels, nonTemporal);
                Assert.True(
                    expected.AsSpan().SequenceEqual(actual),
                    $"{problem}, {threads} threads, non-temporal {nonTemporal}: the half block differs from the whole block over its 16 lanes.");
            }
        }
    }

    // plan's blocked kernel on a 64-byte-aligned output (the non-temporal stores need it), the threshold at 0 or far above
    private static float[] Run(DepthwiseConv2dPlan plan, float[] blockedInput, int outputLength, DepthwiseConvCase problem, int channels, bool nonTemporal)
    {
        var output = PinnedScratch.AllocatePinned(outputLength);
        var outputSpan = output.AsSpan(PinnedScratch.AlignedOffset(output), outputLength);
        using (NonTemporalOutput.OverrideThreshold(nonTemporal ? 0 : long.MaxValue))
        {
            plan.ForwardBlocked(blockedInput, outputSpan, problem.Batch, channels, problem.Height, problem.Width);
        }

        return outputSpan.ToArray();
    }
}
