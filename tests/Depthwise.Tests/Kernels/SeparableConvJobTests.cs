using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

public class SeparableConvJobTests
{
    [Fact]
    public void OnlyBlocksWithFewOutputChannelsPerPixelVectorTakeThePlanarMiddle()
    {
        // The costs are AVX-512 measurements (vector width 16); other widths weigh the orientations differently.
        if (GemmKernel.Lanes != 16)
        {
            return;
        }

        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            // 144 → 20 at 56² (a band of 16 rows): 20 output channels fill 1.25 of the 2 vectors (one Vector512 and one
            // Vector256, which costs a Vector512's FMA slot on Zen 5) their tiles cost, pixels fill all.
            Assert.True(SeparableConvJob.PlanarMiddle(144, 20, 16 * 56, layout));
            Assert.True(SeparableConvJob.PlanarMiddle(144, 12, 16 * 56, layout));

            // MobileNetV2's 144 → 24: 24 output channels cost two vectors too, more than the planar depthwise output
            // (measured in MobileNetV2 on Zen 5: features.3 322–380 µs planar against 358–395 channels-last).
            Assert.True(SeparableConvJob.PlanarMiddle(144, 24, 16 * 56, layout));

            // 32 or more output channels fill whole panels: the planar depthwise output would be pure extra work.
            Assert.False(SeparableConvJob.PlanarMiddle(192, 32, 28 * 28, layout));
            Assert.False(SeparableConvJob.PlanarMiddle(576, 96, 14 * 14, layout));
            Assert.False(SeparableConvJob.PlanarMiddle(960, 160, 7 * 7, layout));

            // The operator sweep (SeparableConv2dPlanTests) covers both in both layouts: 24·2 → 12 at 8 × 8 is planar,
            // 24·2 → 16 at 5 × 9 and 48 → 16 in bands of 68 × 40 are not.
            Assert.True(SeparableConvJob.PlanarMiddle(48, 12, 8 * 8, layout));
            Assert.False(SeparableConvJob.PlanarMiddle(48, 16, 5 * 9, layout));
            Assert.False(SeparableConvJob.PlanarMiddle(48, 16, 68 * 40, layout));
        }
    }

    [Theory]
    [InlineData(96, 576, 96, 14, 1, 1, 2, true)] // MobileNetV2's 14² blocks on two threads
    [InlineData(160, 960, 160, 7, 1, 1, 2, true)] // its 7² blocks
    [InlineData(96, 576, 160, 14, 2, 1, 2, true)] // 14² → 7²
    [InlineData(32, 192, 32, 28, 1, 1, 2, false)] // its 28² blocks: a short halo, and a larger middle buffer to share
    [InlineData(32, 192, 64, 28, 2, 1, 2, true)] // 28² → 14²
    [InlineData(24, 144, 32, 56, 2, 1, 2, false)] // 56² → 28²: 4.5 groups balance worse than its short halo costs
    [InlineData(160, 960, 160, 7, 1, 3, 2, true)] // three images on two threads are still cut into bands
    [InlineData(96, 576, 96, 14, 1, 3, 2, false)] // but three 14² middle buffers would not fit the budget together
    [InlineData(96, 576, 96, 14, 1, 1, 1, false)] // one thread: the whole image is one item already
    [InlineData(96, 576, 96, 14, 1, 4, 2, false)] // four images give two threads enough whole-image items
    [InlineData(16, 96, 24, 112, 2, 1, 2, false)] // 112² → 56²: the middle buffer would not fit the budget
    [InlineData(24, 144, 24, 56, 1, 1, 2, false)] // 56²
    public unsafe void SplitsSmallPlanesWithAnExpansionByChannelsOnSeveralThreads(
        int inputChannels, int channels, int outputChannels, int size, int stride, int batch, int threads, bool splits)
    {
        var problem = DepthwiseConvProblem.Create(
            batch, channels, size, size, TensorLayout.Nchw, channels, new Size2D(3, 3), new Conv2dOptions { Stride = stride, Padding = Padding.SameUpper }, "weights");
        var expansion = new SeparableConvExpansion(null, null, Activation.Relu6, inputChannels);
        var lanes = SimdWidth.For(channels);
        var job = new SeparableConvJob(
            null, null, null, null, null, null, null, TensorLayout.Nchw, batch, problem.Dimensions, lanes, outputChannels, Activation.None, threads, expansion);

        Assert.Equal(splits, job.SplitsChannels);
        if (splits)
        {
            // Groups are whole GEMM panels and whole depthwise blocks, and together cover every channel once.
            Assert.Equal(0, job.GroupChannels % GemmKernel.PanelColumns);
            Assert.Equal(0, job.GroupChannels % lanes);
            Assert.Equal((channels + job.GroupChannels - 1) / job.GroupChannels, job.GroupsPerImage);
            Assert.Equal(problem.Geometry.OutputHeight, job.RowsPerBand);
        }

        // Without an expansion the rows are always what is split.
        var separable = new SeparableConvJob(null, null, null, null, null, null, null, TensorLayout.Nchw, batch, problem.Dimensions, lanes, outputChannels, Activation.None, threads);
        Assert.False(separable.SplitsChannels);
    }

    [Fact]
    public unsafe void TheChannelSplitTestCasesReachTheSplitOnTwoAndThreeThreads()
    {
        // InvertedResidualConv2dPlanTests' channel-split cases (kernel, stride, Cin, C, Cout, size, batch), the last with a planar middle.
        int[][] cases = [[3, 1, 40, 232, 40, 7, 1], [3, 1, 64, 384, 64, 14, 1], [3, 2, 48, 288, 80, 14, 2], [5, 1, 64, 160, 48, 14, 3], [3, 1, 64, 96, 8, 10, 2]];
        foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
        {
            foreach (var threads in new[] { 2, 3 })
            {
                foreach (var shape in cases)
                {
                    var problem = DepthwiseConvProblem.Create(
                        shape[6], shape[3], shape[5], shape[5], layout, shape[3], new Size2D(shape[0], shape[0]), new Conv2dOptions { Stride = shape[1], Padding = Padding.SameUpper }, "weights");
                    var job = new SeparableConvJob(
                        null, null, null, null, null, null, null, layout, shape[6], problem.Dimensions, SimdWidth.For(shape[3]), shape[4], Activation.None, threads,
                        new SeparableConvExpansion(null, null, Activation.Relu6, shape[2]));
                    Assert.True(job.SplitsChannels, $"{string.Join(", ", shape)} on {threads} threads ({layout})");
                    if (GemmKernel.Lanes == 16)
                    {
                        Assert.Equal(shape[4] == 8, job.UsesPlanarMiddle);
                    }
                }
            }
        }
    }
}
