using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// The pointwise (1×1) convolution as a GEMM, in whichever orientation fills the vectors best:
/// <list type="bullet">
/// <item>NCHW, large images (56², 28²): out (Cout, HW) = W (Cout, Cin) · in (Cin, HW); the vectors run over pixels and
/// both operands are read in place (weights broadcast, activations loaded).</item>
/// <item>NCHW, small images (7×7 = 49 pixels fill only 49 of 64 lanes; 14² = 196 fill 196 of 208):
/// outᵀ (HW, Cout) = inᵀ (HW, Cin) · Wᵀ (Cin, Cout); the vectors run over output channels, Wᵀ is packed, and each
/// finished tile is stored transposed. <see cref="TransposesNchw"/> decides.</item>
/// <item>NCHW, 7×7 with Vector512 (48·n + 1 pixels): out (Cout, HW) = W · in with W read from packed Wᵀ, the 49th pixel
/// computed by the wide tiles as an extra column (<see cref="ReadsPackedWeightsAsLeft"/>): every lane used, no transposes.</item>
/// <item>NHWC: out (N·HW, Cout) = in (N·HW, Cin) · Wᵀ (Cin, Cout); the vectors run over output channels, Wᵀ is packed.</item>
/// </list>
/// Packed Wᵀ comes from <see cref="PackWeights"/>, once per <see cref="PointwiseConv2dPlan"/>, or once per call otherwise
/// (<see cref="GroupedConvKernel"/>).
/// </summary>
internal static unsafe class PointwiseConvKernel
{
    /// <summary>Floats <see cref="PackWeights"/> writes (a multiple of 16, so every group's panels stay 64-byte aligned).</summary>
    /// <param name="depthPerGroup">Shared dimension per group: Cin/g (times kH·kW for im2col weights).</param>
    /// <param name="outputChannelsPerGroup">Cout/g.</param>
    /// <param name="groups">g.</param>
    /// <returns>The length.</returns>
    public static long PackedWeightsLength(int depthPerGroup, int outputChannelsPerGroup, int groups) =>
        groups * GroupPackedLength(depthPerGroup, outputChannelsPerGroup);

    // weights (Cout, depth/g) row-major → per group g, Wgᵀ (depth/g, Cout/g) in GEMM panel order, groups one after another
    public static void PackWeights(ReadOnlySpan<float> weights, int depthPerGroup, int outputChannelsPerGroup, int groups, float* packed)
    {
        fixed (float* source = weights)
        {
            for (var group = 0; group < groups; group++)
            {
                GemmPacking.PackRight(
                    source + ((long)group * outputChannelsPerGroup * depthPerGroup), 1, depthPerGroup, depthPerGroup, outputChannelsPerGroup,
                    GemmKernel.PanelColumns, GemmKernel.Lanes, packed + (group * GroupPackedLength(depthPerGroup, outputChannelsPerGroup)));
            }
        }
    }

    /// <summary>Whether <see cref="Forward"/> reads packed Wᵀ for this layout and size (otherwise the weights in place).</summary>
    /// <param name="layout">Input and output layout.</param>
    /// <param name="inputChannels">Cin/g.</param>
    /// <param name="outputChannels">Cout/g.</param>
    /// <param name="pixels">H·W.</param>
    /// <returns>True for NHWC, and for NCHW when <see cref="TransposesNchw"/> or <see cref="ReadsPackedWeightsAsLeft"/>.</returns>
    public static bool UsesPackedWeights(TensorLayout layout, int inputChannels, int outputChannels, int pixels) =>
        layout != TensorLayout.Nchw || UsesPackedWeightsNchw(inputChannels, outputChannels, pixels);

    /// <summary>
    /// True when an NCHW image of <paramref name="pixels"/> runs out (Cout, HW) = W · in with W read from packed Wᵀ
    /// (rows one float apart), so that the pixels after the last whole Vector512 run with the vectors over output
    /// channels: 48·n + 1 pixels (a 7 × 7 image) as an extra column of the wide tiles
    /// (<see cref="GemmKernel.EndsInExtraColumn"/>), other 16·n + 1…8 (a 14 × 14 image: 196 = 12·16 + 4) as a strip
    /// (<see cref="GemmKernel.StripColumns"/>). Every lane of every FMA is used, as with pixels as rows, but the tiles are
    /// stored as they are, without the 8 × 8 transposes (320 → 1280 @ 7²: 344 µs against 351 transposed, the same FMAs).
    /// </summary>
    /// <param name="pixels">H·W.</param>
    /// <returns>Whether to read packed Wᵀ as the left operand.</returns>
    public static bool ReadsPackedWeightsAsLeft(int pixels) =>
        GemmKernel.Lanes == 16 && pixels > GemmKernel.Lanes && pixels % GemmKernel.Lanes is > 0 and <= 8;

    /// <summary>
    /// True when an NCHW pointwise convolution runs with pixels as rows (output channels in the vectors), the cheaper
    /// orientation when the image fills the vectors badly and there is enough depth to pay for the transposed stores.
    /// </summary>
    /// <param name="inputChannels">Cin/g (the GEMM depth).</param>
    /// <param name="outputChannels">Cout/g.</param>
    /// <param name="pixels">H·W.</param>
    /// <returns>Whether to compute outᵀ.</returns>
    public static bool TransposesNchw(int inputChannels, int outputChannels, int pixels)
    {
        // Cost in vector FMAs, plus the transposed stores.
        var direct = GemmKernel.VectorFmas(outputChannels, pixels, inputChannels);
        var transposed = GemmKernel.VectorFmas(pixels, outputChannels, inputChannels) + (GemmTranspose.StoreCost * outputChannels * pixels);
        return transposed < direct;
    }

    // input (N, Cin, H, W) or (N, H, W, Cin), weights (Cout, Cin/g), packed Wgᵀ (when UsesPackedWeights), bias (Cout) or empty → output (N, Cout, H, W) or (N, H, W, Cout)
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
        int pixels,
        TensorLayout layout,
        Activation activation,
        int threads)
    {
        if (layout == TensorLayout.Nhwc)
        {
            Nhwc(input, packedWeights, bias, output, batch, inputChannels, outputChannels, groups, pixels, activation, threads);
            return;
        }

        var transposed = UsesPackedWeightsNchw(inputChannels / groups, outputChannels / groups, pixels);
        Nchw(input, transposed ? packedWeights : weights, bias, output, batch, inputChannels, outputChannels, groups, pixels, transposed, activation, threads);
    }

    // Transposed stores per element, in vector-FMA times (cycles): 8 × 8 transposes of the kernel's registers and
    // masked stores with AVX-512, scalar copies through a scratch tile otherwise. Measured on Zen 4 with 96→576 @ 14²:
    // transposed 198 µs against 192 µs for the same product stored plainly (NHWC), 0.2 cycles per element; it beats
    // the direct orientation there (202 µs on one thread, 113 against 102 µs on two).
    // Images per thread before a batch is cut by image (GemmTiling's items per thread: a slow image still balances out).
    private const int ImagesPerThread = 4;

    private static bool UsesPackedWeightsNchw(int inputChannels, int outputChannels, int pixels) =>
        ReadsPackedWeightsAsLeft(pixels) || TransposesNchw(inputChannels, outputChannels, pixels);

    private static long GroupPackedLength(int depthPerGroup, int outputChannelsPerGroup) =>
        GemmPacking.PackedLength(depthPerGroup, outputChannelsPerGroup, GemmKernel.Lanes);

    /// <summary>
    /// Whether an NCHW batch runs its images in parallel, each image's GEMMs on one thread, rather than image after image
    /// with every GEMM split across the threads: when there are enough images to balance the threads. Small images'
    /// GEMMs (7² × 28 → 168: 230 k multiply-adds, a few microseconds) otherwise pay one hand-off to the workers per image
    /// and per group. Either way every output element is one micro-kernel call, so the bits are the same.
    /// </summary>
    /// <param name="batch">N.</param>
    /// <param name="threads">Threads of the call.</param>
    /// <returns>True to cut the work by image.</returns>
    public static bool SplitsImages(int batch, int threads) => threads > 1 && batch >= ImagesPerThread * threads;

    // input (N, Cin, H, W), weights (Cout, Cin/g) or packed Wgᵀ → output (N, Cout, H, W), image after image or images in parallel
    private static void Nchw(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output,
        int batch, int inputChannels, int outputChannels, int groups, int pixels, bool transposed, Activation activation, int threads)
    {
        if (!SplitsImages(batch, threads))
        {
            for (var image = 0; image < batch; image++)
            {
                NchwImage(input, weights, bias, output, image, inputChannels, outputChannels, groups, pixels, transposed, activation, threads);
            }

            return;
        }

        fixed (float* inputPointer = input, weightPointer = weights, biasPointer = bias, outputPointer = output)
        {
            var job = new PointwiseImageJob(
                inputPointer, input.Length, weightPointer, weights.Length, biasPointer, bias.Length, outputPointer, output.Length,
                inputChannels, outputChannels, groups, pixels, transposed, activation);
            Parallelism.For(batch, threads, ref job);
        }
    }

    // input (Cin, H, W) of image `image`, weights (Cout, Cin/g) (direct) or packed Wgᵀ (transposed) → output (Cout, H, W) of that image:
    // per group, out (Cout/g, HW) = Wg · in_g (Cin/g, HW), or out_gᵀ (HW, Cout/g) = in_gᵀ (HW, Cin/g) · Wgᵀ stored transposed,
    // or (ReadsPackedWeightsAsLeft) out (Cout/g, HW) = Wg · in_g with Wg read from the packed Wgᵀ
    internal static void NchwImage(
        ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, int image,
        int inputChannels, int outputChannels, int groups, int pixels, bool transposed, Activation activation, int threads)
    {
        var depth = inputChannels / groups;
        var rows = outputChannels / groups;
        var groupLength = transposed ? (int)GroupPackedLength(depth, rows) : rows * depth;
        for (var group = 0; group < groups; group++)
        {
            var groupInput = input[(((image * inputChannels) + (group * depth)) * pixels)..];
            var groupOutput = output[(((image * outputChannels) + (group * rows)) * pixels)..];
            var groupWeights = weights.Slice(group * groupLength, groupLength);
            var groupBias = GroupBias(bias, group, rows);
            if (transposed && ReadsPackedWeightsAsLeft(pixels))
            {
                GemmKernel.MultiplyPackedLeft(
                    rows, pixels, depth, groupWeights, groupInput, pixels, groupOutput, pixels,
                    groupBias, bias.IsEmpty ? GemmBias.None : GemmBias.PerRow, activation, threads);
                continue;
            }

            if (transposed)
            {
                GemmKernel.MultiplyPacked(
                    pixels, rows, depth, groupInput, 1, pixels, groupWeights, groupOutput, pixels, outputTransposed: true,
                    groupBias, bias.IsEmpty ? GemmBias.None : GemmBias.PerColumn, activation, threads);
                continue;
            }

            GemmKernel.Multiply(
                rows, pixels, depth, groupWeights, depth, 1, groupInput, pixels, 1, groupOutput, pixels,
                groupBias, bias.IsEmpty ? GemmBias.None : GemmBias.PerRow, activation, threads);
        }
    }

    // NHWC: per group, out_g (N·HW, Cout/g) = in_g (N·HW, Cin/g) · Wgᵀ, the whole batch in one GEMM.
    private static void Nhwc(
        ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> bias, Span<float> output,
        int batch, int inputChannels, int outputChannels, int groups, int pixels, Activation activation, int threads)
    {
        var depth = inputChannels / groups;
        var columns = outputChannels / groups;
        var groupLength = (int)GroupPackedLength(depth, columns);
        var biasMode = bias.IsEmpty ? GemmBias.None : GemmBias.PerColumn;
        for (var group = 0; group < groups; group++)
        {
            GemmKernel.MultiplyPacked(
                batch * pixels, columns, depth, input[(group * depth)..], inputChannels, 1, packedWeights.Slice(group * groupLength, groupLength),
                output[(group * columns)..], outputChannels, outputTransposed: false, GroupBias(bias, group, columns), biasMode, activation, threads);
        }
    }

    private static ReadOnlySpan<float> GroupBias(ReadOnlySpan<float> bias, int group, int channelsPerGroup) =>
        bias.IsEmpty ? bias : bias.Slice(group * channelsPerGroup, channelsPerGroup);
}
