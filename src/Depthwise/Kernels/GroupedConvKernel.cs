using System.Buffers;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Kernels;

/// <summary>
/// Grouped 2-D convolution lowered to GEMM. A 1×1, stride-1, unpadded convolution is a GEMM on the tensors as they lie
/// (<see cref="PointwiseConvKernel"/>); every other geometry first gathers its input windows (im2col) into a scratch tile
/// of output pixels, per image and group.
/// </summary>
/// <remarks>
/// The im2col matrix orders its depth as (input channel, kernel row, kernel column), the order of a PyTorch weight row:
/// NCHW: output (Cout/g, pixels) = weights (Cout/g, depth) · columns (depth, pixels), weights read in place;
/// NHWC: output (pixels, Cout/g) = columns (pixels, depth) · weightsᵀ (depth, Cout/g), weightsᵀ packed per call or
/// prepacked once by a <see cref="Conv2dPlan"/> (<see cref="PointwiseConvKernel.PackWeights"/>).
/// </remarks>
internal static unsafe class GroupedConvKernel
{
    [ThreadStatic]
    private static float[]? _im2Col;

    // One im2col tile holds at most this many floats (1 MiB) unless a single output pixel needs more: large enough that
    // each GEMM call sees hundreds of output pixels, small enough to sit in L2 beside the packed panels, and bounded
    // whatever the image size.
    private const int ColumnTileBudget = 1 << 18;

    /// <summary>True when the convolution is a plain GEMM on the tensors (1×1 kernel, stride 1, no padding).</summary>
    public static bool IsPointwise(in ConvGeometry geometry) =>
        geometry.Kernel == new Size2D(1, 1) && geometry.Stride == new Size2D(1, 1)
        && geometry.PadTop == 0 && geometry.PadLeft == 0 && geometry.PadBottom == 0 && geometry.PadRight == 0;

    /// <summary>
    /// This thread's im2col scratch with room for <paramref name="length"/> floats, valid until the next convolution
    /// started on this thread (grow-only, see <see cref="PinnedScratch"/>), so steady-state calls allocate nothing.
    /// </summary>
    public static Span<float> Im2ColScratch(int length) => new(PinnedScratch.Grow(ref _im2Col, length), length);

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

    /// <summary>Whether <see cref="Forward"/> reads packed weights for this convolution (otherwise the weights in place).</summary>
    /// <param name="layout">Input and output layout.</param>
    /// <param name="inputChannels">Cin.</param>
    /// <param name="outputChannels">Cout.</param>
    /// <param name="groups">g.</param>
    /// <param name="geometry">The geometry.</param>
    /// <returns>True for NHWC, and for NCHW pointwise convolutions computed transposed.</returns>
    public static bool UsesPackedWeights(TensorLayout layout, int inputChannels, int outputChannels, int groups, in ConvGeometry geometry) =>
        IsPointwise(geometry)
            ? PointwiseConvKernel.UsesPackedWeights(layout, inputChannels / groups, outputChannels / groups, geometry.InputHeight * geometry.InputWidth)
            : layout != TensorLayout.Nchw;

    // input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW), packed Wgᵀ or empty, bias (Cout) or empty → output (N, Cout, Ho, Wo); input and output in `layout`
    public static void Forward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> packedWeights,
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
        if (packedWeights.IsEmpty && UsesPackedWeights(layout, inputChannels, outputChannels, groups, geometry))
        {
            ForwardPackingWeights(input, weights, bias, output, scratch, batch, inputChannels, outputChannels, groups, geometry, activation, layout, threads);
            return;
        }

        if (packedWeights.IsEmpty && UsesPackedWeights(layout, inputChannels, outputChannels, groups, geometry))
        {
            ForwardPackingWeights(input, weights, bias, output, scratch, batch, inputChannels, outputChannels, groups, geometry, activation, layout, threads);
            return;
        }

        if (IsPointwise(geometry))
        {
            PointwiseConvKernel.Forward(
                input, weights, packedWeights, bias, output, batch, inputChannels, outputChannels, groups,
                geometry.InputHeight * geometry.InputWidth, layout, activation, threads);
            return;
        }

        var shape = new Shape(batch, inputChannels, outputChannels, groups);
        if (layout == TensorLayout.Nchw)
        {
            Im2ColNchw(input, weights, bias, output, scratch, shape, geometry, activation, threads);
        }
        else
        {
            Im2ColNhwc(input, packedWeights, bias, output, scratch, shape, geometry, activation, threads);
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
        ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output, Span<float> scratch, Shape shape, in ConvGeometry geometry, Activation activation, int threads)
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
                    var groupOutput = output[((((image * outputPixels) + pixelStart) * shape.OutputChannels) + (group * shape.OutputChannelsPerGroup))..];
                    var groupLength = packedWeights.Length / shape.Groups;
                    GemmKernel.MultiplyPacked(
                        pixelCount, shape.OutputChannelsPerGroup, depth, columns, depth, 1, packedWeights.Slice(group * groupLength, groupLength),
                        groupOutput, shape.OutputChannels, outputTransposed: false, GroupBias(bias, group, shape),
                        bias.IsEmpty ? GemmBias.None : GemmBias.PerColumn, activation, threads);
                }
            }
        }
    }

    // No plan: packs Wgᵀ once for this call (not once per GEMM) and runs Forward with it.
    private static void ForwardPackingWeights(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Span<float> scratch,
        int batch, int inputChannels, int outputChannels, int groups, in ConvGeometry geometry, Activation activation, TensorLayout layout, int threads)
    {
        var depth = inputChannels / groups * geometry.Taps;
        var length = (int)PointwiseConvKernel.PackedWeightsLength(depth, outputChannels / groups, groups);
        var buffer = ArrayPool<float>.Shared.Rent(checked(length + 16));
        try
        {
            fixed (float* bufferBase = buffer)
            {
                var packed = GemmKernel.Align(bufferBase);
                PointwiseConvKernel.PackWeights(weights, depth, outputChannels / groups, groups, packed);
                Forward(
                    input, weights, new ReadOnlySpan<float>(packed, length), bias, output, scratch, batch, inputChannels, outputChannels, groups,
                    geometry, activation, layout, threads);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
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
