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
public class DepthwiseSevenPlaneKernelTests : SevenPlaneKernelTests
{
    private static readonly FlatPlaneKernelRun Seven = new("7×7 plane", geometry => DepthwiseSevenPlaneKernel.Supports(geometry));

    private protected override FlatPlaneKernelRun Kernel => Seven;

    private protected override DepthwiseConvCase Layer => DepthwiseConvCase.Default with { Height = 7, Width = 7, Padding = Padding.SameUpper, Threads = 1 };

    private protected override Padding ExplicitPadding => Padding.Explicit(1);

    private protected override int NetworkChannels => 960;

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
}
