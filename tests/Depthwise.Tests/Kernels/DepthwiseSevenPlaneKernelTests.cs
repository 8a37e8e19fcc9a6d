using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The 3×3 stride-1 kernel for 7×7 NCHW planes with one padding pixel each side (whole plane in registers), run through
/// the flat-plane job: bit for bit against the channel-blocked kernel and against the scalar reference over channel
/// counts, depth multipliers, batches, activations, bias or none and threads; infinities at the plane's first and last
/// columns (which the taps of the neighbouring rows must not see) and in neighbouring planes. On tiers without AVX-512
/// the kernel is never chosen (checked) and the direct comparisons have nothing to run.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseSevenPlaneKernelTests
{
    private static readonly FlatPlaneKernelRun Seven = new("7×7 plane", geometry => DepthwiseSevenPlaneKernel.Supports(geometry));

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    [Fact]
    public void OnlySevenBySevenPlanesWithOnePaddingPixelEachSideTakeTheKernelWithAvx512()
    {
        var supported = DepthwiseFlatPlaneKernel.IsSupported;
        var layer = ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Explicit(1));
        Assert.Equal(supported, DepthwiseSevenPlaneKernel.Supports(layer));
        Assert.Equal(supported, DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.SameUpper)));
        Assert.Equal(supported, new FlatPlaneShape(layer).SevenPlane);
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(layer));

        // Other sizes, paddings, strides, dilations and kernels keep the other paths.
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(7, 8, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(8, 7, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(6, 6, 3, 1, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Explicit(1, 0, 1, 2))));
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Explicit(0, 1, 1, 1))));
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Valid)));
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(7, 7, 3, 2, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(7, 7, 3, 1, 2, Padding.Explicit(1))));
        Assert.False(DepthwiseSevenPlaneKernel.Supports(ConvGeometry.Create(7, 7, 5, 1, 1, Padding.Explicit(1))));
        Assert.False(new FlatPlaneShape(ConvGeometry.Create(7, 7, 3, 1, 1, Padding.Explicit(1, 0, 1, 2))).SevenPlane);
    }

    // Channel counts 1 … 40 (around every register width of the packed weights), depth multipliers 1–3, batches 1–3,
    // every activation, bias or none, 1–3 threads: the blocked kernel bit for bit, and the reference.
    [Fact]
    public void EveryChannelCountMultiplierAndBatchMatchesTheBlockedKernelAndTheReference()
    {
        for (var channels = 1; channels <= 40; channels++)
        {
            var testCase = DepthwiseConvCase.Default with
            {
                Height = 7,
                Width = 7,
                Channels = channels,
                Multiplier = 1 + (channels % 3),
                Batch = 1 + (channels % 3),
                Padding = channels % 2 == 0 ? Padding.SameUpper : Padding.Explicit(1),
                Activation = Activations[channels % Activations.Length],
                HasBias = channels % 4 != 0,
                Threads = 1 + (channels % 3),
            };
            Seven.AssertMatchesBlocked(testCase);
            Seven.AssertMatchesReference(testCase);
        }
    }

    // MobileNetV2's layer (960 channels) and a count that leaves a short last item per thread, through the operators:
    // the reference, and the same bits from NHWC (the blocked kernel), the blocked layout and a prepared plan.
    [Theory]
    [InlineData(960, 1)]
    [InlineData(960, 2)]
    [InlineData(93, 3)]
    public void OperatorsMatchTheReferenceAndTheBlockedKernel(int channels, int threads)
    {
        var testCase = DepthwiseConvCase.Default with { Height = 7, Width = 7, Channels = channels, Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = threads };
        testCase.AssertOptimizedMatchesReference();
        var (input, weights, bias) = testCase.CreateTensors();
        var flat = testCase.RunOptimized(input, weights, bias);
        var prepared = (testCase with { Path = DepthwiseConvPath.Prepared }).RunOptimized(input, weights, bias);
        var blocked = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
        var channelsLast = DepthwiseConv2d.Forward(input.ToLayout(TensorLayout.Nhwc), weights, bias, testCase.Options).ToLayout(TensorLayout.Nchw);
        Assert.True(flat.Span.SequenceEqual(prepared.Span), $"{testCase}: static and prepared differ.");
        Assert.True(flat.Span.SequenceEqual(blocked.Span), $"{testCase}: NCHW and blocked layout differ.");
        Assert.True(flat.Span.SequenceEqual(channelsLast.Span), $"{testCase}: NCHW and NHWC differ.");
    }

    [Fact]
    public void ThreadCountsGiveTheSameBits()
    {
        var testCase = DepthwiseConvCase.Default with { Height = 7, Width = 7, Channels = 37, Batch = 3, Padding = Padding.SameUpper, Activation = Activation.HardSwish };
        var (input, weights, bias) = testCase.CreateTensors();
        var one = Seven.Run(testCase with { Threads = 1 }, input, weights, bias);
        for (var threads = 2; threads <= 4; threads++)
        {
            var many = Seven.Run(testCase with { Threads = threads }, input, weights, bias);
            Assert.True(one is null == many is null);
            Assert.True(one is null || one.Span.SequenceEqual(many!.Span), $"{threads} threads differ from one.");
        }
    }

    // An infinity at a row's first or last column is the left or right neighbour of real pixels only in its own row: the
    // taps that would wrap into the next or previous row read padding. Each position of both columns in turn, against
    // the blocked kernel bit for bit (the NaNs and infinities where it has them, finite values elsewhere).
    [Fact]
    public void InfinitiesAtTheEdgeColumnsStayInTheirRows()
    {
        var testCase = DepthwiseConvCase.Default with { Height = 7, Width = 7, Channels = 3, Padding = Padding.Explicit(1), Threads = 1 };
        for (var row = 0; row < 7; row++)
        {
            foreach (var column in new[] { 0, 6 })
            {
                var (input, weights, bias) = testCase.CreateTensors();
                input.Span[49 + (row * 7) + column] = row % 2 == 0 ? float.PositiveInfinity : float.NegativeInfinity;
                var actual = Seven.Run(testCase, input, weights, bias);
                if (actual is null)
                {
                    return;
                }

                var expected = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
                Assert.True(expected.Span.SequenceEqual(actual.Span), $"infinity at ({row}, {column}): differs from the blocked kernel.");
                var finite = 0;
                foreach (var value in actual.Span.Slice(49, 49))
                {
                    finite += float.IsFinite(value) ? 1 : 0;
                }

                // The infinity reaches its 3×3 neighbourhood inside the plane and nothing else.
                var reached = (Math.Min(row + 1, 6) - Math.Max(row - 1, 0) + 1) * 2;
                Assert.Equal(49 - reached, finite);
            }
        }
    }

    // Infinities and NaNs in the planes either side of a channel (and at the ends of the tensor) must not reach its output.
    [Fact]
    public void NonFiniteNeighbouringPlanesDoNotLeak()
    {
        var testCase = DepthwiseConvCase.Default with { Height = 7, Width = 7, Channels = 3, Padding = Padding.Explicit(1), Threads = 1 };
        var (input, weights, bias) = testCase.CreateTensors();
        input.Span[..49].Fill(float.PositiveInfinity);
        input.Span[98..].Fill(float.NaN);
        var output = Seven.Run(testCase, input, weights, bias);

        input.Span[..49].Clear();
        input.Span[98..].Clear();
        var clean = Seven.Run(testCase, input, weights, bias);
        if (output is null || clean is null)
        {
            return;
        }

        var middle = output.Span.Slice(49, 49);
        Assert.True(middle.SequenceEqual(clean.Span.Slice(49, 49)), "channel 1 changed.");
        foreach (var value in middle)
        {
            Assert.True(float.IsFinite(value), $"channel 1 holds {value}.");
        }
    }

    [Fact]
    public void PreparedCallsAllocateNothingInTheSteadyState()
    {
        var testCase = DepthwiseConvCase.Default with { Height = 7, Width = 7, Channels = 96, Padding = Padding.SameUpper, Threads = 1 };
        var (input, weights, bias) = testCase.CreateTensors();
        var plan = DepthwiseConv2d.Prepare(weights, bias, testCase.Options);
        var output = plan.Forward(input);
        plan.Forward(input, output);
        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 10));
    }
}
