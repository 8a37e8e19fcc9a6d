using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Kernels;

namespace Depthwise.Tests.Operators;

/// <summary>
/// Non-temporal output stores change where the output is cached, never its bits: small problems forced onto them (the
/// working-set threshold lowered to 0 on the test's thread) against the same call with cached stores and against the
/// scalar reference, at every thread count, on aligned outputs (non-temporal) and misaligned ones (the policy's
/// fallback to cached stores).
/// </summary>
[Trait("Category", "Kernel")]
public class NonTemporalOutputTests
{
    // Channels around the vector widths (a partial last block), widths below a block of eight pixels, equal to it and
    // above (partial blocks at each row's end and the item's last rows), rows of 14, 28 and 56 (3×3 stride 1: the
    // strips in short bands that step the prefetching feed between strips, two strips a row at 14; the other bodies:
    // the run and row-pair drivers, whose steps issue the feed's whole groups of lines), the 3×3 and 5×5 bodies and the
    // generic one, a depth multiplier (the band feed), strides 1 and 2.
    public static TheoryData<int, int, int, int, int> Problems()
    {
        var data = new TheoryData<int, int, int, int, int>();
        foreach (var (channels, width) in new[] { (16, 9), (21, 5), (32, 17), (7, 8), (48, 30), (16, 56), (40, 28), (32, 14) })
        {
            foreach (var (kernel, stride, multiplier) in new[] { (3, 1, 1), (3, 2, 1), (5, 1, 1), (4, 1, 1), (3, 1, 2) })
            {
                data.Add(channels, width, kernel, stride, multiplier);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void BlockedLayoutGivesTheSameBitsWithNonTemporalStores(int channels, int width, int kernel, int stride, int multiplier)
    {
        foreach (var threads in new[] { 1, 2, 3 })
        {
            var problem = DepthwiseConvCase.Default with
            {
                Batch = 2,
                Channels = channels,
                Multiplier = multiplier,
                Height = width + 3,
                Width = width,
                Kernel = kernel,
                Stride = stride,
                Activation = Activation.Relu6,
                Threads = threads,
            };
            var (input, weights, bias) = problem.CreateTensors();
            var plan = DepthwiseConv2d.Prepare(weights, bias, problem.Options);
            var cached = RunBlocked(problem, plan, input, misalignment: 0, nonTemporal: false);
            var nonTemporal = RunBlocked(problem, plan, input, misalignment: 0, nonTemporal: true);
            var misaligned = RunBlocked(problem, plan, input, misalignment: 1, nonTemporal: true);
            Assert.True(cached.Span.SequenceEqual(nonTemporal.Span), $"{problem}: non-temporal stores changed the result.");
            Assert.True(cached.Span.SequenceEqual(misaligned.Span), $"{problem}: a misaligned output changed the result.");
            problem.AssertMatchesReference(input, weights, bias, nonTemporal);
        }
    }

    // 16 and 32 channels give whole registers per pixel (non-temporal on an aligned tensor), 24 and 13 do not at
    // AVX-512 (the fallback); the output tensor starts on a 64-byte boundary or 8 bytes past one (arrays start 8-byte aligned).
    [Theory]
    [InlineData(16, 0)]
    [InlineData(32, 0)]
    [InlineData(32, 2)]
    [InlineData(24, 0)]
    [InlineData(13, 0)]
    public unsafe void ChannelsLastGivesTheSameBitsWithNonTemporalStores(int channels, int misalignment)
    {
        foreach (var threads in new[] { 1, 2, 3 })
        {
            var problem = DepthwiseConvCase.Default with
            {
                Batch = 2,
                Channels = channels,
                Height = 12,
                Width = 11,
                Layout = TensorLayout.Nhwc,
                Activation = Activation.HardSwish,
                Threads = threads,
            };
            var (input, weights, bias) = problem.CreateTensors();
            var cached = DepthwiseConv2d.Forward(input, weights, bias, problem.Options);
            var output = PinnedTensorAt(cached.ShapeArray(), misalignment);
            using (NonTemporalOutput.OverrideThreshold(0))
            {
                DepthwiseConv2d.Forward(input, weights, bias, output, problem.Options);
            }

            Assert.True(cached.Span.SequenceEqual(output.Span), $"{problem}: non-temporal stores changed the result.");
            problem.AssertMatchesReference(input, weights, bias, output);
        }
    }

    [Fact]
    public unsafe void PolicyNeedsAlignedRegistersAndALargeWorkingSet()
    {
        var lanes = SimdWidth.Widest;
        var buffer = PinnedScratch.AllocatePinned(4 * lanes);
        var aligned = PinnedScratch.AlignedStart(buffer);
        var vectors = Sse.IsSupported && lanes >= 4;

        Assert.False(NonTemporalOutput.Suits(aligned, lanes, lanes, 1 << 20), "a working set of 1 MiB should keep cached stores.");
        using (NonTemporalOutput.OverrideThreshold(0))
        {
            Assert.Equal(vectors, NonTemporalOutput.Suits(aligned, lanes, lanes, 1));
            Assert.Equal(vectors, NonTemporalOutput.Suits(aligned, 3 * lanes, lanes, 1));
            Assert.False(NonTemporalOutput.Suits(aligned + 1, lanes, lanes, 1), "a misaligned output cannot take aligned stores.");
            Assert.False(NonTemporalOutput.Suits(aligned, lanes + 1, lanes, 1), "a pixel stride that is not a whole number of registers misaligns all but the first pixel.");
        }

        Assert.False(NonTemporalOutput.Suits(aligned, lanes, lanes, 1), "the override should end with its scope.");
    }

    // The plan's blocked kernel on pinned spans whose output starts `misalignment` floats past a 64-byte boundary, with
    // the threshold at 0 (non-temporal when aligned) or left at its default (far above these problems).
    private static unsafe Tensor RunBlocked(DepthwiseConvCase problem, DepthwiseConv2dPlan plan, Tensor input, int misalignment, bool nonTemporal)
    {
        var lanes = plan.Lanes;
        var geometry = ConvGeometry.Create(problem.Height, problem.Width, problem.Kernel, problem.Stride, problem.Dilation, problem.Padding);
        var outputChannels = problem.Channels * problem.Multiplier;
        var blockedInput = BlockedLayoutForTests.ToBlocked(input, lanes);
        var outputLength = (int)(problem.Batch * DepthwiseConvKernel.Blocks(outputChannels, lanes) * geometry.OutputPixels * lanes);
        var output = PinnedScratch.AllocatePinned(outputLength + misalignment);
        var outputSpan = output.AsSpan(PinnedScratch.AlignedOffset(output) + misalignment, outputLength);
        using (NonTemporalOutput.OverrideThreshold(nonTemporal ? 0 : long.MaxValue))
        {
            plan.ForwardBlocked(blockedInput, outputSpan, problem.Batch, problem.Channels, problem.Height, problem.Width);
        }

        return BlockedLayoutForTests.FromBlocked(outputSpan.ToArray(), problem.Batch, outputChannels, geometry.OutputHeight, geometry.OutputWidth, lanes);
    }

    // A channels-last tensor on a pinned array whose first element lies `misalignment` floats past a 64-byte boundary.
    // A tensor starts at its array's first element, so arrays are allocated, with spacers of varying size between them
    // to move the next one along, until one lands there.
    private static unsafe Tensor PinnedTensorAt(int[] shape, int misalignment)
    {
        var length = shape.Aggregate(1, (product, dimension) => product * dimension);
        var spacers = new List<float[]>();
        for (var attempt = 0; attempt < 256; attempt++)
        {
            var data = GC.AllocateArray<float>(length, pinned: true);
            fixed (float* start = data)
            {
                if ((nint)start % 64 == misalignment * sizeof(float))
                {
                    return new Tensor(data, shape, TensorLayout.Nhwc);
                }
            }

            spacers.Add(GC.AllocateArray<float>(1 + (attempt % 15), pinned: true));
        }

        Assert.Fail($"no pinned array landed {misalignment} floats past a 64-byte boundary in 256 attempts.");
        return null!;
    }
}
