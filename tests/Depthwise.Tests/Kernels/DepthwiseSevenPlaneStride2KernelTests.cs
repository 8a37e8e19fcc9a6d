using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The 3×3 stride-2 kernel for 14×14 NCHW planes padded SAME_UPPER into 7×7 outputs (constant rows and permutes), run
/// through the flat-plane job: bit for bit against the channel-blocked kernel and against the scalar reference over
/// channel counts, depth multipliers, batches, activations, bias or none and threads; infinities at each pixel of the
/// last row and column (the padding taps next to them) and in neighbouring planes. On tiers without AVX-512 the kernel
/// is never chosen (checked) and the direct comparisons have nothing to run.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseSevenPlaneStride2KernelTests
{
    private static readonly FlatPlaneKernelRun Seven = new("14² → 7² plane", geometry => DepthwiseSevenPlaneStride2Kernel.Supports(geometry));

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    private static readonly Padding SameUpper = Padding.Explicit(0, 0, 1, 1);

    [Fact]
    public void OnlyFourteenByFourteenPlanesPaddedSameUpperAtStrideTwoTakeTheKernelWithAvx512()
    {
        var supported = DepthwiseFlatPlaneKernel.IsSupported;
        var layer = ConvGeometry.Create(14, 14, 3, 2, 1, Padding.SameUpper);
        Assert.Equal(supported, DepthwiseSevenPlaneStride2Kernel.Supports(layer));
        Assert.Equal(supported, DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(14, 14, 3, 2, 1, SameUpper)));
        Assert.Equal(supported, new FlatPlaneShape(layer).SevenPlaneStride2);
        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(layer));

        // Other sizes, paddings (torchvision's one pixel each side among them), strides, dilations and kernels keep the other paths.
        Assert.False(DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(14, 14, 3, 2, 1, Padding.Explicit(1))));
        Assert.False(DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(14, 14, 3, 2, 1, Padding.SameLower)));
        Assert.False(DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(13, 13, 3, 2, 1, Padding.SameUpper)));
        Assert.False(DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(14, 13, 3, 2, 1, Padding.SameUpper)));
        Assert.False(DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(16, 16, 3, 2, 1, Padding.SameUpper)));
        Assert.False(DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(14, 14, 3, 1, 1, Padding.SameUpper)));
        Assert.False(DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(14, 14, 5, 2, 1, Padding.SameUpper)));
        Assert.False(DepthwiseSevenPlaneStride2Kernel.Supports(ConvGeometry.Create(14, 14, 3, 2, 2, Padding.SameUpper)));
        Assert.False(new FlatPlaneShape(ConvGeometry.Create(14, 14, 3, 2, 1, Padding.Explicit(1))).SevenPlaneStride2);
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
                Height = 14,
                Width = 14,
                Stride = 2,
                Channels = channels,
                Multiplier = 1 + (channels % 3),
                Batch = 1 + (channels % 3),
                Padding = channels % 2 == 0 ? Padding.SameUpper : SameUpper,
                Activation = Activations[channels % Activations.Length],
                HasBias = channels % 4 != 0,
                Threads = 1 + (channels % 3),
            };
            Seven.AssertMatchesBlocked(testCase);
            Seven.AssertMatchesReference(testCase);
        }
    }

    // MobileNetV2's layer (576 channels) and a count that leaves a short last item per thread, through the operators:
    // the reference, and the same bits from NHWC (the blocked kernel), the blocked layout and a prepared plan.
    [Theory]
    [InlineData(576, 1)]
    [InlineData(576, 2)]
    [InlineData(93, 3)]
    public void OperatorsMatchTheReferenceAndTheBlockedKernel(int channels, int threads)
    {
        var testCase = DepthwiseConvCase.Default with { Height = 14, Width = 14, Stride = 2, Channels = channels, Padding = Padding.SameUpper, Activation = Activation.Relu6, Threads = threads };
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
        var testCase = DepthwiseConvCase.Default with { Height = 14, Width = 14, Stride = 2, Channels = 37, Batch = 3, Padding = Padding.SameUpper, Activation = Activation.HardSwish };
        var (input, weights, bias) = testCase.CreateTensors();
        var one = Seven.Run(testCase with { Threads = 1 }, input, weights, bias);
        for (var threads = 2; threads <= 4; threads++)
        {
            var many = Seven.Run(testCase with { Threads = threads }, input, weights, bias);
            Assert.True(one is null == many is null);
            Assert.True(one is null || one.Span.SequenceEqual(many!.Span), $"{threads} threads differ from one.");
        }
    }

    // An infinity anywhere on the plane's last row or last column, or at its first ones, reaches exactly the outputs
    // whose taps read it (against the blocked kernel bit for bit, and counted: output (y, x) reads rows 2y … 2y + 2 and
    // columns 2x … 2x + 2, the padding beyond row and column 13 reading nothing).
    [Fact]
    public void InfinitiesAtTheEdgesReachOnlyTheirOutputs()
    {
        var testCase = DepthwiseConvCase.Default with { Height = 14, Width = 14, Stride = 2, Channels = 3, Padding = Padding.SameUpper, Threads = 1 };
        for (var i = 0; i < 14; i++)
        {
            foreach (var (row, column) in new[] { (i, 13), (13, i), (i, 0), (0, i) })
            {
                var (input, weights, bias) = testCase.CreateTensors();
                input.Span[196 + (row * 14) + column] = i % 2 == 0 ? float.PositiveInfinity : float.NegativeInfinity;
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

                Assert.Equal(49 - (Reading(row) * Reading(column)), finite);
            }
        }

        // Outputs along one axis whose three taps 2o … 2o + 2 include pixel p (o < 7).
        static int Reading(int p) => Enumerable.Range(0, 7).Count(o => 2 * o <= p && p <= (2 * o) + 2);
    }

    // Infinities and NaNs in the planes either side of a channel (and at the ends of the tensor) must not reach its output.
    [Fact]
    public void NonFiniteNeighbouringPlanesDoNotLeak()
    {
        var testCase = DepthwiseConvCase.Default with { Height = 14, Width = 14, Stride = 2, Channels = 3, Padding = Padding.SameUpper, Threads = 1 };
        var (input, weights, bias) = testCase.CreateTensors();
        input.Span[..196].Fill(float.PositiveInfinity);
        input.Span[392..].Fill(float.NaN);
        var output = Seven.Run(testCase, input, weights, bias);

        input.Span[..196].Clear();
        input.Span[392..].Clear();
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
        var testCase = DepthwiseConvCase.Default with { Height = 14, Width = 14, Stride = 2, Channels = 96, Padding = Padding.SameUpper, Threads = 1 };
        var (input, weights, bias) = testCase.CreateTensors();
        var plan = DepthwiseConv2d.Prepare(weights, bias, testCase.Options);
        var output = plan.Forward(input);
        plan.Forward(input, output);
        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 10));
    }
}
