using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The flat-plane NCHW kernel (3×3, stride 1 and 2, padded rows up to 32 pixels), run directly whatever the dispatcher
/// would choose: bit for bit against the channel-blocked kernel over every width and height up to the limit, every
/// padding, channel counts, depth multipliers, activations, batches and thread counts; through the operators against the
/// reference; and a NaN or infinity in a neighbouring plane must not leak into a channel's output. On tiers without
/// AVX-512 the kernel is never chosen (checked) and the direct comparisons have nothing to run.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseFlatPlaneKernelTests
{
    private static readonly FlatPlaneKernelRun Flat = new("flat-plane", geometry => DepthwiseFlatPlaneKernel.Supports(geometry));

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    private static readonly Padding[] Paddings =
    [
        Padding.Valid, Padding.SameUpper, Padding.SameLower, Padding.Explicit(1), Padding.Explicit(2), Padding.Explicit(0, 2, 1, 3), Padding.Explicit(3, 0, 0, 2), Padding.Explicit(4, 5, 4, 5),
    ];

    public static TheoryData<int, int> StridesAndPaddings()
    {
        var data = new TheoryData<int, int>();
        foreach (var stride in new[] { 1, 2 })
        {
            for (var padding = 0; padding < Paddings.Length; padding++)
            {
                data.Add(stride, padding);
            }
        }

        return data;
    }

    [Fact]
    public void OutputRowsOfSevenAndOfFourteenToThirtyTakeTheFlatKernelOnlyWithAvx512()
    {
        var supported = DepthwiseFlatPlaneKernel.IsSupported;
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(14, 14, 3, 1, 1, Padding.Explicit(1))));
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(28, 28, 3, 1, 1, Padding.SameUpper)));
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(5, 30, 3, 1, 1, Padding.Explicit(1))));
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(28, 28, 3, 2, 1, Padding.SameUpper)));
        Assert.Equal(supported, DepthwiseFlatPlaneKernel.Supports(ConvGeometry.Create(14, 14, 3, 2, 1, Padding.Explicit(1))));

        // Output rows of 7 pair up (padded rows of at most 16), whatever the padding.
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Explicit(1))));
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(9, 9, 3, 1, 1, Padding.Valid)));
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Explicit(1, 0, 1, 2))));
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(14, 14, 3, 2, 1, Padding.SameUpper)));
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(14, 14, 3, 2, 1, Padding.Explicit(1))));
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(13, 13, 3, 2, 1, Padding.SameLower)));

        // Other rows narrower than 14 (6² stride 1, 12² → 6² stride 2, 10² stride 1: not measured), padded rows wider
        // than 32, other kernels and dilations, and planes too tall for the scratch limit keep the other paths.
        Assert.False(DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(6, 6, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(12, 12, 3, 2, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(10, 10, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(28, 31, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(14, 14, 5, 1, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(14, 14, 3, 1, 2, Padding.Explicit(2))));
        Assert.False(DepthwiseFlatPlaneKernel.Supports(ConvGeometry.Create(14, 14, 3, new Size2D(2, 1), 1, Padding.Explicit(1))));
        Assert.False(DepthwiseFlatPlaneKernel.Supports(ConvGeometry.Create(100_000, 14, 3, 1, 1, Padding.Explicit(1))));
    }

    // Rows that lie next to each other in memory as in the register (stride 1, one padding column each side, rows of
    // at most 8) load their taps directly; other paired geometries keep the permutes. PairedRowsMatchTheReferenceAndTheBlockedKernel
    // runs both variants over every width and height.
    [Fact]
    public void OnlyStrideOneRowsWithOnePaddingColumnEachSideOfAtMostEightPixelsAreAdjacent()
    {
        Assert.True(FlatPlaneShape.Adjacent(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Explicit(1))));
        Assert.True(FlatPlaneShape.Adjacent(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.SameUpper)));
        Assert.True(FlatPlaneShape.Adjacent(ConvGeometry.Create(19, 8, 3, 1, 1, Padding.Explicit(0, 1, 3, 1))));
        Assert.True(FlatPlaneShape.Adjacent(ConvGeometry.Create(1, 1, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(FlatPlaneShape.Adjacent(ConvGeometry.Create(9, 9, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(FlatPlaneShape.Adjacent(ConvGeometry.Create(9, 9, 3, 1, 1, Padding.Valid)));
        Assert.False(FlatPlaneShape.Adjacent(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Explicit(1, 0, 1, 2))));
        Assert.False(FlatPlaneShape.Adjacent(ConvGeometry.Create(14, 14, 3, 2, 1, Padding.SameUpper)));
    }

    // Rows of 9–31 pixels at stride 1 with one padding column each side are one or two registers each, their taps their
    // shifts; EveryWidthAndHeightMatchesTheBlockedKernelBitForBit runs them (and the scratch variant beside them) at every width.
    [Fact]
    public void OnlyStrideOneRowsWithOnePaddingColumnEachSideOfNineToThirtyOnePixelsShift()
    {
        Assert.True(FlatPlaneShape.Shifts(ConvGeometry.Create(14, 14, 3, 1, 1, Padding.Explicit(1))));
        Assert.True(FlatPlaneShape.Shifts(ConvGeometry.Create(14, 14, 3, 1, 1, Padding.SameUpper)));
        Assert.True(FlatPlaneShape.Shifts(ConvGeometry.Create(3, 9, 3, 1, 1, Padding.Explicit(0, 1, 2, 1))));
        Assert.True(FlatPlaneShape.Shifts(ConvGeometry.Create(29, 15, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(FlatPlaneShape.Shifts(ConvGeometry.Create(8, 8, 3, 1, 1, Padding.Explicit(1))));
        Assert.True(FlatPlaneShape.Shifts(ConvGeometry.Create(16, 16, 3, 1, 1, Padding.Explicit(1))));
        Assert.True(FlatPlaneShape.Shifts(ConvGeometry.Create(28, 28, 3, 1, 1, Padding.SameUpper)));
        Assert.False(FlatPlaneShape.Shifts(ConvGeometry.Create(32, 32, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(FlatPlaneShape.Shifts(ConvGeometry.Create(14, 14, 3, 1, 1, Padding.Explicit(1, 2, 1, 0))));
        Assert.False(FlatPlaneShape.Shifts(ConvGeometry.Create(28, 28, 3, 2, 1, Padding.SameUpper)));
    }

    // Every input width 1 … 32 that fits (padded rows up to the limit, one and two registers, rows narrower than a
    // register), heights from one row to several registers' worth, bit for bit against the blocked kernel.
    [Theory]
    [MemberData(nameof(StridesAndPaddings))]
    public void EveryWidthAndHeightMatchesTheBlockedKernelBitForBit(int stride, int padding)
    {
        for (var width = 1; width <= 32; width++)
        {
            foreach (var height in new[] { 1, 2, 7, 14 + (width % 3), 29 })
            {
                var testCase = DepthwiseConvCase.Default with
                {
                    Height = height,
                    Width = width,
                    Channels = 2,
                    Stride = stride,
                    Padding = Paddings[padding],
                    Threads = 1 + (width % 3),
                    Activation = Activations[(width + height) % Activations.Length],
                };
                Flat.AssertMatchesBlocked(testCase);
            }
        }
    }

    // Rows that pair up (two output rows per register, no scratch): every geometry that pairs — input widths 1 … 16
    // under every padding — at every height 1 … 19 (one group of eight rows, several, and a pulled-back last group),
    // against the scalar reference and bit for bit against the blocked kernel; depth multiplier 2 reads each plane twice.
    [Theory]
    [MemberData(nameof(StridesAndPaddings))]
    public void PairedRowsMatchTheReferenceAndTheBlockedKernel(int stride, int padding)
    {
        for (var width = 1; width <= 16; width++)
        {
            for (var height = 1; height <= 19; height++)
            {
                var testCase = DepthwiseConvCase.Default with
                {
                    Height = height,
                    Width = width,
                    Channels = 2,
                    Multiplier = 1 + (height % 2),
                    Stride = stride,
                    Padding = Paddings[padding],
                    Threads = 1 + (height % 2),
                    Activation = Activations[(width + height) % Activations.Length],
                };
                if (!testCase.Fits || !FlatPlaneShape.Pairs(ConvGeometry.Create(height, width, testCase.Kernel, stride, 1, Paddings[padding])))
                {
                    continue;
                }

                Flat.AssertMatchesBlocked(testCase);
                Flat.AssertMatchesReference(testCase);
            }
        }
    }

    // Channel counts 1 … 40 (around every register width of the packed weights), depth multipliers, batches 1–3,
    // bias or none, 1–3 threads.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryChannelCountMultiplierAndBatchMatchesTheBlockedKernelBitForBit(int stride)
    {
        for (var channels = 1; channels <= 40; channels++)
        {
            var testCase = DepthwiseConvCase.Default with
            {
                Height = 5 + (channels % 11),
                Width = new[] { 7, 14, 15, 16, 17, 28 }[channels % 6],
                Channels = channels,
                Multiplier = 1 + (channels % 3),
                Batch = 1 + (channels % 3),
                Stride = stride,
                Padding = Paddings[channels % Paddings.Length],
                Activation = Activations[channels % Activations.Length],
                HasBias = channels % 4 != 0,
                Threads = 1 + (channels % 3),
            };
            Flat.AssertMatchesBlocked(testCase);
        }
    }

    // Through the operators (the flat kernel on the stride-1 shapes of 14 and 28 columns): the reference, and the same
    // bits as NHWC (the blocked kernel), the blocked layout and a prepared plan.
    [Theory]
    [InlineData(7, 1, 1)]
    [InlineData(14, 1, 2)]
    [InlineData(28, 1, 3)]
    [InlineData(14, 2, 1)]
    [InlineData(28, 2, 2)]
    [InlineData(15, 2, 3)]
    public void OperatorsOnSmallPlanesMatchTheReferenceAndTheBlockedKernel(int size, int stride, int threads)
    {
        foreach (var padding in new[] { Padding.Explicit(1), Padding.SameUpper, Padding.Valid })
        {
            var testCase = DepthwiseConvCase.Default with
            {
                Height = size,
                Width = size,
                Stride = stride,
                Channels = 19,
                Padding = padding,
                Activation = Activation.Relu6,
                Batch = 2,
                Threads = threads,
            };
            testCase.AssertEntryPointsAgree("flat");
        }
    }

    // 14² s1 (rows of one register), 14² → 7² s2 and 7² s1 (paired rows).
    [Theory]
    [InlineData(14, 1)]
    [InlineData(14, 2)]
    [InlineData(7, 1)]
    public void ThreadCountsGiveTheSameBits(int size, int stride)
    {
        var testCase = DepthwiseConvCase.Default with { Height = size, Width = size, Channels = 37, Stride = stride, Batch = 3, Activation = Activation.HardSwish };
        var (input, weights, bias) = testCase.CreateTensors();
        var expected = DepthwiseConv2d.Forward(input, weights, bias, testCase.Options with { Threads = 1 });
        foreach (var threads in new[] { 2, 3, 5 })
        {
            var actual = DepthwiseConv2d.Forward(input, weights, bias, testCase.Options with { Threads = threads });
            Assert.True(expected.Span.SequenceEqual(actual.Span), $"{threads} threads differ from one.");
        }
    }

    // Infinities and NaNs in the planes either side of a channel (and at the ends of the tensor) must not reach its
    // output: each plane's loads see only its own pixels and zero padding.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NonFiniteNeighbouringPlanesDoNotLeak(int stride)
    {
        foreach (var size in new[] { 3, 7, 14, 16, 28 })
        {
            var testCase = DepthwiseConvCase.Default with { Height = size, Width = size, Channels = 3, Stride = stride, Padding = Padding.Explicit(1), Threads = 1 };
            var (input, weights, bias) = testCase.CreateTensors();
            var plane = size * size;
            input.Span[..plane].Fill(float.PositiveInfinity);
            input.Span[(2 * plane)..].Fill(float.NaN);
            var output = Flat.Run(testCase, input, weights, bias);

            input.Span[..plane].Clear();
            input.Span[(2 * plane)..].Clear();
            var clean = Flat.Run(testCase, input, weights, bias);
            if (output is null || clean is null)
            {
                return;
            }

            var outputPlane = output.Shape[2] * output.Shape[3];
            var middle = output.Span.Slice(outputPlane, outputPlane);
            Assert.True(middle.SequenceEqual(clean.Span.Slice(outputPlane, outputPlane)), $"{size}×{size} stride {stride}: channel 1 changed.");
            foreach (var value in middle)
            {
                Assert.True(float.IsFinite(value), $"{size}×{size} stride {stride}: channel 1 holds {value}.");
            }
        }
    }

    [Theory]
    [InlineData(14, 1)]
    [InlineData(14, 2)]
    [InlineData(7, 1)]
    public void PreparedCallsAllocateNothingInTheSteadyState(int size, int stride)
    {
        var testCase = DepthwiseConvCase.Default with { Height = size, Width = size, Channels = 40, Stride = stride, Threads = 1 };
        var (input, weights, bias) = testCase.CreateTensors();
        var plan = DepthwiseConv2d.Prepare(weights, bias, testCase.Options);
        var output = plan.Forward(input);
        plan.Forward(input, output);
        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 10));
    }
}
