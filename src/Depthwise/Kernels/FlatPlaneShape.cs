using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// Where the flat-plane kernel (<see cref="DepthwiseFlatPlaneKernel"/>) keeps one channel in its scratch, derived once
/// per call from the geometry. Stride 1: the input plane is copied into a zero-padded plane of <c>Hp</c> rows, each
/// row one or two whole registers (<see cref="RowStride"/> 16 or 32 floats, zeros past Wp): output row y is one register
/// row, and every tap is one load at a fixed offset from it, no masks. Stride 2 needs no scratch
/// (<see cref="DepthwiseFlatPlaneKernel.SplitChannels{TActivation}"/> splits the input rows in registers).
/// </summary>
/// <remarks>
/// <para>
/// Planes whose output rows pair up (<see cref="PairsRows"/>: padded rows of at most 16 pixels, output rows of at most
/// 8) use no scratch: <see cref="DepthwiseFlatPlaneKernel.PairedChannels{TActivation}"/> builds every register from
/// masked loads of the input rows.
/// </para>
/// <para>
/// Scratch, in floats from a 64-byte-aligned start: two buffers of <see cref="BufferLength"/>, each holding the planes
/// and enough zero slack behind them for the loads of a group of four output rows (at least four, even when the plane
/// has fewer). The kernel copies the next input plane into one buffer while it computes from the other: loads that
/// straddle the copy's recent stores would otherwise wait for them to reach the cache (no store forwarding).
/// </para>
/// </remarks>
internal readonly struct FlatPlaneShape
{
    /// <summary>Lanes per output row when rows pair up (permuted): half a register.</summary>
    public const int PairedLanes = 8;

    private const int Lanes = 16;

    public FlatPlaneShape(in ConvGeometry geometry)
    {
        Stride = geometry.Stride.Width;
        PaddedWidth = geometry.PadLeft + geometry.InputWidth + geometry.PadRight;
        PaddedHeight = geometry.PadTop + geometry.InputHeight + geometry.PadBottom;
        PairsRows = Pairs(geometry);
        RowsAdjacent = Adjacent(geometry);
        SevenPlane = DepthwiseSevenPlaneKernel.Supports(geometry);
        SevenPlaneStride2 = DepthwiseSevenPlaneStride2Kernel.Supports(geometry);
        RowsShift = Shifts(geometry);
        FiveByFive = DepthwiseFlatPlane5x5Kernel.Supports(geometry);
        if (PairsRows || RowsShift || FiveByFive || Stride == 2)
        {
            return;
        }

        // A group of four output rows starting at most at max(Ho, 4) − 4 reads kernel rows up to max(Ho, 4) + 1, and its
        // loads at column offsets 1 and 2 run a little past the row.
        var groupRows = Math.Max(geometry.OutputHeight, 4);
        RowStride = PaddedWidth <= Lanes ? Lanes : 2 * Lanes;
        BufferLength = ((Math.Max(PaddedHeight, groupRows + 2) + 1) * RowStride) + Lanes;
    }

    public int Stride { get; }

    /// <summary>Whether two output rows share a register, computed without scratch (<see cref="ScratchLength"/> 0).</summary>
    public bool PairsRows { get; }

    /// <summary>
    /// Whether the two output rows of a register also lie next to each other in the input plane (<see cref="Adjacent"/>),
    /// so that <see cref="DepthwiseFlatPlaneKernel.AdjacentChannels{TActivation}"/> loads them as they are.
    /// </summary>
    public bool RowsAdjacent { get; }

    /// <summary>
    /// Whether the plane is 7×7 with one padding pixel each side, computed from the whole plane in registers by
    /// <see cref="DepthwiseSevenPlaneKernel"/> (its rows also lie adjacent: <see cref="RowsAdjacent"/>).
    /// </summary>
    public bool SevenPlane { get; }

    /// <summary>
    /// Whether the plane is 14×14 padded SAME_UPPER at stride 2 (7×7 out), computed with constant rows and permutes by
    /// <see cref="DepthwiseSevenPlaneStride2Kernel"/> (its rows also pair up: <see cref="PairsRows"/>).
    /// </summary>
    public bool SevenPlaneStride2 { get; }

    /// <summary>
    /// Whether each input row is one register whose taps are its shifts (<see cref="Shifts"/>), computed without scratch
    /// by <see cref="DepthwiseFlatPlaneKernel.ShiftedChannels{TActivation}"/>.
    /// </summary>
    public bool RowsShift { get; }

    /// <summary>Whether the call is 5×5 on rows of one register, computed without scratch by <see cref="DepthwiseFlatPlane5x5Kernel"/>.</summary>
    public bool FiveByFive { get; }

    /// <summary>Wp = padLeft + W + padRight.</summary>
    public int PaddedWidth { get; }

    /// <summary>Hp = padTop + H + padBottom.</summary>
    public int PaddedHeight { get; }

    /// <summary>Floats per row of the padded plane (stride 1, without pairs: 16 or 32).</summary>
    public int RowStride { get; }

    /// <summary>Floats of one buffer (the planes and their slack); there are two, used in turn.</summary>
    public int BufferLength { get; }

    /// <summary>Floats of scratch a thread needs.</summary>
    public int ScratchLength => 2 * BufferLength;

    /// <summary>Whether output rows of this geometry pair up: padded rows of at most 16 pixels (one register) and output rows of at most 8.</summary>
    public static bool Pairs(in ConvGeometry geometry) =>
        (long)geometry.PadLeft + geometry.InputWidth + geometry.PadRight <= Lanes && geometry.OutputWidth <= PairedLanes;

    /// <summary>
    /// Whether rows pair up at stride 1 with one padding column each side (Wo = W ≤ 8): the input rows a register's taps
    /// read are then 2W consecutive floats, as are its two output rows.
    /// </summary>
    public static bool Adjacent(in ConvGeometry geometry) =>
        geometry.Stride == new Size2D(1, 1) && geometry.PadLeft == 1 && geometry.PadRight == 1 && geometry.InputWidth <= PairedLanes;

    /// <summary>
    /// Whether rows at stride 1 with one padding column each side have 9–31 pixels (rows of up to 8 pair up): one input
    /// row then fits one register, or two from 16 pixels on, with a zero lane to its right, the right padding of its
    /// last pixel.
    /// </summary>
    public static bool Shifts(in ConvGeometry geometry) =>
        geometry.Stride == new Size2D(1, 1) && geometry.PadLeft == 1 && geometry.PadRight == 1
        && geometry.InputWidth > PairedLanes && geometry.InputWidth < 2 * Lanes;
}
