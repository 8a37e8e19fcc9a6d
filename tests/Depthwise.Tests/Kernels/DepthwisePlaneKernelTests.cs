using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The planar NCHW kernels (3×3, stride 1 and stride 2): against the scalar reference through the operators, and bit for bit against
/// the channel-blocked kernel — over output widths around every register width (including rows narrower than a
/// register), heights around the four-row group, every padding, channel counts, depth multipliers, activations,
/// batches and thread counts.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwisePlaneKernelTests
{
    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    private static readonly Padding[] Paddings =
    [
        Padding.Valid, Padding.SameUpper, Padding.SameLower, Padding.Explicit(1), Padding.Explicit(0, 2, 1, 3), Padding.Explicit(3, 0, 0, 2), Padding.Explicit(4, 5, 4, 5),
    ];

    public static TheoryData<int> PaddingIndices() => new(Enumerable.Range(0, Paddings.Length));

    [Fact]
    public void NchwThreeByThreeStrideOneOnWideRowsTakesThePlanarKernel()
    {
        Assert.True(DepthwisePlaneJob.Suits(Geometry(3, 1, 1, DepthwisePlaneJob.MinimumOutputWidth)));
        Assert.True(DepthwisePlaneJob.Suits(Geometry(3, 1, 1, 112)));
        Assert.False(DepthwisePlaneJob.Suits(Geometry(3, 1, 1, DepthwisePlaneJob.MinimumOutputWidth - 1)));
        Assert.True(DepthwisePlaneJob.Suits(Geometry(3, 2, 1, DepthwisePlaneJob.MinimumStride2OutputWidth)));
        Assert.False(DepthwisePlaneJob.Suits(Geometry(3, 2, 1, DepthwisePlaneJob.MinimumStride2OutputWidth - 1)));
        Assert.False(DepthwisePlaneJob.Suits(Geometry(5, 1, 1, 112)));
        Assert.False(DepthwisePlaneJob.Suits(Geometry(3, 1, 2, 112)));
    }

    // Calls whose data fit the caches run the row sweeps; 144×56² at batch 8 (29 MB) keeps the four-row groups.
    [Fact]
    public unsafe void RowSweepsRunOnCallsThatFitTheCaches()
    {
        var geometry = ConvGeometry.Create(56, 56, 3, 1, 1, Padding.SameUpper);
        var dimensions = new DepthwiseConvDimensions(geometry, 144, 1);
        Assert.True(new DepthwisePlaneJob(null, null, null, null, 16, 1, dimensions, 1).RowSweeps);
        Assert.False(new DepthwisePlaneJob(null, null, null, null, 16, 8, dimensions, 1).RowSweeps);
    }

    // Every width 1 … 40 (narrower than, equal to and around one, two and more registers of every width) through the
    // kernel directly, whatever the operator would choose, bit for bit against the blocked kernel.
    [Theory]
    [MemberData(nameof(PaddingIndices))]
    public void EveryOutputWidthMatchesTheBlockedKernelBitForBit(int padding)
    {
        for (var width = 1; width <= 40; width++)
        {
            foreach (var height in new[] { 1, 4, 7 })
            {
                var testCase = DepthwiseConvCase.Default with { Height = height, Width = width, Channels = 3, Padding = Paddings[padding], Threads = 1 + (width % 3) };
                if (testCase.Fits)
                {
                    AssertPlaneMatchesBlocked(testCase);
                }
            }
        }
    }

    // Stride 2: every output width 1 … 40 (input widths 1 … 81, even and odd), around one, two and more registers of
    // every width, with heights around the four-row group and the pair of groups.
    [Theory]
    [MemberData(nameof(PaddingIndices))]
    public void StrideTwoEveryWidthMatchesTheBlockedKernelBitForBit(int padding)
    {
        for (var width = 1; width <= 81; width++)
        {
            foreach (var height in new[] { 1, 9, 18 + (width % 4) })
            {
                var testCase = DepthwiseConvCase.Default with
                {
                    Height = height,
                    Width = width,
                    Channels = 2,
                    Stride = 2,
                    Padding = Paddings[padding],
                    Threads = 1 + (width % 3),
                    Activation = Activations[width % Activations.Length],
                };
                if (testCase.Fits)
                {
                    AssertPlaneMatchesBlocked(testCase);
                }
            }
        }
    }

    // Stride 2: heights 1 … 40 cover tiles shorter than a group, one group, a pair of groups and every remainder, with
    // the border rows; channel counts around the register widths, M > 1, batches, thread counts (row tiles).
    [Fact]
    public void StrideTwoEveryHeightChannelCountAndMultiplierMatchesTheBlockedKernelBitForBit()
    {
        for (var height = 1; height <= 40; height++)
        {
            foreach (var (channels, multiplier, width) in new[] { (1, 1, 28), (5, 1, 14), (17, 1, 57), (2, 3, 7), (8, 2, 112) })
            {
                var testCase = DepthwiseConvCase.Default with
                {
                    Height = height,
                    Width = width,
                    Channels = channels,
                    Multiplier = multiplier,
                    Stride = 2,
                    Padding = Paddings[height % Paddings.Length],
                    Threads = 1 + (height % 3),
                    Activation = Activations[height % Activations.Length],
                    Batch = 1 + (height % 2),
                    HasBias = height % 4 != 0,
                };
                if (testCase.Fits)
                {
                    AssertPlaneMatchesBlocked(testCase);
                }
            }
        }
    }

    // Heights 1 … 13 cover row tiles shorter than a group, whole groups and every remainder, with the top and bottom
    // border rows; channel counts around the register widths and M > 1 (a lane's plane pointer picks its input channel).
    [Fact]
    public void EveryHeightChannelCountAndMultiplierMatchesTheBlockedKernelBitForBit()
    {
        for (var height = 1; height <= 13; height++)
        {
            foreach (var (channels, multiplier) in new[] { (1, 1), (5, 1), (17, 1), (2, 3), (8, 2) })
            {
                var testCase = DepthwiseConvCase.Default with
                {
                    Height = height,
                    Width = 19,
                    Channels = channels,
                    Multiplier = multiplier,
                    Padding = Paddings[height % Paddings.Length],
                    Threads = 1 + (height % 3),
                    Activation = Activations[height % Activations.Length],
                    Batch = 1 + (height % 2),
                    HasBias = height % 4 != 0,
                };
                if (testCase.Fits)
                {
                    AssertPlaneMatchesBlocked(testCase);
                }
            }
        }
    }

    // Stride 1, rows of an odd number of registers (35 … 114 input columns: 3 or 7 registers of 16, 5, 7 or 15 of 8):
    // the leftover register pairs with the one four rows down, and the top and bottom groups skip a padding row;
    // heights 1 … 21 cover one, two and three groups with every remainder, every padding and row tiles (threads).
    [Fact]
    public void LeftoverRegistersAndPaddingRowGroupsMatchTheBlockedKernelBitForBit()
    {
        for (var height = 1; height <= 21; height++)
        {
            foreach (var width in new[] { 35, 42, 49, 114 })
            {
                var testCase = DepthwiseConvCase.Default with
                {
                    Height = height,
                    Width = width,
                    Channels = 3,
                    Padding = Paddings[(height + width) % Paddings.Length],
                    Threads = 1 + (height % 3),
                    Activation = Activations[(height + width) % Activations.Length],
                    HasBias = height % 4 != 1,
                };
                if (testCase.Fits)
                {
                    AssertPlaneMatchesBlocked(testCase);
                }
            }
        }
    }

    // One padding column each side (the row sweeps on AVX-512): widths 17 … 72 and around 96, 112 and 128 (whole
    // registers, a half register at 16k + 8, and a last register pulled back over its neighbour by 1 … 15 columns),
    // heights around the eight- and four-row groups with the top and bottom groups on padding rows, activations, bias, batches, multipliers and row tiles;
    // against the scalar reference and bit for bit against the blocked kernel.
    [Fact]
    public void RowSweepWidthsMatchTheReferenceAndTheBlockedKernel()
    {
        var widths = Enumerable.Range(17, 56).Concat([95, 96, 97, 111, 112, 113, 127, 128, 129]).ToArray();
        var heights = new[] { 3, 4, 5, 8, 9, 10, 11, 12, 13, 16, 17, 20, 24, 7 };
        var paddings = new[] { Padding.SameUpper, Padding.Explicit(1), Padding.Explicit(1, 0, 1, 0), Padding.Explicit(0, 1, 0, 1) };
        for (var index = 0; index < widths.Length; index++)
        {
            var testCase = DepthwiseConvCase.Default with
            {
                Height = heights[index % heights.Length],
                Width = widths[index],
                Channels = 1 + (index % 4),
                Multiplier = 1 + (index % 7 == 3 ? 1 : 0),
                Padding = paddings[index % paddings.Length],
                Activation = Activations[index % Activations.Length],
                HasBias = index % 3 != 0,
                Batch = 1 + (index % 5 == 2 ? 1 : 0),
                Threads = 1 + (index % 3),
            };
            var (input, weights, bias) = testCase.CreateTensors();
            var planar = RunPlanar(testCase, input, weights, bias);
            testCase.AssertMatchesReference(input, weights, bias, planar);
            var blocked = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
            Assert.True(blocked.Span.SequenceEqual(planar.Span), $"{testCase}: the planar kernel differs from the blocked one.");
        }
    }

    // Through the operators on shapes that select the planar kernel: the reference, and the same bits as NHWC (which
    // runs the blocked kernel) and as the blocked layout.
    [Theory]
    [MemberData(nameof(PaddingIndices))]
    public void OperatorsOnWideRowsMatchTheReferenceAndTheBlockedKernel(int padding)
    {
        var widths = new[]
        {
            (DepthwisePlaneJob.MinimumOutputWidth, 1), (DepthwisePlaneJob.MinimumOutputWidth + 3, 1), (75, 1), (112, 1),
            (DepthwisePlaneJob.MinimumStride2OutputWidth, 2), (DepthwisePlaneJob.MinimumStride2OutputWidth + 5, 2), (56, 2),
        };
        for (var index = 0; index < widths.Length; index++)
        {
            var (outputWidth, stride) = widths[index];
            var testCase = DepthwiseConvCase.Default with
            {
                Height = (5 + index) * stride,
                Width = (outputWidth * stride) + 2,
                Stride = stride,
                Channels = 2 + index,
                Multiplier = 1 + (index % 2),
                Padding = Paddings[padding],
                Activation = Activations[(padding + index) % Activations.Length],
                Batch = 1 + (index % 2),
                Threads = 1 + (index % 3),
            };
            if (!testCase.Fits)
            {
                continue;
            }

            testCase.AssertEntryPointsAgree("planar");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ThreadCountsGiveTheSameBits(int stride)
    {
        var testCase = DepthwiseConvCase.Default with { Height = 9 * stride, Width = 60 * stride, Channels = 3, Stride = stride, Activation = Activation.Relu6 };
        var (input, weights, bias) = testCase.CreateTensors();
        var expected = DepthwiseConv2d.Forward(input, weights, bias, testCase.Options with { Threads = 1 });
        foreach (var threads in new[] { 2, 3, 5 })
        {
            var actual = DepthwiseConv2d.Forward(input, weights, bias, testCase.Options with { Threads = threads });
            Assert.True(expected.Span.SequenceEqual(actual.Span), $"{threads} threads differ from one.");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PreparedCallsAllocateNothingInTheSteadyState(int stride)
    {
        var testCase = DepthwiseConvCase.Default with { Height = 12 * stride, Width = 64 * stride, Channels = 4, Stride = stride, Threads = 1 };
        var (input, weights, bias) = testCase.CreateTensors();
        var plan = DepthwiseConv2d.Prepare(weights, bias, testCase.Options);
        var output = plan.Forward(input);
        plan.Forward(input, output);
        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 10));
    }

    private static ConvGeometry Geometry(int kernel, int stride, int dilation, int outputWidth) =>
        ConvGeometry.Create(8, ((outputWidth - 1) * stride) + 1, kernel, stride, dilation, Padding.SameUpper);

    // Runs the planar kernel directly (whatever DepthwisePlaneJob.Suits says) and the blocked kernel through the plan's
    // blocked entry point, and compares every bit.
    private static void AssertPlaneMatchesBlocked(DepthwiseConvCase testCase)
    {
        var (input, weights, bias) = testCase.CreateTensors();
        var expected = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
        var actual = RunPlanar(testCase, input, weights, bias);
        Assert.True(expected.Span.SequenceEqual(actual.Span), $"{testCase}: the planar kernel differs from the blocked one.");
    }

    // The planar kernel run directly on the case's tensors, whatever DepthwisePlaneJob.Suits says.
    private static unsafe Tensor RunPlanar(DepthwiseConvCase testCase, Tensor input, Tensor weights, Tensor? bias)
    {
        var options = testCase.Options;
        var problem = DepthwiseConvProblem.Create(input, weights.Shape[0], testCase.Kernel, options, nameof(weights));
        return PackedNchwKernelCall.Run(testCase, problem, input, weights, bias, (inputStart, outputStart, weightsStart, biasStart) =>
            DepthwiseConvDispatch.Run(
                new DepthwisePlaneJob(inputStart, outputStart, weightsStart, biasStart, problem.Lanes, problem.Batch, problem.Dimensions, problem.Threads),
                options.Activation,
                problem.Threads));
    }
}
