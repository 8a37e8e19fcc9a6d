using Depthwise.Geometry;

namespace Depthwise.Cost;

/// <summary>
/// Counts parameters, multiply-adds and bytes of convolutions from their shapes, with the conventions described on
/// <see cref="OpCost"/> and in <c>docs/cost-model.md</c>.
/// </summary>
/// <remarks>
/// All counts use checked 64-bit arithmetic: a shape whose counts do not fit a long throws
/// <see cref="OverflowException"/> instead of returning a wrapped number.
/// </remarks>
public static class CostModel
{
    /// <summary>A (grouped) 2-D convolution: <c>Cout·(Cin/g)·kH·kW</c> weights (+ <c>Cout</c> bias), <c>N·Cout·Ho·Wo·(Cin/g)·kH·kW</c> MACs.</summary>
    /// <param name="batch">N (≥ 1).</param>
    /// <param name="inputChannels">Cin (≥ 1, a multiple of <paramref name="groups"/>).</param>
    /// <param name="outputChannels">Cout (≥ 1, a multiple of <paramref name="groups"/>).</param>
    /// <param name="groups">g (≥ 1): each output channel sees <c>Cin/g</c> input channels.</param>
    /// <param name="geometry">Input size, kernel, stride, dilation and pads, from <see cref="ConvGeometry.Create"/>.</param>
    /// <param name="bias">Whether each output channel adds a bias.</param>
    /// <returns>The cost.</returns>
    /// <exception cref="ArgumentException">An argument is out of range, or <paramref name="groups"/> does not divide both channel counts.</exception>
    public static OpCost Convolution(int batch, int inputChannels, int outputChannels, int groups, ConvGeometry geometry, bool bias)
    {
        RequirePositive(batch, nameof(batch));
        RequirePositive(inputChannels, nameof(inputChannels));
        RequirePositive(outputChannels, nameof(outputChannels));
        RequirePositive(groups, nameof(groups));
        RequireDivisible(inputChannels, nameof(inputChannels), groups);
        RequireDivisible(outputChannels, nameof(outputChannels), groups);
        RequireGeometry(geometry, nameof(geometry));
        return Count(batch, inputChannels, outputChannels, groups, geometry, bias);
    }

    /// <summary>A depthwise convolution with depth multiplier M: groups = C, <c>C·M</c> output channels, <c>C·M·kH·kW</c> weights.</summary>
    /// <param name="batch">N (≥ 1).</param>
    /// <param name="channels">Input channels C (≥ 1).</param>
    /// <param name="multiplier">Depth multiplier M (≥ 1): output channels per input channel.</param>
    /// <param name="geometry">Input size, kernel, stride, dilation and pads, from <see cref="ConvGeometry.Create"/>.</param>
    /// <param name="bias">Whether each output channel adds a bias.</param>
    /// <returns>The cost.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static OpCost Depthwise(int batch, int channels, int multiplier, ConvGeometry geometry, bool bias)
    {
        RequirePositive(batch, nameof(batch));
        RequirePositive(channels, nameof(channels));
        RequirePositive(multiplier, nameof(multiplier));
        var outputChannels = RequireOutputChannels(channels, multiplier);
        RequireGeometry(geometry, nameof(geometry));
        return Count(batch, channels, outputChannels, channels, geometry, bias);
    }

    /// <summary>A pointwise (1×1, stride 1, unpadded) convolution: <c>Cin·Cout</c> weights, <c>N·H·W·Cin·Cout</c> MACs.</summary>
    /// <param name="batch">N (≥ 1).</param>
    /// <param name="inputChannels">Cin (≥ 1).</param>
    /// <param name="outputChannels">Cout (≥ 1).</param>
    /// <param name="height">H (≥ 1).</param>
    /// <param name="width">W (≥ 1).</param>
    /// <param name="bias">Whether each output channel adds a bias.</param>
    /// <returns>The cost.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static OpCost Pointwise(int batch, int inputChannels, int outputChannels, int height, int width, bool bias)
    {
        RequirePositive(batch, nameof(batch));
        RequirePositive(inputChannels, nameof(inputChannels));
        RequirePositive(outputChannels, nameof(outputChannels));
        RequirePositive(height, nameof(height));
        RequirePositive(width, nameof(width));
        return Count(batch, inputChannels, outputChannels, 1, ConvGeometry.Create(height, width, 1, 1, 1, Padding.Valid), bias);
    }

    /// <summary>
    /// A depthwise-separable convolution: depthwise (multiplier M) then pointwise from the <c>Cin·M</c> depthwise
    /// output channels to <paramref name="outputChannels"/>, on the depthwise output size. With
    /// <paramref name="bias"/>, both layers have a bias. The intermediate tensor is counted as written by the
    /// depthwise layer and read by the pointwise one; a fused kernel that keeps it in cache moves less.
    /// </summary>
    /// <param name="batch">N (≥ 1).</param>
    /// <param name="inputChannels">Cin (≥ 1).</param>
    /// <param name="outputChannels">Cout of the pointwise layer (≥ 1).</param>
    /// <param name="multiplier">Depth multiplier M (≥ 1).</param>
    /// <param name="depthwiseGeometry">The depthwise layer's geometry, from <see cref="ConvGeometry.Create"/>.</param>
    /// <param name="bias">Whether both layers add a bias.</param>
    /// <returns>The sum of the two layers' costs.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static OpCost Separable(int batch, int inputChannels, int outputChannels, int multiplier, ConvGeometry depthwiseGeometry, bool bias)
    {
        RequirePositive(batch, nameof(batch));
        RequirePositive(inputChannels, nameof(inputChannels));
        RequirePositive(outputChannels, nameof(outputChannels));
        RequirePositive(multiplier, nameof(multiplier));
        var depthwiseChannels = RequireOutputChannels(inputChannels, multiplier);
        RequireGeometry(depthwiseGeometry, nameof(depthwiseGeometry));
        var depthwise = Count(batch, inputChannels, depthwiseChannels, inputChannels, depthwiseGeometry, bias);
        var pointwise = Pointwise(batch, depthwiseChannels, outputChannels, depthwiseGeometry.OutputHeight, depthwiseGeometry.OutputWidth, bias);
        return depthwise + pointwise;
    }

    /// <summary>
    /// The MobileNet paper's ratio of separable to standard convolution MACs for the same geometry, multiplier 1:
    /// <c>1/N + 1/k²</c> with <c>N</c> output channels and <c>k² = kH·kW</c>. Exact for the dense counts
    /// (<see cref="OpCost.Macs"/>), whatever the input channels, size, stride or padding.
    /// </summary>
    /// <param name="outputChannels">N (≥ 1).</param>
    /// <param name="kernel">Kernel size (each ≥ 1).</param>
    /// <returns>The ratio, in (0, 2].</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is below 1.</exception>
    public static double SeparableSavingFormula(int outputChannels, Size2D kernel)
    {
        RequirePositive(outputChannels, nameof(outputChannels));
        RequirePositive(kernel.Height, nameof(kernel));
        RequirePositive(kernel.Width, nameof(kernel));
        return (1.0 / outputChannels) + (1.0 / ((long)kernel.Height * kernel.Width));
    }

    // Arguments already validated. Grouped convolution: output channel o reads the Cin/g input channels of its group.
    private static OpCost Count(int batch, int inputChannels, int outputChannels, int groups, ConvGeometry geometry, bool bias)
    {
        checked
        {
            long channelsPerGroup = inputChannels / groups;
            var taps = (long)geometry.Kernel.Height * geometry.Kernel.Width;
            var weights = outputChannels * channelsPerGroup * taps;
            long biases = bias ? outputChannels : 0;
            var outputs = (long)batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth;
            var inputs = (long)batch * inputChannels * geometry.InputHeight * geometry.InputWidth;
            // In-bounds taps factor over the axes: Σ_y Σ_x rows(y)·columns(x) = (Σ_y rows(y))·(Σ_x columns(x)).
            var validRows = InBoundsTaps(geometry.InputHeight, geometry.OutputHeight, geometry.Kernel.Height, geometry.Stride.Height, geometry.Dilation.Height, geometry.PadTop);
            var validColumns = InBoundsTaps(geometry.InputWidth, geometry.OutputWidth, geometry.Kernel.Width, geometry.Stride.Width, geometry.Dilation.Width, geometry.PadLeft);
            return new OpCost
            {
                Parameters = weights + biases,
                Macs = outputs * channelsPerGroup * taps,
                MacsExcludingPadding = (long)batch * outputChannels * channelsPerGroup * validRows * validColumns,
                BytesRead = sizeof(float) * (inputs + weights + biases),
                BytesWritten = sizeof(float) * outputs,
            };
        }
    }

    // One axis: Σ over outputs o of #{ tap t < kernel : 0 ≤ o·stride − padBegin + t·dilation < input }.
    private static long InBoundsTaps(int input, int output, int kernel, int stride, int dilation, int padBegin)
    {
        long total = 0;
        for (var o = 0; o < output; o++)
        {
            var origin = ((long)o * stride) - padBegin;
            // First tap at or after row 0, last tap at or before row input − 1.
            var first = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
            var lastRow = input - 1 - origin;
            var last = lastRow < 0 ? -1 : Math.Min(kernel - 1, lastRow / dilation);
            total += Math.Max(0, last - first + 1);
        }

        return total;
    }

    private static int RequireOutputChannels(int channels, int multiplier)
    {
        var outputChannels = (long)channels * multiplier;
        if (outputChannels > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, $"multiplier {multiplier} times {channels} channels is {outputChannels} output channels; expected at most {int.MaxValue}.");
        }

        return (int)outputChannels;
    }

    private static void RequirePositive(int value, string parameter)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} is {value}; expected at least 1.");
        }
    }

    private static void RequireDivisible(int channels, string parameter, int groups)
    {
        if (channels % groups != 0)
        {
            throw new ArgumentException($"{parameter} {channels} is not a multiple of groups {groups}; every group needs the same number of channels.", nameof(groups));
        }
    }

    private static void RequireGeometry(ConvGeometry geometry, string parameter)
    {
        if (geometry.InputHeight < 1 || geometry.InputWidth < 1 || geometry.OutputHeight < 1 || geometry.OutputWidth < 1
            || geometry.Kernel.Height < 1 || geometry.Kernel.Width < 1 || geometry.Stride.Height < 1 || geometry.Stride.Width < 1
            || geometry.Dilation.Height < 1 || geometry.Dilation.Width < 1 || geometry.PadTop < 0 || geometry.PadLeft < 0)
        {
            throw new ArgumentException(
                $"{parameter} (input {geometry.InputHeight}x{geometry.InputWidth}, kernel {geometry.Kernel}, stride {geometry.Stride}, dilation {geometry.Dilation}, output {geometry.OutputHeight}x{geometry.OutputWidth}) is not a valid geometry; create it with ConvGeometry.Create.",
                parameter);
        }
    }
}
