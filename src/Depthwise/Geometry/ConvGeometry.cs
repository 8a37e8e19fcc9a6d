namespace Depthwise.Geometry;

/// <summary>
/// The one place that turns a kernel, stride, dilation and padding rule into output size and four pads.
/// Every convolution, the cost model and every tool that shows a convolution use this type.
/// </summary>
/// <remarks>
/// With effective kernel extent <c>e = (k - 1)·d + 1</c>, the output extent is
/// <c>(in + padBegin + padEnd - e) / stride + 1</c> (integer division). 'Same' modes choose
/// <c>out = ceil(in / stride)</c> and the smallest total pad that gives it, split as ONNX specifies.
/// </remarks>
public readonly record struct ConvGeometry
{
    /// <summary>Input rows.</summary>
    public int InputHeight { get; init; }

    /// <summary>Input columns.</summary>
    public int InputWidth { get; init; }

    /// <summary>Kernel rows and columns.</summary>
    public Size2D Kernel { get; init; }

    /// <summary>Step between windows along each axis.</summary>
    public Size2D Stride { get; init; }

    /// <summary>Spacing between kernel taps along each axis (1 = dense).</summary>
    public Size2D Dilation { get; init; }

    /// <summary>Zero rows added above the input.</summary>
    public int PadTop { get; init; }

    /// <summary>Zero columns added left of the input.</summary>
    public int PadLeft { get; init; }

    /// <summary>Zero rows added below the input.</summary>
    public int PadBottom { get; init; }

    /// <summary>Zero columns added right of the input.</summary>
    public int PadRight { get; init; }

    /// <summary>Output rows.</summary>
    public int OutputHeight { get; init; }

    /// <summary>Output columns.</summary>
    public int OutputWidth { get; init; }

    /// <summary>Kernel taps per output element: kH·kW.</summary>
    public int Taps => Kernel.Height * Kernel.Width;

    /// <summary>Output pixels per channel: Ho·Wo.</summary>
    public long OutputPixels => (long)OutputHeight * OutputWidth;

    /// <summary>
    /// Computes output size and pads, validating every argument.
    /// </summary>
    /// <param name="inputHeight">Input rows (≥ 1).</param>
    /// <param name="inputWidth">Input columns (≥ 1).</param>
    /// <param name="kernel">Kernel size (each ≥ 1).</param>
    /// <param name="stride">Stride (each ≥ 1).</param>
    /// <param name="dilation">Dilation (each ≥ 1).</param>
    /// <param name="padding">Padding rule.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="ArgumentException">An argument is out of range, or the kernel does not fit the padded input.</exception>
    public static ConvGeometry Create(int inputHeight, int inputWidth, Size2D kernel, Size2D stride, Size2D dilation, Padding padding)
    {
        RequirePositive(inputHeight, nameof(inputHeight), "input height");
        RequirePositive(inputWidth, nameof(inputWidth), "input width");
        RequirePositive(kernel.Height, nameof(kernel), "kernel height");
        RequirePositive(kernel.Width, nameof(kernel), "kernel width");
        RequirePositive(stride.Height, nameof(stride), "stride height");
        RequirePositive(stride.Width, nameof(stride), "stride width");
        RequirePositive(dilation.Height, nameof(dilation), "dilation height");
        RequirePositive(dilation.Width, nameof(dilation), "dilation width");

        var (outputHeight, padTop, padBottom) = Axis(inputHeight, kernel.Height, stride.Height, dilation.Height, padding.Mode, padding.Top, padding.Bottom);
        var (outputWidth, padLeft, padRight) = Axis(inputWidth, kernel.Width, stride.Width, dilation.Width, padding.Mode, padding.Left, padding.Right);
        if (outputHeight <= 0 || outputWidth <= 0)
        {
            throw new ArgumentException(
                $"kernel {kernel.Height}x{kernel.Width} with dilation {dilation} does not fit the padded input " +
                $"{inputHeight}x{inputWidth} (pads {padTop},{padLeft},{padBottom},{padRight}): output would be {outputHeight}x{outputWidth}; expected at least 1x1.",
                nameof(kernel));
        }

        return new ConvGeometry
        {
            InputHeight = inputHeight,
            InputWidth = inputWidth,
            Kernel = kernel,
            Stride = stride,
            Dilation = dilation,
            PadTop = padTop,
            PadLeft = padLeft,
            PadBottom = padBottom,
            PadRight = padRight,
            OutputHeight = outputHeight,
            OutputWidth = outputWidth,
        };
    }

    /// <summary>First input row read by output row <paramref name="outputRow"/> (may be negative: padding).</summary>
    /// <param name="outputRow">Output row index.</param>
    /// <returns>The input row of the kernel's first tap.</returns>
    public int InputRowOrigin(int outputRow) => outputRow * Stride.Height - PadTop;

    /// <summary>First input column read by output column <paramref name="outputColumn"/> (may be negative: padding).</summary>
    /// <param name="outputColumn">Output column index.</param>
    /// <returns>The input column of the kernel's first tap.</returns>
    public int InputColumnOrigin(int outputColumn) => outputColumn * Stride.Width - PadLeft;

    private static (int Output, int PadBegin, int PadEnd) Axis(int input, int kernel, int stride, int dilation, PaddingMode mode, int explicitBegin, int explicitEnd)
    {
        long effectiveKernel = ((long)kernel - 1) * dilation + 1;
        long padBegin, padEnd;
        switch (mode)
        {
            case PaddingMode.Valid:
                padBegin = 0;
                padEnd = 0;
                break;
            case PaddingMode.SameUpper:
            case PaddingMode.SameLower:
                long output = ((long)input + stride - 1) / stride;
                long total = Math.Max(0, ((output - 1) * stride) + effectiveKernel - input);
                long small = total / 2;
                (padBegin, padEnd) = mode == PaddingMode.SameUpper ? (small, total - small) : (total - small, small);
                break;
            default:
                padBegin = explicitBegin;
                padEnd = explicitEnd;
                break;
        }

        long span = input + padBegin + padEnd - effectiveKernel;
        long outputSize = span < 0 ? 0 : (span / stride) + 1;
        if (padBegin > int.MaxValue || padEnd > int.MaxValue || outputSize > int.MaxValue)
        {
            throw new ArgumentException($"convolution axis too large: input {input}, kernel {kernel}, dilation {dilation}, pads {padBegin},{padEnd}.", nameof(input));
        }

        return ((int)outputSize, (int)padBegin, (int)padEnd);
    }

    private static void RequirePositive(int value, string parameter, string what)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{what} must be at least 1; got {value}.");
        }
    }
}
