using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The kernel's blocked layout (N, ⌈C/lanes⌉, H, W, lanes), converted element by element from and to NCHW, written
/// independently of the library so that tests of the blocked kernel do not trust the library's own conversions.
/// </summary>
internal static class BlockedLayoutForTests
{
    /// <summary>NCHW → blocked; the padding lanes of the last block are NaN, so any leak of them into real lanes shows.</summary>
    public static float[] ToBlocked(Tensor nchw, int lanes)
    {
        var (batch, channels, height, width) = (nchw.Batch, nchw.Channels, nchw.Height, nchw.Width);
        var blocks = (channels + lanes - 1) / lanes;
        var blocked = new float[batch * blocks * height * width * lanes];
        Array.Fill(blocked, float.NaN);
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        blocked[(((((n * blocks) + (c / lanes)) * height) + y) * width + x) * lanes + (c % lanes)] = nchw[n, c, y, x];
                    }
                }
            }
        }

        return blocked;
    }

    /// <summary>Blocked → NCHW, dropping the padding lanes.</summary>
    public static Tensor FromBlocked(float[] blocked, int batch, int channels, int height, int width, int lanes)
    {
        var blocks = (channels + lanes - 1) / lanes;
        var nchw = new Tensor([batch, channels, height, width]);
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        nchw[n, c, y, x] = blocked[(((((n * blocks) + (c / lanes)) * height) + y) * width + x) * lanes + (c % lanes)];
                    }
                }
            }
        }

        return nchw;
    }
}
