using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The blocked scratch planes (rows, columns, lanes) one work item of the channel-blocked backward pass fills for one
/// band of input rows of its image and channel block: the output gradient (one plane per depth multiplier), the input,
/// and the input gradient being accumulated. Each plane is padded with zeros so that the bodies read and write without
/// any bounds test.
/// </summary>
/// <remarks>
/// <para>
/// The bodies walk input pixels in blocks of eight pixels of one column phase (columns φ, φ + sW, … with φ &lt; sW, which
/// all use the same taps and read consecutive output-gradient columns): the input and input-gradient planes are band
/// rows of sW · <see cref="PhaseColumns"/> columns (the extra columns hold zeros and their gradients are dropped), and
/// the output gradient is padded so that every tap of every input pixel reads inside it.
/// </para>
/// <para>
/// A work item is one band of <see cref="BandRows"/> input rows, so that the scratch of one band stays in the core's L2
/// cache while it is converted, used and stored, and so that the scratch never grows with the image height.
/// A band's output-gradient plane holds the output rows its input rows read (the kernel's extent of them is converted
/// again by the next band) and the rows whose bias sum it owns.
/// </para>
/// </remarks>
internal readonly struct DepthwiseBackwardPlanes
{
    // Input-plane floats a band aims at: the band's three planes then take about 3 · 64 KB of L2.
    private const long BandFloats = 16 * 1024;

    // Channels-last input floats (all channels) a band aims at: consecutive items convert the band's rows block after
    // block, so its input and output gradient (256 KB and less) stay in L2 until every block has read its lanes.
    private const long ChannelsLastBandFloats = 64 * 1024;

    private const int Alignment = 16;

    private readonly int _height;
    private readonly int _outputHeight;
    private readonly int _strideHeight;
    private readonly int _padTop;
    private readonly long _kernelExtentHeight;

    /// <param name="geometry">The convolution.</param>
    /// <param name="lanes">Channels per block.</param>
    /// <param name="depthMultiplier">Output channels per input channel.</param>
    /// <param name="channelsLastRowFloats">W·C for NHWC data (whose rows hold every channel), 0 for NCHW.</param>
    public DepthwiseBackwardPlanes(in ConvGeometry geometry, int lanes, int depthMultiplier, long channelsLastRowFloats)
    {
        var strideWidth = geometry.Stride.Width;
        var kernelExtentWidth = ((long)geometry.Kernel.Width - 1) * geometry.Dilation.Width;
        _height = geometry.InputHeight;
        _outputHeight = geometry.OutputHeight;
        _strideHeight = geometry.Stride.Height;
        _padTop = geometry.PadTop;
        _kernelExtentHeight = ((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height;

        // Column phase φ holds columns φ, φ + sW, …: ⌈W / sW⌉ of them at most, rounded up to whole blocks.
        var phaseColumns = RoundUp((geometry.InputWidth + strideWidth - 1) / strideWidth, DepthwiseConvKernel.PixelsPerBlock);
        Lanes = lanes;
        DepthMultiplier = depthMultiplier;
        PhaseColumns = (int)phaseColumns;
        InputColumns = strideWidth * phaseColumns;

        // Input pixel (r, c) reads output gradient ((r + padTop − ky·dH) / sH, (c + padLeft − kx·dW) / sW) where that divides.
        GradOutputColumnOffset = Math.Max(0, CeilingDivide(kernelExtentWidth - geometry.PadLeft, strideWidth));
        GradOutputColumns = GradOutputColumnOffset + Math.Max(geometry.OutputWidth, ((InputColumns - 1 + geometry.PadLeft) / strideWidth) + 1);

        // Equal bands of about BandFloats input floats each (and ChannelsLastBandFloats of all channels).
        var rowFloats = InputColumns * lanes;
        var bands = Math.Max(1, (int)Math.Min(_height, Math.Max(_height * rowFloats / BandFloats, _height * channelsLastRowFloats / ChannelsLastBandFloats)));
        BandRows = (_height + bands - 1) / bands;
        Bands = (_height + BandRows - 1) / BandRows;

        var gradOutputRows = 0L;
        for (var band = 0; band < Bands; band++)
        {
            var (first, end) = GradOutputRowsOf(band);
            gradOutputRows = Math.Max(gradOutputRows, end - first);
        }

        GradOutputRows = gradOutputRows;
        GradOutputFloats = RoundUp(GradOutputRows * GradOutputColumns * lanes, Alignment);
        InputFloats = RoundUp(BandRows * InputColumns * lanes, Alignment);

        // Planar rows narrower than a register are transposed through one flat (rows·W, lanes) plane first.
        FlatFloats = RoundUp(Math.Max(BandRows * geometry.InputWidth, GradOutputRows * geometry.OutputWidth) * lanes, Alignment);
        Floats = (depthMultiplier * GradOutputFloats) + (2 * InputFloats) + FlatFloats;
    }

    public int Lanes { get; }

    public int DepthMultiplier { get; }

    /// <summary>Pixels per column phase, ⌈W / sW⌉ rounded up to whole blocks of eight.</summary>
    public int PhaseColumns { get; }

    /// <summary>Input rows per band (the last band may have fewer).</summary>
    public int BandRows { get; }

    public int Bands { get; }

    /// <summary>Plane column of output-gradient column 0.</summary>
    public long GradOutputColumnOffset { get; }

    /// <summary>Rows of the largest band's output-gradient plane.</summary>
    public long GradOutputRows { get; }

    public long GradOutputColumns { get; }

    /// <summary>Columns of the input and input-gradient planes (which share a shape, band row 0 at their origin).</summary>
    public long InputColumns { get; }

    /// <summary>Floats of one output-gradient plane (there are <see cref="DepthMultiplier"/> of them).</summary>
    public long GradOutputFloats { get; }

    public long InputFloats { get; }

    public long FlatFloats { get; }

    /// <summary>All scratch floats of one work item: output gradients, input, input gradient, flat transpose plane.</summary>
    public long Floats { get; }

    /// <summary>Input rows [first, end) of a band.</summary>
    public (int First, int End) InputRowsOf(int band) => (band * BandRows, Math.Min(_height, (band + 1) * BandRows));

    /// <summary>
    /// Output-gradient rows [first, end) of a band's plane (rows outside [0, Ho) are zeros): those its input rows read
    /// and those it sums for the bias (<see cref="BiasRowsOf"/>).
    /// </summary>
    public (long First, long End) GradOutputRowsOf(int band)
    {
        var (first, end) = InputRowsOf(band);
        var (biasFirst, biasEnd) = BiasRowsOf(band);
        var read = FloorDivide(first + _padTop - _kernelExtentHeight, _strideHeight);
        var readEnd = FloorDivide(end - 1L + _padTop, _strideHeight) + 1;
        return (Math.Min(read, biasFirst), Math.Max(readEnd, biasEnd));
    }

    /// <summary>
    /// Output rows [first, end) whose bias sum a band owns: the rows whose first tap row lies in the band, the first band
    /// also taking the rows above the image and the last the rows below it, so that the bands partition [0, Ho).
    /// </summary>
    public (int First, int End) BiasRowsOf(int band)
    {
        var (first, end) = InputRowsOf(band);
        return (band == 0 ? 0 : OwnedBoundary(first), band == Bands - 1 ? _outputHeight : OwnedBoundary(end));
    }

    // Output rows o with o·sH − padTop < row, clamped to [0, Ho].
    private int OwnedBoundary(int row) => (int)Math.Clamp(FloorDivide(row - 1L + _padTop, _strideHeight) + 1, 0, _outputHeight);

    private static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;

    // ⌈value / divisor⌉ for any sign of value (divisor > 0).
    private static long CeilingDivide(long value, long divisor) => value >= 0 ? (value + divisor - 1) / divisor : -(-value / divisor);

    // ⌊value / divisor⌋ for any sign of value (divisor > 0).
    private static long FloorDivide(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}
