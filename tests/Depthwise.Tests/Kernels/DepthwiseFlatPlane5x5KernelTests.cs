using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The 5×5 stride-1 flat-plane NCHW kernel (two padding columns each side, rows of 9–16 pixels), run directly whatever
/// the dispatcher would choose: bit for bit against the channel-blocked kernel over every width it takes, heights from
/// one row to two groups and a pulled-back one, top and bottom paddings 0–4, activations, channel counts (odd ones end
/// on the one-channel group), depth multipliers, batches and threads; against the scalar reference; and a NaN or
/// infinity in a neighbouring plane must not leak. On tiers without AVX-512 the kernel is never chosen (checked) and the
/// direct comparisons have nothing to run.
/// </summary>
[Trait("Category", "Kernel")]
public class DepthwiseFlatPlane5x5KernelTests
{
    private static readonly FlatPlaneKernelRun Flat = new("5×5 flat-plane", geometry => DepthwiseFlatPlane5x5Kernel.Supports(geometry));

    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    [Fact]
    public void FiveByFiveRowsOfNineToSixteenWithTwoPaddingColumnsTakeTheKernelOnlyWithAvx512()
    {
        var supported = DepthwiseFlatPlaneKernel.IsSupported;
        var layer = ConvGeometry.Create(14, 14, 5, 1, 1, Padding.Explicit(2));
        Assert.Equal(supported, DepthwiseFlatPlane5x5Kernel.Supports(layer));
        Assert.Equal(supported, DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(14, 14, 5, 1, 1, Padding.SameUpper)));
        Assert.Equal(supported, DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(3, 9, 5, 1, 1, Padding.Explicit(0, 2, 4, 2))));
        Assert.Equal(supported, DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(30, 16, 5, 1, 1, Padding.Explicit(2))));

        Assert.Equal(supported, DepthwiseFlatPlaneJob.Suits(layer));

        // Other widths, paddings, strides, dilations and kernels keep the other paths.
        Assert.False(DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(8, 8, 5, 1, 1, Padding.Explicit(2))));
        Assert.False(DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(17, 17, 5, 1, 1, Padding.Explicit(2))));
        Assert.False(DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(28, 28, 5, 1, 1, Padding.Explicit(2))));
        Assert.False(DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(14, 14, 5, 1, 1, Padding.Explicit(2, 1, 2, 3))));
        Assert.False(DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(14, 14, 5, 2, 1, Padding.Explicit(2))));
        Assert.False(DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(14, 14, 5, 1, 2, Padding.Explicit(2))));
        Assert.False(DepthwiseFlatPlane5x5Kernel.Supports(ConvGeometry.Create(14, 14, 3, 1, 1, Padding.Explicit(2))));
        Assert.False(DepthwiseFlatPlaneJob.Suits(ConvGeometry.Create(14, 14, 5, 2, 1, Padding.Explicit(2))));
    }

    // Every width the kernel takes, heights from one row to beyond two groups of fourteen (a whole plane of 14 with two
    // padding rows each side is the typed fast case; others load rows outside the image as zeros), top and bottom
    // paddings 0–4, bit for bit against the blocked kernel.
    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(1, 3)]
    [InlineData(4, 0)]
    [InlineData(3, 4)]
    public void EveryWidthAndHeightMatchesTheBlockedKernelBitForBit(int padTop, int padBottom)
    {
        for (var width = DepthwiseFlatPlane5x5Kernel.MinimumWidth; width <= DepthwiseFlatPlane5x5Kernel.MaximumWidth; width++)
        {
            foreach (var height in new[] { 1, 2, 5, 13, 14, 15, 16, 27, 28, 31 })
            {
                var testCase = DepthwiseConvCase.Default with
                {
                    Height = height,
                    Width = width,
                    Kernel = 5,
                    Channels = 2 + (height % 2),
                    Padding = Padding.Explicit(padTop, 2, padBottom, 2),
                    Threads = 1 + (width % 2),
                    Activation = Activations[(width + height) % Activations.Length],
                };
                Flat.AssertMatchesBlocked(testCase);
            }
        }
    }

    // Channel counts 1 … 37 (pairs and a lone last channel, around every register width of the packed weights), depth
    // multipliers, batches 1–3, bias or none, 1–3 threads; against the blocked kernel bit for bit and the reference.
    [Fact]
    public void EveryChannelCountMultiplierAndBatchMatchesTheBlockedKernelAndTheReference()
    {
        for (var channels = 1; channels <= 37; channels++)
        {
            var testCase = DepthwiseConvCase.Default with
            {
                Height = new[] { 14, 7, 14, 20 }[channels % 4],
                Width = 9 + (channels % 8),
                Kernel = 5,
                Channels = channels,
                Multiplier = 1 + (channels % 3),
                Batch = 1 + (channels % 3),
                Padding = channels % 2 == 0 ? Padding.SameUpper : Padding.Explicit(2),
                Activation = Activations[channels % Activations.Length],
                HasBias = channels % 4 != 0,
                Threads = 1 + (channels % 3),
            };
            Flat.AssertMatchesBlocked(testCase);
            Flat.AssertMatchesReference(testCase);
        }
    }

    // Through the operators on a layer the dispatcher gives the flat kernel (120 channels of 14²): the reference, and the
    // same bits as NHWC (the blocked kernel), the blocked layout and a prepared plan.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void OperatorsMatchTheReferenceAndTheBlockedKernel(int threads)
    {
        var testCase = DepthwiseConvCase.Default with
        {
            Height = 14,
            Width = 14,
            Kernel = 5,
            Channels = 120,
            Padding = Padding.SameUpper,
            Activation = Activation.HardSwish,
            Threads = threads,
        };
        testCase.AssertEntryPointsAgree("flat");
    }

    // Infinities and NaNs in the planes either side of a channel (and at the ends of the tensor) must not reach its
    // output: each plane's loads see only its own pixels and zero padding.
    [Fact]
    public void NonFiniteNeighbouringPlanesDoNotLeak()
    {
        foreach (var size in new[] { 9, 14, 16 })
        {
            var testCase = DepthwiseConvCase.Default with { Height = size, Width = size, Kernel = 5, Channels = 3, Padding = Padding.Explicit(2), Threads = 1 };
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

            var middle = output.Span.Slice(plane, plane);
            Assert.True(middle.SequenceEqual(clean.Span.Slice(plane, plane)), $"{size}×{size}: channel 1 changed.");
            foreach (var value in middle)
            {
                Assert.True(float.IsFinite(value), $"{size}×{size}: channel 1 holds {value}.");
            }
        }
    }

    [Fact]
    public void PreparedCallsAllocateNothingInTheSteadyState()
    {
        var testCase = DepthwiseConvCase.Default with { Height = 14, Width = 14, Kernel = 5, Channels = 40, Padding = Padding.SameUpper, Threads = 1 };
        var (input, weights, bias) = testCase.CreateTensors();
        var plan = DepthwiseConv2d.Prepare(weights, bias, testCase.Options);
        var output = plan.Forward(input);
        plan.Forward(input, output);
        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 10));
    }
}
