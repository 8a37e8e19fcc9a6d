namespace Depthwise.Kernels;

/// <summary>
/// What every 5×5 stride-2 output row of one channel block shares (<see cref="Taps5x5Stride2Run"/>'s runs and groups of
/// rows of 7): the block's input and packed weights, and the vertical geometry from which a row or group of rows derives
/// its input rows and the kernel rows inside the image (dilation 1: other dilations take the generic taps). Built once
/// per work item, so that a run or a group of two or three rows costs its driver one call with an output row instead of
/// a <see cref="DepthwiseRow"/> per row (docs/kernels.md, "Session 16").
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

    // One row (Run's or RunSeven's), seen as the only output row of an image made of its in-image input rows: its first kernel
    // row inside the image is that image's row 0, the rows above are padding, and the stride is 0 so that the row's
    // own output row y reads from origin −KyFirst.
    private ChannelBlockRows(in DepthwiseRow row)
    {
        Input = row.Input + (row.KyFirst * row.TapRowStride);
        PixelStride = row.PixelStride;
        RowStride = row.TapRowStride;
        Weights = row.Weights;
        Bias = row.Bias;
        InputWidth = row.InputWidth;
        PadLeft = row.PadLeft;
        InputHeight = row.KyEnd - row.KyFirst;
        PadTop = row.KyFirst;
        StrideHeight = 0;
    }

    /// <summary>Input pixel (row 0, column 0) of this channel block.</summary>
    public float* Input { get; }

    /// <summary>Floats between horizontally neighbouring input pixels (the block width, or C for channels-last data).</summary>
    public nint PixelStride { get; }

    /// <summary>Floats between neighbouring input rows (and kernel rows).</summary>
    public nint RowStride { get; }

    /// <summary>Packed weights of the block: (5·5, lanes).</summary>
    public float* Weights { get; }

    /// <summary>Packed bias of the block: lanes.</summary>
    public float* Bias { get; }

    public int InputWidth { get; }

    public int PadLeft { get; }

    public int InputHeight { get; }

    public int PadTop { get; }

    public int StrideHeight { get; }

    /// <summary>The block of a single row: the same taps as <paramref name="row"/>, for output row <c>row.OutputRow</c>.</summary>
    public static ChannelBlockRows OfRow(in DepthwiseRow row) => new(row);
}
