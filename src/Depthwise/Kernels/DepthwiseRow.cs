namespace Depthwise.Kernels;

/// <summary>
/// Everything a block of the depthwise kernel needs about one output row of one channel block: where its input rows
/// start, which kernel rows fall inside the image, the block's packed weights and bias, and the width geometry.
/// </summary>
/// <remarks>
/// <see cref="Input"/> points at input column 0 of the row the kernel's first tap row reads, which may be a padding
/// row above the image; only tap rows in [<see cref="KyFirst"/>, <see cref="KyEnd"/>) are ever dereferenced.
/// </remarks>
internal readonly unsafe struct DepthwiseRow
{
    public DepthwiseRow(float* input, nint pixelStride, nint tapRowStride, int kyFirst, int kyEnd, float* weights, float* bias, in DepthwiseConvDimensions dimensions, int outputRow, int count)
    {
        var geometry = dimensions.Geometry;
        Input = input;
        PixelStride = pixelStride;
        TapRowStride = tapRowStride;
        KyFirst = kyFirst;
        KyEnd = kyEnd;
        Weights = weights;
        Bias = bias;
        InputWidth = geometry.InputWidth;
        KernelWidth = geometry.Kernel.Width;
        StrideWidth = geometry.Stride.Width;
        DilationWidth = geometry.Dilation.Width;
        PadLeft = geometry.PadLeft;
        OutputRow = outputRow;
        Count = count;
    }

    /// <summary>Input pixel (first tap row, column 0) of this channel block.</summary>
    public float* Input { get; }

    /// <summary>Floats between horizontally neighbouring input pixels (the block width, or C for channels-last data).</summary>
    public nint PixelStride { get; }

    /// <summary>Floats between the input rows of neighbouring kernel rows: dilation height × row stride.</summary>
    public nint TapRowStride { get; }

    /// <summary>First kernel row inside the image.</summary>
    public int KyFirst { get; }

    /// <summary>One past the last kernel row inside the image.</summary>
    public int KyEnd { get; }

    /// <summary>Packed weights of the block: (kH·kW, lanes).</summary>
    public float* Weights { get; }

    /// <summary>Packed bias of the block: lanes.</summary>
    public float* Bias { get; }

    public int InputWidth { get; }

    public int KernelWidth { get; }

    public int StrideWidth { get; }

    public int DilationWidth { get; }

    public int PadLeft { get; }

    /// <summary>The output row y.</summary>
    public int OutputRow { get; }

    /// <summary>Output pixels a block stores: 8, or the whole row when it is narrower.</summary>
    public int Count { get; }
}
