using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Kernels;

/// <summary>
/// Grouped 2-D convolution lowered to GEMM. A 1×1, stride-1, unpadded convolution is a GEMM on the tensors as they lie;
/// every other geometry first gathers its input windows (im2col) into a scratch tile of output pixels, per image and group.
/// </summary>
/// <remarks>
/// The im2col matrix orders its depth as (input channel, kernel row, kernel column), the order of a PyTorch weight row,
/// so the weights are used in place for both layouts:
/// NCHW: output (Cout/g, pixels) = weights (Cout/g, depth) · columns (depth, pixels);
/// NHWC: output (pixels, Cout/g) = columns (pixels, depth) · weightsᵀ (depth, Cout/g).
/// </remarks>
internal static class GroupedConvKernel
{
    // One im2col tile holds at most this many floats (1 MiB) unless a single output pixel needs more: large enough that
    // each GEMM call sees hundreds of output pixels, small enough to sit in L2 beside the packed panels, and bounded
    // whatever the image size.
    private const int ColumnTileBudget = 1 << 18;

    /// <summary>True when the convolution is a plain GEMM on the tensors (1×1 kernel, stride 1, no padding).</summary>
    public static bool IsPointwise(in ConvGeometry geometry) =>
        geometry.Kernel == new Size2D(1, 1) && geometry.Stride == new Size2D(1, 1)
        && geometry.PadTop == 0 && geometry.PadLeft == 0 && geometry.PadBottom == 0 && geometry.PadRight == 0;

    /// <summary>Floats of scratch <see cref="Forward"/> needs for this convolution.</summary>
    public static int ScratchLength(int inputChannels, int groups, in ConvGeometry geometry)
    {
        if (IsPointwise(geometry))
        {
            return 0;
        }

        var depth = inputChannels / groups * geometry.Taps;
        return depth * TilePixels(depth, geometry);
    }

    // input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW), bias (Cout) or empty → output (N, Cout, Ho, Wo); input and output in `layout`
    public static void Forward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        Span<float> scratch,
        int batch,
        int inputChannels,
        int outputChannels,
        int groups,
        in ConvGeometry geometry,
        Activation activation,
        TensorLayout layout,
        int threads)
    {
        var shape = new Shape(batch, inputChannels, outputChannels, groups);
        switch ((IsPointwise(geometry), layout))
        {
            case (true, TensorLayout.Nchw):
                PointwiseNchw(input, weights, bias, output, shape, geometry, activation, threads);
                break;
            case (true, _):
                PointwiseNhwc(input, weights, bias, output, shape, geometry, activation, threads);
                break;
            case (false, TensorLayout.Nchw):
                Im2ColNchw(input, weights, bias, output, scratch, shape, geometry, activation, threads);
                break;
            default:
                Im2ColNhwc(input, weights, bias, output, scratch, shape, geometry, activation, threads);
                break;
        }
    }

    // input (N, Cin, H, W), weights (Cout, Cin/g) → output (N, Cout, H, W): per image and group, out (Cout/g, HW) = W_g · in_g (Cin/g, HW)
    private static void PointwiseNchw(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Shape shape, in ConvGeometry geometry, Activation activation, int threads)
    {
        var plane = geometry.InputHeight * geometry.InputWidth;
        for (var image = 0; image < shape.Batch; image++)
        {
            for (var group = 0; group < shape.Groups; group++)
            {
                GemmKernel.Multiply(
                    shape.OutputChannelsPerGroup, plane, shape.InputChannelsPerGroup,
                    weights[(group * shape.OutputChannelsPerGroup * shape.InputChannelsPerGroup)..], shape.InputChannelsPerGroup, 1,
                    input[(((image * shape.InputChannels) + (group * shape.InputChannelsPerGroup)) * plane)..], plane, 1,
                    output[(((image * shape.OutputChannels) + (group * shape.OutputChannelsPerGroup)) * plane)..], plane,
                    GroupBias(bias, group, shape), bias.IsEmpty ? GemmBias.None : GemmBias.PerRow, activation, threads);
            }
        }
    }

    // input (N, H, W, Cin), weights (Cout, Cin/g) → output (N, H, W, Cout): per group, out (N·HW, Cout/g) = in_g (N·HW, Cin/g) · W_gᵀ; the whole batch is one GEMM
    private static void PointwiseNhwc(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Shape shape, in ConvGeometry geometry, Activation activation, int threads)
    {
        var pixels = shape.Batch * geometry.InputHeight * geometry.InputWidth;
        for (var group = 0; group < shape.Groups; group++)
        {
            GemmKernel.Multiply(
                pixels, shape.OutputChannelsPerGroup, shape.InputChannelsPerGroup,
                input[(group * shape.InputChannelsPerGroup)..], shape.InputChannels, 1,
                weights[(group * shape.OutputChannelsPerGroup * shape.InputChannelsPerGroup)..], 1, shape.InputChannelsPerGroup,
                output[(group * shape.OutputChannelsPerGroup)..], shape.OutputChannels,
                GroupBias(bias, group, shape), bias.IsEmpty ? GemmBias.None : GemmBias.PerColumn, activation, threads);
        }
    }

    // input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW) → output (N, Cout, Ho, Wo): per image, group and pixel tile,
    // columns (depth, tile) = im2col(in_g), out (Cout/g, tile) = W_g (Cout/g, depth) · columns
    private static void Im2ColNchw(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Span<float> scratch, Shape shape, in ConvGeometry geometry, Activation activation, int threads)
    {
        var depth = shape.InputChannelsPerGroup * geometry.Taps;
        var tilePixels = TilePixels(depth, geometry);
        var inputPlane = geometry.InputHeight * geometry.InputWidth;
        var outputPixels = (int)geometry.OutputPixels;
        for (var image = 0; image < shape.Batch; image++)
        {
            for (var group = 0; group < shape.Groups; group++)
            {
                var groupInput = input.Slice(((image * shape.InputChannels) + (group * shape.InputChannelsPerGroup)) * inputPlane, shape.InputChannelsPerGroup * inputPlane);
                var groupOutput = output[(((image * shape.OutputChannels) + (group * shape.OutputChannelsPerGroup)) * outputPixels)..];
                for (var pixelStart = 0; pixelStart < outputPixels; pixelStart += tilePixels)
                {
                    var pixelCount = Math.Min(tilePixels, outputPixels - pixelStart);
                    var columns = scratch[..(depth * pixelCount)];
                    Im2Col.FillNchw(groupInput, shape.InputChannelsPerGroup, geometry, pixelStart, pixelCount, columns);
                    GemmKernel.Multiply(
                        shape.OutputChannelsPerGroup, pixelCount, depth,
                        weights[(group * shape.OutputChannelsPerGroup * depth)..], depth, 1,
                        columns, pixelCount, 1,
                        groupOutput[pixelStart..], outputPixels,
                        GroupBias(bias, group, shape), bias.IsEmpty ? GemmBias.None : GemmBias.PerRow, activation, threads);
                }
            }
        }
    }

    // input (N, H, W, Cin), weights (Cout, Cin/g, kH, kW) → output (N, Ho, Wo, Cout): per image, group and pixel tile,
    // columns (tile, depth) = im2col(in_g), out (tile, Cout/g) = columns · W_gᵀ (depth, Cout/g)
    private static void Im2ColNhwc(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Span<float> scratch, Shape shape, in ConvGeometry geometry, Activation activation, int threads)
    {
        var depth = shape.InputChannelsPerGroup * geometry.Taps;
        var tilePixels = TilePixels(depth, geometry);
        var inputImageLength = geometry.InputHeight * geometry.InputWidth * shape.InputChannels;
        var outputPixels = (int)geometry.OutputPixels;
        for (var image = 0; image < shape.Batch; image++)
        {
            var inputImage = input.Slice(image * inputImageLength, inputImageLength);
            for (var group = 0; group < shape.Groups; group++)
            {
                for (var pixelStart = 0; pixelStart < outputPixels; pixelStart += tilePixels)
                {
                    var pixelCount = Math.Min(tilePixels, outputPixels - pixelStart);
                    var columns = scratch[..(depth * pixelCount)];
                    Im2Col.FillNhwc(inputImage, shape.InputChannels, group * shape.InputChannelsPerGroup, shape.InputChannelsPerGroup, geometry, pixelStart, pixelCount, columns);
                    GemmKernel.Multiply(
                        pixelCount, shape.OutputChannelsPerGroup, depth,
                        columns, depth, 1,
                        weights[(group * shape.OutputChannelsPerGroup * depth)..], 1, depth,
                        output[((((image * outputPixels) + pixelStart) * shape.OutputChannels) + (group * shape.OutputChannelsPerGroup))..], shape.OutputChannels,
                        GroupBias(bias, group, shape), bias.IsEmpty ? GemmBias.None : GemmBias.PerColumn, activation, threads);
                }
            }
        }
    }

    private static ReadOnlySpan<float> GroupBias(ReadOnlySpan<float> bias, int group, Shape shape) =>
        bias.IsEmpty ? bias : bias.Slice(group * shape.OutputChannelsPerGroup, shape.OutputChannelsPerGroup);

    private static int TilePixels(int depth, in ConvGeometry geometry) =>
        (int)Math.Clamp(ColumnTileBudget / depth, 1, geometry.OutputPixels);

    private readonly record struct Shape(int Batch, int InputChannels, int OutputChannels, int Groups)
    {
        public int InputChannelsPerGroup => InputChannels / Groups;

        public int OutputChannelsPerGroup => OutputChannels / Groups;
    }
}
