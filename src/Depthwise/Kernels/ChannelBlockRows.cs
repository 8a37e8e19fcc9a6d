using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// What every stride-2 run output row of one channel block shares (<see cref="IDepthwiseStride2RunTaps"/>: the 3×3 and
/// 5×5 runs and rows of 7): the block's input and packed weights, and the vertical geometry from which a row or group of
/// rows derives its input rows and the kernel rows inside the image (dilation 1: other dilations take the generic taps).
/// Built once per work item, so that a run or a row of 7 costs its driver one call with an output row instead of a
/// <see cref="DepthwiseRow"/> per row (docs/kernels.md, "Session 16" for 5×5, "Session 17" for 3×3).
/// </summary>
internal readonly unsafe struct ChannelBlockRows
{
    public ChannelBlockRows(float* input, nint pixelStride, nint rowStride, float* weights, float* bias, in DepthwiseConvDimensions dimensions)
    {
        var geometry = dimensions.Geometry;
        Input = input;
        PixelStride = pixelStride;
        RowStride = rowStride;
        Weights = weights;
        Bias = bias;
        InputWidth = geometry.InputWidth;
        PadLeft = geometry.PadLeft;
        InputHeight = geometry.InputHeight;
        PadTop = geometry.PadTop;
        StrideHeight = geometry.Stride.Height;
    }

    /// <summary>Input pixel (row 0, column 0) of this channel block.</summary>
    public float* Input { get; }

    /// <summary>Floats between horizontally neighbouring input pixels (the block width, or C for channels-last data).</summary>
    public nint PixelStride { get; }

    /// <summary>Floats between neighbouring input rows (and kernel rows).</summary>
    public nint RowStride { get; }

    /// <summary>Packed weights of the block: (k·k, lanes).</summary>
    public float* Weights { get; }

    /// <summary>Packed bias of the block: lanes.</summary>
    public float* Bias { get; }

    public int InputWidth { get; }

    public int PadLeft { get; }

    public int InputHeight { get; }

    public int PadTop { get; }

    public int StrideHeight { get; }

    /// <summary>The input row (possibly a padding row, negative or past the image) of output row <paramref name="y"/>'s kernel row 0.</summary>
    public int InputRowOrigin(int y) => (y * StrideHeight) - PadTop;

    /// <summary>The kernel rows [First, End) of a <paramref name="kernelSize"/>-row kernel from input row <paramref name="origin"/> inside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int First, int End) KernelRowsInside(int origin, int kernelSize) => DepthwiseConvDimensions.DenseTapRange(origin, InputHeight, kernelSize);
}
