namespace Depthwise.Kernels;

/// <summary>
/// Shape of the scratch "band" the banded planar kernel convolves: the input rows a block of output rows reads,
/// zero-padded on every side and, for a width stride s &gt; 1, split into s phases (padded columns j ≡ p mod s
/// stored together). In a band every tap of every output column is an in-bounds load, and output columns x … x+V−1
/// read V consecutive floats for every tap, at any stride: one kernel, no border cases.
/// </summary>
internal readonly struct NchwBand
{
    /// <summary>
    /// Largest band, in floats, the operator will use (256 KiB: stays in L2 next to the output). Problems whose single
    /// output row needs more (huge dilation or stride with padding) use the clipped-tap planar kernel instead.
    /// </summary>
    public const int MaximumLength = 1 << 16;

    public NchwBand(in DepthwiseConvDimensions dimensions)
    {
        var geometry = dimensions.Geometry;
        StrideHeight = geometry.Stride.Height;
        KernelExtentHeight = ((long)geometry.Kernel.Height - 1) * geometry.Dilation.Height + 1;
        Phases = geometry.Stride.Width;

        // Phase p holds padded columns p, p + s, p + 2s, …; output column x, tap kx reads entry x + (kx·dW) / s of
        // phase (kx·dW) mod s, so each phase needs Wo + ((kW − 1)·dW) / s entries.
        PhaseLength = geometry.OutputWidth + (((long)geometry.Kernel.Width - 1) * geometry.Dilation.Width / Phases);
        RowLength = Phases * PhaseLength;
    }

    public int StrideHeight { get; }

    public long KernelExtentHeight { get; }

    /// <summary>Width stride: how many phases a band row is split into.</summary>
    public int Phases { get; }

    /// <summary>Entries per phase.</summary>
    public long PhaseLength { get; }

    /// <summary>Floats per band row (all phases).</summary>
    public long RowLength { get; }

    /// <summary>Input rows read by <paramref name="outputRows"/> consecutive output rows.</summary>
    public long Rows(int outputRows) => ((long)(outputRows - 1) * StrideHeight) + KernelExtentHeight;

    /// <summary>Floats of scratch for <paramref name="outputRows"/> consecutive output rows.</summary>
    public long Length(int outputRows) => Rows(outputRows) * RowLength;

    /// <summary>Most output rows (≤ <paramref name="outputHeight"/>) whose band fits <see cref="MaximumLength"/>; 0 if not even one does.</summary>
    public int RowsWithinMaximum(int outputHeight)
    {
        if (Length(1) > MaximumLength)
        {
            return 0;
        }

        var extraRows = ((MaximumLength / RowLength) - KernelExtentHeight) / StrideHeight;
        return (int)Math.Min(outputHeight, extraRows + 1);
    }

    /// <summary>Offset of kernel column <paramref name="kx"/>'s data within a band row: its phase's start plus its shift.</summary>
    public int ColumnOffset(int kx, int dilationWidth)
    {
        var padded = (long)kx * dilationWidth;
        return (int)(((padded % Phases) * PhaseLength) + (padded / Phases));
    }
}
