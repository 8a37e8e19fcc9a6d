using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// Where the flat-plane kernel (<see cref="DepthwiseFlatPlaneKernel"/>) keeps one channel in its scratch, derived once
/// per call from the geometry. The input plane is copied into a zero-padded plane of <c>Hp × Wp</c> pixels (stride 1),
/// or split into the four phase planes of that padded plane (stride 2: even/odd rows × even/odd columns, each
/// <c>⌈Hp/2⌉ × ⌈Wp/2⌉</c>, rows padded to 8 or 16 pixels); either way output pixel (y, x) sits at grid position p = y·S + x with S the padded (phase)
/// width, and tap (ky, kx) reads grid position p + <see cref="TapOffset"/>. Only the first Wo columns of each grid
/// row are output pixels; the kernel squeezes the others out with a compress before storing.
/// </summary>
/// <remarks>
/// Scratch, in floats from a 64-byte-aligned start: <see cref="Registers"/> store masks of 16 lanes, then the
/// registers' destination offsets (as ints, padded to 16), then two buffers, each holding the padded or phase planes
/// and enough zero slack behind them for the loads of a group of four registers and the spill of full-register row
/// stores. The kernel copies the next input plane into one buffer while it computes from the other: loads that
/// straddle the copy's recent stores would otherwise wait for them to reach the cache (no store forwarding).
/// </remarks>
internal readonly struct FlatPlaneShape
{
    private const int Lanes = 16;

    public FlatPlaneShape(in ConvGeometry geometry)
    {
        Stride = geometry.Stride.Width;
        KernelSize = geometry.Kernel.Width;
        PaddedWidth = geometry.PadLeft + geometry.InputWidth + geometry.PadRight;
        PaddedHeight = geometry.PadTop + geometry.InputHeight + geometry.PadBottom;
        OutputPixels = geometry.OutputHeight * geometry.OutputWidth;
        if (Stride == 1)
        {
            // Rows of one or two whole registers: output row y is register row y of the grid, and the taps of kernel
            // row ky are padded row y + ky, so four output rows share the six padded rows they read.
            GridStride = PaddedWidth <= Lanes ? Lanes : 2 * Lanes;
            PhaseLength = 0;
            PlanesLength = PaddedHeight * GridStride;
        }
        else
        {
            // Phase rows of 8 or 16 pixels (⌈Wp/2⌉ rounded up): the copy then writes whole aligned registers, two phase
            // rows of 8 at a time, with nothing spilling into a neighbouring row; the extra columns are squeezed out.
            GridStride = (PaddedWidth + 1) / 2 <= Lanes / 2 ? Lanes / 2 : Lanes;
            PhaseRows = RoundUp((PaddedHeight + 1) / 2, 2);
            PhaseLength = RoundUp((PhaseRows * GridStride) + Lanes);
            PlanesLength = 4 * PhaseLength;
        }

        Registers = Stride == 1 ? 0 : ((geometry.OutputHeight * GridStride) + Lanes - 1) / Lanes;
        TableLength = (Registers * Lanes) + RoundUp(Registers);

        // Loads of a group of four registers (at least four, even when the plane has fewer) at the largest tap offset,
        // and the full-register stores of the last padded row, stay inside the scratch.
        var loads = Stride == 1
            ? ((Math.Max(geometry.OutputHeight, 4) + KernelSize) * GridStride) + Lanes
            : TapOffset(KernelSize - 1, KernelSize - 1) + (Math.Max(Registers, 4) * Lanes);
        BufferLength = RoundUp(Math.Max(PlanesLength, loads) + (2 * Lanes));
        ScratchLength = TableLength + (2 * BufferLength);
    }

    public int Stride { get; }

    public int KernelSize { get; }

    /// <summary>Wp = padLeft + W + padRight.</summary>
    public int PaddedWidth { get; }

    /// <summary>Hp = padTop + H + padBottom.</summary>
    public int PaddedHeight { get; }

    /// <summary>S: pixels per grid row (16 or 32 at stride 1, 8 or 16 at stride 2).</summary>
    public int GridStride { get; }

    /// <summary>Rows of each phase plane, ⌈Hp/2⌉ rounded up to even (stride 2 only).</summary>
    public int PhaseRows { get; }

    /// <summary>Floats from one phase plane to the next (stride 2 only).</summary>
    public int PhaseLength { get; }

    /// <summary>Floats of the padded plane or of the four phase planes.</summary>
    public int PlanesLength { get; }

    /// <summary>Ho·Wo.</summary>
    public int OutputPixels { get; }

    /// <summary>Registers of 16 grid positions covering the Ho grid rows (stride 2; stride 1 stores rows as they are).</summary>
    public int Registers { get; }

    /// <summary>Floats of store masks and destination offsets at the start of the scratch.</summary>
    public int TableLength { get; }

    /// <summary>Floats of one plane buffer (the planes and their slack); there are two, used in turn.</summary>
    public int BufferLength { get; }

    /// <summary>Floats of scratch a thread needs.</summary>
    public int ScratchLength { get; }

    /// <summary>Grid offset of tap (ky, kx) from its output pixel's position, in the planes.</summary>
    public int TapOffset(int ky, int kx) => Stride == 1
        ? (ky * GridStride) + kx
        : (((2 * (ky & 1)) + (kx & 1)) * PhaseLength) + ((ky >> 1) * GridStride) + (kx >> 1);

    private static int RoundUp(int length, int multiple = Lanes) => (length + multiple - 1) / multiple * multiple;
}
