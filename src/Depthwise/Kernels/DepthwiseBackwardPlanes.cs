using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The blocked scratch planes (rows, columns, lanes) one work item of the channel-blocked backward pass fills for its
/// image and channel block: the output gradient, the input, and the input gradient being accumulated. Each plane is
/// padded with zeros so that the bodies read and write without any bounds test.
/// </summary>
/// <remarks>
/// <para>
/// Gathering bodies (stride 1) walk input pixels in blocks of eight: the input and input-gradient planes are H rows of
/// W rounded up to whole blocks (the extra columns hold zeros and their gradients are dropped), and the output
/// gradient is padded so that every tap of every input pixel reads inside it.
/// </para>
/// <para>
/// The scattering body (any stride) walks output pixels in blocks of eight: the output gradient is Ho rows of Wo
/// rounded up (zeros past Wo add nothing anywhere), and the input and input-gradient planes cover every padded pixel
/// a tap reaches, with the image at (padTop, padLeft).
/// </para>
/// </remarks>
internal readonly struct DepthwiseBackwardPlanes
{
    /// <summary>Planes larger than this (floats, all four together) are not worth a per-thread scratch: the operator then takes the plane-by-plane kernels.</summary>
    public const long MaximumFloats = 1L << 24;

    private const int Alignment = 16;

    public DepthwiseBackwardPlanes(in ConvGeometry geometry, int lanes, bool gather)
    {
        var kernelExtentHeight = ((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height;
        var kernelExtentWidth = ((long)geometry.Kernel.Width - 1) * geometry.Dilation.Width;
        var roundedWidth = RoundUp(geometry.InputWidth, DepthwiseConvKernel.PixelsPerBlock);
        var roundedOutputWidth = RoundUp(geometry.OutputWidth, DepthwiseConvKernel.PixelsPerBlock);
        Lanes = lanes;
        Gather = gather;
        RoundedWidth = (int)roundedWidth;
        RoundedOutputWidth = (int)roundedOutputWidth;
        if (gather)
        {
            // Input pixel (r, c) reads output gradient (r + padTop − ky·dH, c + padLeft − kx·dW).
            GradOutputRowOffset = Math.Max(0, kernelExtentHeight - geometry.PadTop);
            GradOutputColumnOffset = Math.Max(0, kernelExtentWidth - geometry.PadLeft);
            GradOutputRows = GradOutputRowOffset + Math.Max(geometry.OutputHeight, (long)geometry.InputHeight + geometry.PadTop);
            GradOutputColumns = GradOutputColumnOffset + Math.Max(geometry.OutputWidth, roundedWidth + geometry.PadLeft);
            InputRowOffset = 0;
            InputColumnOffset = 0;
            InputRows = geometry.InputHeight;
            InputColumns = roundedWidth;
        }
        else
        {
            // Output pixel (y, x) reaches input (y·sH − padTop + ky·dH, x·sW − padLeft + kx·dW).
            GradOutputRowOffset = 0;
            GradOutputColumnOffset = 0;
            GradOutputRows = geometry.OutputHeight;
            GradOutputColumns = roundedOutputWidth;
            InputRowOffset = geometry.PadTop;
            InputColumnOffset = geometry.PadLeft;
            InputRows = Math.Max((((long)geometry.OutputHeight - 1) * geometry.Stride.Height) + kernelExtentHeight + 1, (long)geometry.PadTop + geometry.InputHeight);
            InputColumns = Math.Max(((roundedOutputWidth - 1) * geometry.Stride.Width) + kernelExtentWidth + 1, geometry.PadLeft + roundedWidth);
        }

        GradOutputFloats = RoundUp(GradOutputRows * GradOutputColumns * lanes, Alignment);
        InputFloats = RoundUp(InputRows * InputColumns * lanes, Alignment);

        // Planar rows narrower than a register are transposed through one flat (H·W, lanes) plane first.
        FlatFloats = RoundUp(Math.Max((long)geometry.InputHeight * geometry.InputWidth, (long)geometry.OutputHeight * geometry.OutputWidth) * lanes, Alignment);
        Floats = GradOutputFloats + (2 * InputFloats) + FlatFloats;
    }

    public int Lanes { get; }

    /// <summary>Whether the planes are laid out for a gathering (stride 1) body rather than the scattering one.</summary>
    public bool Gather { get; }

    /// <summary>W rounded up to whole blocks of eight pixels.</summary>
    public int RoundedWidth { get; }

    /// <summary>Wo rounded up to whole blocks of eight pixels.</summary>
    public int RoundedOutputWidth { get; }

    /// <summary>Plane row of output-gradient row 0.</summary>
    public long GradOutputRowOffset { get; }

    /// <summary>Plane column of output-gradient column 0.</summary>
    public long GradOutputColumnOffset { get; }

    public long GradOutputRows { get; }

    public long GradOutputColumns { get; }

    /// <summary>Plane row of input row 0 (the input and input-gradient planes share a shape).</summary>
    public long InputRowOffset { get; }

    /// <summary>Plane column of input column 0.</summary>
    public long InputColumnOffset { get; }

    public long InputRows { get; }

    public long InputColumns { get; }

    public long GradOutputFloats { get; }

    public long InputFloats { get; }

    public long FlatFloats { get; }

    /// <summary>All scratch floats of one work item: output gradient, input, input gradient, flat transpose plane.</summary>
    public long Floats { get; }

    private static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;
}
