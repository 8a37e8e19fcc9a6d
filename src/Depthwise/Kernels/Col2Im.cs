using Depthwise.Geometry;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Kernels;

/// <summary>
/// The adjoint of <see cref="Im2Col.FillNchw"/>: adds every entry of a column matrix back onto the input position its
/// tap read (padding taps are dropped). A convolution's input gradient is this applied to Wᵀ · ∂L/∂output.
/// </summary>
internal static class Col2Im
{
    // columns (C·kH·kW, Ho·Wo) → gradInput (C, H, W) += the column values, each at the input pixel its window tap covers
    public static void AccumulateNchw(ReadOnlySpan<float> columns, int channels, in ConvGeometry geometry, Span<float> gradInput)
    {
        var inputPlane = geometry.InputHeight * geometry.InputWidth;
        var outputWidth = geometry.OutputWidth;
        var pixels = geometry.OutputHeight * outputWidth;
        var strideWidth = geometry.Stride.Width;
        for (var channel = 0; channel < channels; channel++)
        {
            var plane = gradInput.Slice(channel * inputPlane, inputPlane);
            for (var kernelRow = 0; kernelRow < geometry.Kernel.Height; kernelRow++)
            {
                var rowOffset = kernelRow * geometry.Dilation.Height;
                for (var kernelColumn = 0; kernelColumn < geometry.Kernel.Width; kernelColumn++)
                {
                    var depthIndex = (((channel * geometry.Kernel.Height) + kernelRow) * geometry.Kernel.Width) + kernelColumn;
                    var source = columns.Slice(depthIndex * pixels, pixels);
                    var columnOffset = (kernelColumn * geometry.Dilation.Width) - geometry.PadLeft;
                    var (firstValid, endValid) = Im2Col.ValidOutputRange(outputWidth, geometry.InputWidth, strideWidth, columnOffset);
                    if (firstValid >= endValid)
                    {
                        continue;
                    }

                    for (var outputRow = 0; outputRow < geometry.OutputHeight; outputRow++)
                    {
                        var inputRow = geometry.InputRowOrigin(outputRow) + rowOffset;
                        if ((uint)inputRow >= (uint)geometry.InputHeight)
                        {
                            continue;
                        }

                        var values = source.Slice((outputRow * outputWidth) + firstValid, endValid - firstValid);
                        var destinationRow = plane.Slice(inputRow * geometry.InputWidth, geometry.InputWidth);
                        if (strideWidth == 1)
                        {
                            var destination = destinationRow.Slice(firstValid + columnOffset, values.Length);
                            TensorPrimitives.Add(destination, values, destination);
                        }
                        else
                        {
                            for (var i = 0; i < values.Length; i++)
                            {
                                destinationRow[((firstValid + i) * strideWidth) + columnOffset] += values[i];
                            }
                        }
                    }
                }
            }
        }
    }
}
