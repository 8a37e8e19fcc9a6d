using Depthwise.Operators;

namespace Depthwise.Kernels;

/// <summary>
/// ∂L/∂input of an NCHW pointwise convolution (one group): per image ∂in_n (Cin, HW) = Wᵀ (Cin, Cout) · ∂out_n (Cout, HW),
/// which is itself a pointwise convolution of ∂out_n with the weights Wᵀ. It therefore runs through
/// <see cref="PointwiseConvKernel.NchwImage"/>, in the orientation that fills the vectors best (pixels as GEMM rows,
/// Cin in the vectors, at 7² and 14²), image by image beside ∂W's GEMM while ∂out_n is in cache.
/// </summary>
/// <remarks>
/// Every element is one micro-kernel call over k = 0 … Cout − 1 from zero, as in the plain GEMM Wᵀ · ∂out_n (an FMA's
/// product does not depend on which operand is broadcast), so the result does not depend on the orientation or the thread count.
/// </remarks>
internal static unsafe class PointwiseConvBackwardKernel
{
    // Wᵀ (Cin, Cout) and, where the transposed orientation needs them, its packed panels: grow-only, per calling thread.
    [ThreadStatic]
    private static float[]? _weights;

    /// <summary>
    /// Lays the weights out for <see cref="ImageInputGradient"/> in the calling thread's scratch: Wᵀ (Cin, Cout)
    /// row-major, or packed into GEMM panels when <paramref name="transposed"/>. Valid until the next call on this thread.
    /// </summary>
    /// <param name="weights">W (Cout, Cin).</param>
    /// <param name="inputChannels">Cin.</param>
    /// <param name="outputChannels">Cout.</param>
    /// <param name="pixels">H·W.</param>
    /// <param name="transposed">Whether ∂in runs with pixels as GEMM rows (<see cref="PointwiseConvKernel.TransposesNchw"/> of Cout → Cin).</param>
    /// <returns>The prepared weights.</returns>
    public static ArraySegment<float> PrepareWeights(ReadOnlySpan<float> weights, int inputChannels, int outputChannels, int pixels, out bool transposed)
    {
        var transposedLength = inputChannels * outputChannels;
        var packedOffset = (transposedLength + 15) / 16 * 16;
        transposed = PointwiseConvKernel.TransposesNchw(outputChannels, inputChannels, pixels);
        var packedLength = transposed ? (int)PointwiseConvKernel.PackedWeightsLength(outputChannels, inputChannels, 1) : 0;
        var scratch = PinnedScratch.Grow(ref _weights, packedOffset + packedLength);
        var offset = PinnedScratch.AlignedOffset(_weights!);
        var weightsTransposed = new Span<float>(scratch, transposedLength);
        for (var output = 0; output < outputChannels; output++)
        {
            for (var input = 0; input < inputChannels; input++)
            {
                weightsTransposed[(input * outputChannels) + output] = weights[(output * inputChannels) + input];
            }
        }

        if (!transposed)
        {
            return new ArraySegment<float>(_weights!, offset, transposedLength);
        }

        PointwiseConvKernel.PackWeights(weightsTransposed, outputChannels, inputChannels, 1, scratch + packedOffset);
        return new ArraySegment<float>(_weights!, offset + packedOffset, packedLength);
    }

    // gradOutput (N, Cout, H, W), weights from PrepareWeights → gradInput (Cin, H, W) of image `image`, overwritten
    public static void ImageInputGradient(
        ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> preparedWeights, Span<float> gradInput, int image, int inputChannels, int outputChannels,
        int pixels, bool transposed, int threads) =>
        PointwiseConvKernel.NchwImage(
            gradOutput, preparedWeights, [], gradInput, image, outputChannels, inputChannels, 1, pixels, transposed, Activation.None, threads);
}
