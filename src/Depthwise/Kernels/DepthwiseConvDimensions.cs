using System.Runtime.CompilerServices;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The sizes an optimized depthwise kernel needs, derived once per call from the validated geometry:
/// channels, depth multiplier, and the range of output columns whose taps all fall inside the input
/// (the interior, computed without bounds checks; the columns on either side are the border).
/// </summary>
internal readonly struct DepthwiseConvDimensions
{
    public DepthwiseConvDimensions(in ConvGeometry geometry, int channels, int depthMultiplier)
    {
        Geometry = geometry;
        Channels = channels;
        DepthMultiplier = depthMultiplier;
        (InteriorColumnStart, InteriorColumnEnd) = InteriorRange(
            geometry.InputWidth, geometry.Kernel.Width, geometry.Stride.Width, geometry.Dilation.Width, geometry.PadLeft, geometry.OutputWidth);
    }

    public ConvGeometry Geometry { get; }

    /// <summary>Input channels C.</summary>
    public int Channels { get; }

    /// <summary>Output channels per input channel, M.</summary>
    public int DepthMultiplier { get; }

    /// <summary>C·M.</summary>
    public int OutputChannels => Channels * DepthMultiplier;

    /// <summary>First output column whose leftmost tap is inside the input.</summary>
    public int InteriorColumnStart { get; }

    /// <summary>One past the last output column whose rightmost tap is inside the input (≥ <see cref="InteriorColumnStart"/>).</summary>
    public int InteriorColumnEnd { get; }

    /// <summary>
    /// The kernel taps [first, end) along one axis that land inside the input for a window starting at
    /// <paramref name="origin"/> (negative when the window starts in the padding). Empty when no tap does.
    /// </summary>
    public static (int First, int End) TapRange(int origin, int inputExtent, int kernel, int dilation)
    {
        if (dilation == 1)
        {
            return DenseTapRange(origin, inputExtent, kernel);
        }

        var first = origin >= 0 ? 0 : (int)Math.Min(kernel, ((-(long)origin) + dilation - 1) / dilation);
        var lastInside = (long)inputExtent - 1 - origin;
        var end = lastInside < 0 ? 0 : (int)Math.Min(kernel, (lastInside / dilation) + 1);
        return (first, Math.Max(first, end));
    }

    /// <summary>
    /// <see cref="TapRange"/> at dilation 1, the common case, without the two divisions (the operator guarantees padded
    /// extents fit in an int); always inlined, since a row kernel computes it per row (docs/kernels.md, "Session 17").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int First, int End) DenseTapRange(int origin, int inputExtent, int kernel)
    {
        var first = Math.Clamp(-origin, 0, kernel);
        return (first, Math.Clamp(inputExtent - origin, first, kernel));
    }

    // Output positions o with o·stride − pad ≥ 0 and o·stride − pad + (kernel − 1)·dilation ≤ input − 1, clipped to [0, output).
    private static (int Start, int End) InteriorRange(int input, int kernel, int stride, int dilation, int padBegin, int output)
    {
        var start = Math.Min(output, ((long)padBegin + stride - 1) / stride);
        var lastOrigin = (long)input - 1 - ((long)(kernel - 1) * dilation);
        var end = lastOrigin < 0 ? 0 : Math.Min(output, ((lastOrigin + padBegin) / stride) + 1);
        return ((int)start, (int)Math.Max(start, end));
    }
}
