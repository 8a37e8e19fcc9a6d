using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// A 2-channel 4×4 input with 3×3 filters, and its outputs worked out by hand (each expected value is written as the
/// sum of the taps that produce it, so a reader can check it without running anything).
/// </summary>
public static class HandWorkedExample
{
    // Channel 0: 1…16 row by row. Channel 1: a sparse pattern.
    //   1  2  3  4        1 0 0 1
    //   5  6  7  8        0 2 0 0
    //   9 10 11 12        0 0 3 0
    //  13 14 15 16        1 0 0 4
    private static readonly float[] InputNchw =
    [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
        1, 0, 0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 1, 0, 0, 4,
    ];

    // Channel 0: a plus (the centre and its four neighbours). Channel 1: +1, +1, −1 down the main diagonal.
    private static readonly float[] Weights =
    [
        0, 1, 0, 1, 1, 1, 0, 1, 0,
        1, 0, 0, 0, 1, 0, 0, 0, -1,
    ];

    private static readonly float[] Bias = [0.5f, -1f];

    /// <summary>Input (1, 2, 4, 4) stored in <paramref name="layout"/>, weights (2, 1, 3, 3), bias (2).</summary>
    public static (Tensor Input, Tensor Weights, Tensor Bias) Tensors(TensorLayout layout)
    {
        var input = new Tensor((float[])InputNchw.Clone(), [1, 2, 4, 4]).ToLayout(layout);
        return (input, new Tensor((float[])Weights.Clone(), [2, 1, 3, 3]), new Tensor((float[])Bias.Clone(), [2]));
    }

    /// <summary>Valid padding: 2×2 outputs per channel, in <paramref name="layout"/> order.</summary>
    public static float[] ValidOutput(TensorLayout layout)
    {
        // Channel 0: plus centred on input (1,1), (1,2), (2,1), (2,2), plus 0.5.
        // Channel 1: in[y][x] + in[y+1][x+1] − in[y+2][x+2], minus 1.
        float[] nchw =
        [
            (2 + 5 + 6 + 7 + 10) + 0.5f, (3 + 6 + 7 + 8 + 11) + 0.5f,
            (6 + 9 + 10 + 11 + 14) + 0.5f, (7 + 10 + 11 + 12 + 15) + 0.5f,
            (1 + 2 - 3) - 1f, (0 + 0 - 0) - 1f,
            (0 + 0 - 0) - 1f, (2 + 3 - 4) - 1f,
        ];
        return InLayout(nchw, 2, 2, 2, layout);
    }

    /// <summary>Same padding (one zero row/column on every side): 4×4 outputs per channel, in <paramref name="layout"/> order.</summary>
    public static float[] SameOutput(TensorLayout layout)
    {
        // Channel 0: the plus around each pixel, neighbours outside the input count as 0, plus 0.5.
        // Channel 1: in[y−1][x−1] + in[y][x] − in[y+1][x+1] (0 outside), minus 1.
        float[] nchw =
        [
            (1 + 2 + 5) + 0.5f, (2 + 1 + 3 + 6) + 0.5f, (3 + 2 + 4 + 7) + 0.5f, (4 + 3 + 8) + 0.5f,
            (5 + 1 + 6 + 9) + 0.5f, (6 + 2 + 5 + 7 + 10) + 0.5f, (7 + 3 + 6 + 8 + 11) + 0.5f, (8 + 4 + 7 + 12) + 0.5f,
            (9 + 5 + 10 + 13) + 0.5f, (10 + 6 + 9 + 11 + 14) + 0.5f, (11 + 7 + 10 + 12 + 15) + 0.5f, (12 + 8 + 11 + 16) + 0.5f,
            (13 + 9 + 14) + 0.5f, (14 + 10 + 13 + 15) + 0.5f, (15 + 11 + 14 + 16) + 0.5f, (16 + 12 + 15) + 0.5f,

            (0 + 1 - 2) - 1f, (0 + 0 - 0) - 1f, (0 + 0 - 0) - 1f, (0 + 1 - 0) - 1f,
            (0 + 0 - 0) - 1f, (1 + 2 - 3) - 1f, (0 + 0 - 0) - 1f, (0 + 0 - 0) - 1f,
            (0 + 0 - 0) - 1f, (0 + 0 - 0) - 1f, (2 + 3 - 4) - 1f, (0 + 0 - 0) - 1f,
            (0 + 1 - 0) - 1f, (0 + 0 - 0) - 1f, (0 + 0 - 0) - 1f, (3 + 4 - 0) - 1f,
        ];
        return InLayout(nchw, 2, 4, 4, layout);
    }

    // Reorders by index arithmetic written out here, independent of the library's layout conversion.
    private static float[] InLayout(float[] nchw, int channels, int height, int width, TensorLayout layout)
    {
        if (layout == TensorLayout.Nchw)
        {
            return nchw;
        }

        var nhwc = new float[nchw.Length];
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    nhwc[(((y * width) + x) * channels) + c] = nchw[(((c * height) + y) * width) + x];
                }
            }
        }

        return nhwc;
    }
}
