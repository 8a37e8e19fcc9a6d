using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// Gathers the input window of each output pixel into a column matrix whose depth runs over
/// (input channel, kernel row, kernel column), writing zeros for padding taps.
/// </summary>
internal static class Im2Col
{
    // input (C, H, W) of one image and group → columns (C·kH·kW, pixelCount) for output pixels [pixelStart, pixelStart + pixelCount)
    public static void FillNchw(ReadOnlySpan<float> input, int channels, in ConvGeometry geometry, int pixelStart, int pixelCount, Span<float> columns)
    {
        var inputPlane = geometry.InputHeight * geometry.InputWidth;
        var outputWidth = geometry.OutputWidth;
        var strideWidth = geometry.Stride.Width;
        for (var channel = 0; channel < channels; channel++)
        {
            var plane = input.Slice(channel * inputPlane, inputPlane);
            for (var kernelRow = 0; kernelRow < geometry.Kernel.Height; kernelRow++)
            {
                var rowOffset = kernelRow * geometry.Dilation.Height;
                for (var kernelColumn = 0; kernelColumn < geometry.Kernel.Width; kernelColumn++)
                {
                    var depthIndex = (((channel * geometry.Kernel.Height) + kernelRow) * geometry.Kernel.Width) + kernelColumn;
                    var destination = columns.Slice(depthIndex * pixelCount, pixelCount);

                    // Input column = output column · stride + columnOffset; outputs in [firstValid, endValid) read inside the image.
                    var columnOffset = (kernelColumn * geometry.Dilation.Width) - geometry.PadLeft;
                    var (firstValid, endValid) = ValidOutputRange(geometry.OutputWidth, geometry.InputWidth, strideWidth, columnOffset);
                    var written = 0;
                    while (written < pixelCount)
                    {
                        var pixel = pixelStart + written;
                        var outputRow = pixel / outputWidth;
                        var runStart = pixel - (outputRow * outputWidth);
                        var runEnd = Math.Min(outputWidth, runStart + pixelCount - written);
                        var segment = destination.Slice(written, runEnd - runStart);
                        written += runEnd - runStart;

                        var inputRow = geometry.InputRowOrigin(outputRow) + rowOffset;
                        if ((uint)inputRow >= (uint)geometry.InputHeight)
                        {
                            segment.Clear();
                            continue;
                        }

                        var source = plane.Slice(inputRow * geometry.InputWidth, geometry.InputWidth);
                        var validStart = Math.Clamp(firstValid, runStart, runEnd);
                        var validEnd = Math.Clamp(endValid, validStart, runEnd);
                        segment[..(validStart - runStart)].Clear();
                        segment[(validEnd - runStart)..].Clear();
                        var valid = segment[(validStart - runStart)..(validEnd - runStart)];
                        if (valid.IsEmpty)
                        {
                            // A run that ends before the first valid column (a tile ending early in a row) copies nothing.
                            continue;
                        }

                        if (strideWidth == 1)
                        {
                            source.Slice(validStart + columnOffset, valid.Length).CopyTo(valid);
                        }
                        else
                        {
                            for (var i = 0; i < valid.Length; i++)
                            {
                                valid[i] = source[((validStart + i) * strideWidth) + columnOffset];
                            }
                        }
                    }
                }
            }
        }
    }

    // input (H, W, totalChannels) of one image, channels [firstChannel, firstChannel + channels) → columns (pixelCount, channels·kH·kW)
    public static void FillNhwc(
        ReadOnlySpan<float> input, int totalChannels, int firstChannel, int channels, in ConvGeometry geometry, int pixelStart, int pixelCount, Span<float> columns)
    {
        var taps = geometry.Taps;
        var depth = channels * taps;
        for (var i = 0; i < pixelCount; i++)
        {
            var pixel = pixelStart + i;
            var outputRow = pixel / geometry.OutputWidth;
            var outputColumn = pixel - (outputRow * geometry.OutputWidth);
            var destination = columns.Slice(i * depth, depth);
            for (var kernelRow = 0; kernelRow < geometry.Kernel.Height; kernelRow++)
            {
                var inputRow = geometry.InputRowOrigin(outputRow) + (kernelRow * geometry.Dilation.Height);
                for (var kernelColumn = 0; kernelColumn < geometry.Kernel.Width; kernelColumn++)
                {
                    var inputColumn = geometry.InputColumnOrigin(outputColumn) + (kernelColumn * geometry.Dilation.Width);
                    var tap = (kernelRow * geometry.Kernel.Width) + kernelColumn;
                    if ((uint)inputRow >= (uint)geometry.InputHeight || (uint)inputColumn >= (uint)geometry.InputWidth)
                    {
                        for (var channel = 0; channel < channels; channel++)
                        {
                            destination[(channel * taps) + tap] = 0f;
                        }

                        continue;
                    }

                    var source = input.Slice((((inputRow * geometry.InputWidth) + inputColumn) * totalChannels) + firstChannel, channels);
                    for (var channel = 0; channel < channels; channel++)
                    {
                        destination[(channel * taps) + tap] = source[channel];
                    }
                }
            }
        }
    }

    // Output positions o in [0, outputSize) with 0 ≤ o·stride + offset < inputSize, as [first, end).
    internal static (int First, int End) ValidOutputRange(int outputSize, int inputSize, int stride, int offset)
    {
        var first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        var lastInput = inputSize - 1 - offset;
        var end = lastInput < 0 ? 0 : (lastInput / stride) + 1;
        first = Math.Min(first, outputSize);
        return (first, Math.Clamp(end, first, outputSize));
    }
}
