using Depthwise.Geometry;

namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// The share of a convolution's nominal multiply-adds whose input pixel lies inside the image. Cost tables count every
/// tap of every output (the published convention), but the kernels skip taps that fall on zero padding; on layers only
/// a few pixels tall (PaddleOCR's 2×160 5×5 layers) most taps do, and a rate computed from the nominal count exceeds
/// the machine's peak. The bench reports the fraction of the roof both ways.
/// </summary>
internal static class InImageTaps
{
    /// <summary>In-image (output, tap) pairs over all (output, tap) pairs, in (0, 1].</summary>
    public static double Fraction(ConvGeometry geometry)
    {
        var rows = Count(geometry.OutputHeight, geometry.Kernel.Height, geometry.Stride.Height, geometry.Dilation.Height, geometry.PadTop, geometry.InputHeight);
        var columns = Count(geometry.OutputWidth, geometry.Kernel.Width, geometry.Stride.Width, geometry.Dilation.Width, geometry.PadLeft, geometry.InputWidth);
        var nominal = (double)geometry.OutputHeight * geometry.Kernel.Height * geometry.OutputWidth * geometry.Kernel.Width;
        return nominal == 0 ? 1 : rows * (double)columns / nominal;
    }

    // The taps are separable: a tap is inside the image when its row and its column both are.
    private static long Count(int outputs, int kernel, int stride, int dilation, int padBefore, int input)
    {
        long inside = 0;
        for (var output = 0; output < outputs; output++)
        {
            for (var tap = 0; tap < kernel; tap++)
            {
                var position = (output * stride) - padBefore + (tap * dilation);
                if (position >= 0 && position < input)
                {
                    inside++;
                }
            }
        }

        return inside;
    }
}
