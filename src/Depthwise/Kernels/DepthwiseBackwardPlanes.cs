using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The blocked scratch planes (rows, columns, lanes) one work item of the channel-blocked backward pass fills for its
/// image and channel block: the output gradient, the input, and the input gradient being accumulated. Each plane is
/// padded with zeros so that the bodies read and write without any bounds test.
/// </summary>
/// <remarks>
/// The bodies walk input pixels in blocks of eight pixels of one column phase (columns φ, φ + sW, … with φ &lt; sW, which
/// all use the same taps and read consecutive output-gradient columns): the input and input-gradient planes are H rows
/// of sW · <see cref="PhaseColumns"/> columns (the extra columns hold zeros and their gradients are dropped), and the
/// output gradient is padded so that every tap of every input pixel reads inside it.
/// </remarks>
internal readonly struct DepthwiseBackwardPlanes
{
    /// <summary>Planes larger than this (floats, all four together) are not worth a per-thread scratch: the operator then takes the plane-by-plane kernels.</summary>
    public const long MaximumFloats = 1L << 24;

    private const int Alignment = 16;

    public DepthwiseBackwardPlanes(in ConvGeometry geometry, int lanes)
    {
        var strideHeight = geometry.Stride.Height;
        var strideWidth = geometry.Stride.Width;
        var kernelExtentHeight = ((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height;
        var kernelExtentWidth = ((long)geometry.Kernel.Width - 1) * geometry.Dilation.Width;

        // Column phase φ holds columns φ, φ + sW, …: ⌈W / sW⌉ of them at most, rounded up to whole blocks.
        var phaseColumns = RoundUp((geometry.InputWidth + strideWidth - 1) / strideWidth, DepthwiseConvKernel.PixelsPerBlock);
        Lanes = lanes;
        PhaseColumns = (int)phaseColumns;
        InputRows = geometry.InputHeight;
        InputColumns = strideWidth * phaseColumns;

        // Input pixel (r, c) reads output gradient ((r + padTop − ky·dH) / sH, (c + padLeft − kx·dW) / sW) where that divides.
        GradOutputRowOffset = Math.Max(0, CeilingDivide(kernelExtentHeight - geometry.PadTop, strideHeight));
        GradOutputColumnOffset = Math.Max(0, CeilingDivide(kernelExtentWidth - geometry.PadLeft, strideWidth));
        GradOutputRows = GradOutputRowOffset + Math.Max(geometry.OutputHeight, (((long)geometry.InputHeight - 1 + geometry.PadTop) / strideHeight) + 1);
        GradOutputColumns = GradOutputColumnOffset + Math.Max(geometry.OutputWidth, ((InputColumns - 1 + geometry.PadLeft) / strideWidth) + 1);
        GradOutputFloats = RoundUp(GradOutputRows * GradOutputColumns * lanes, Alignment);
        InputFloats = RoundUp(InputRows * InputColumns * lanes, Alignment);

        // Planar rows narrower than a register are transposed through one flat (H·W, lanes) plane first.
        FlatFloats = RoundUp(Math.Max((long)geometry.InputHeight * geometry.InputWidth, (long)geometry.OutputHeight * geometry.OutputWidth) * lanes, Alignment);
        Floats = GradOutputFloats + (2 * InputFloats) + FlatFloats;
    }

    public int Lanes { get; }

    /// <summary>Pixels per column phase, ⌈W / sW⌉ rounded up to whole blocks of eight.</summary>
    public int PhaseColumns { get; }

    /// <summary>Plane row of output-gradient row 0.</summary>
    public long GradOutputRowOffset { get; }

    /// <summary>Plane column of output-gradient column 0.</summary>
    public long GradOutputColumnOffset { get; }

    public long GradOutputRows { get; }

    public long GradOutputColumns { get; }

    /// <summary>Input rows (the input and input-gradient planes share a shape, the image at their origin).</summary>
    public long InputRows { get; }

    public long InputColumns { get; }

    public long GradOutputFloats { get; }

    public long InputFloats { get; }

    public long FlatFloats { get; }

    /// <summary>All scratch floats of one work item: output gradient, input, input gradient, flat transpose plane.</summary>
    public long Floats { get; }

    private static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;

    // ⌈value / divisor⌉ for any sign of value (divisor > 0).
    private static long CeilingDivide(long value, long divisor) => value >= 0 ? (value + divisor - 1) / divisor : -(-value / divisor);
}
