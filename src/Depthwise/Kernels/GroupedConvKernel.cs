using System.Buffers;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// Grouped 2-D convolution lowered to GEMM. A 1×1, stride-1, unpadded convolution is a GEMM on the tensors as they lie
/// (<see cref="PointwiseConvKernel"/>); every other geometry first gathers its input windows (im2col) into a scratch tile
/// of output pixels, per image and group, except NCHW convolutions of few input channels (a network's stem), which
/// <see cref="FewChannelConvKernel"/> computes directly.
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
            ForwardPackingWeights(input, weights, bias, output, batch, inputChannels, outputChannels, groups, geometry, activation, layout, threads);
            return;
        }

        if (IsPointwise(geometry))
        {
            PointwiseConvKernel.Forward(
                input, weights, packedWeights, bias, output, batch, inputChannels, outputChannels, groups,
                geometry.InputHeight * geometry.InputWidth, layout, activation, threads);
            return;
        }

        if (FewChannelConvKernel.Suits(layout, inputChannels, groups, geometry))
        {
            FewChannelConvKernel.Forward(input, weights, bias, output, batch, inputChannels, outputChannels, geometry, activation, threads);
            return;
        }

        var depth = inputChannels / groups * geometry.Taps;
        var tilePixels = GroupedConvJob.TilePixels(depth, geometry.OutputPixels, batch * groups, threads, ColumnTileBudget);
        fixed (float* inputPointer = input, weightPointer = layout == TensorLayout.Nchw ? weights : packedWeights, biasPointer = bias, outputPointer = output)
        {
            var job = new GroupedConvJob(
                inputPointer, weightPointer, biasPointer, outputPointer, batch, inputChannels, outputChannels, groups, geometry, activation, layout, tilePixels);
            var multiplyAdds = (long)batch * outputChannels * depth * geometry.OutputPixels;
            Parallelism.For(job.Items, multiplyAdds < GemmKernel.SingleThreadMultiplyAdds ? 1 : threads, ref job);
        }
    }

    // No plan: packs Wgᵀ once for this call (not once per GEMM) and runs Forward with it.
    private static void ForwardPackingWeights(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output,
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
                    input, weights, new ReadOnlySpan<float>(packed, length), bias, output, batch, inputChannels, outputChannels, groups,
                    geometry, activation, layout, threads);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
