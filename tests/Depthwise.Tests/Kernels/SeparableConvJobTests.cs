using Depthwise.Kernels;
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
            // MobileNetV2's 144 → 24 at 56² (a band of 16 rows): 24 output channels fill 1.5 vectors, pixels fill all.
            Assert.True(SeparableConvJob.PlanarMiddle(144, 24, 16 * 56, layout));

            // 32 or more output channels fill whole panels: the planar depthwise output would be pure extra work.
            Assert.False(SeparableConvJob.PlanarMiddle(192, 32, 28 * 28, layout));
            Assert.False(SeparableConvJob.PlanarMiddle(576, 96, 14 * 14, layout));
            Assert.False(SeparableConvJob.PlanarMiddle(960, 160, 7 * 7, layout));

            // The operator sweep (SeparableConv2dPlanTests) covers both in both layouts: 12·2 → 50 at 8 × 8 is planar,
            // 24·2 → 16 at 5 × 9 and 48 → 16 in bands of 68 × 40 are not.
            Assert.True(SeparableConvJob.PlanarMiddle(24, 50, 8 * 8, layout));
            Assert.False(SeparableConvJob.PlanarMiddle(48, 16, 5 * 9, layout));
            Assert.False(SeparableConvJob.PlanarMiddle(48, 16, 68 * 40, layout));
        }
    }
}
