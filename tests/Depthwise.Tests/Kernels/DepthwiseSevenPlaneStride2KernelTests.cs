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
public class DepthwiseSevenPlaneStride2KernelTests : SevenPlaneKernelTests
{
    private static readonly FlatPlaneKernelRun Seven = new("14² → 7² plane", geometry => DepthwiseSevenPlaneStride2Kernel.Supports(geometry));

    private static readonly Padding SameUpper = Padding.Explicit(0, 0, 1, 1);

    private protected override FlatPlaneKernelRun Kernel => Seven;

    private protected override DepthwiseConvCase Layer => DepthwiseConvCase.Default with { Height = 14, Width = 14, Stride = 2, Padding = Padding.SameUpper, Threads = 1 };

    private protected override Padding ExplicitPadding => SameUpper;

    private protected override int NetworkChannels => 576;

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
}
