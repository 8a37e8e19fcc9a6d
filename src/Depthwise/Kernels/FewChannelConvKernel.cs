using System.Diagnostics;
using System.Runtime.Intrinsics;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// Direct convolution for NCHW inputs with few channels (a network's stem, e.g. 3→32, 3×3, stride 2 at 224²): one
/// register holds neighbouring output pixels of one output channel, so every tap is one multiply-add of whole
/// registers into a block of 8 output channels × 2 registers of pixels, with bias and activation fused.
/// </summary>
/// <remarks>
/// <para>
/// With so few input channels an im2col GEMM has a depth of only Cin·kH·kW (27 for the stem) and spends most of its
/// time gathering columns and storing results; here the input rows a work item needs are copied once into a band,
/// zero-padded and split into <c>stride</c> column phases (phase p of a padded row holds its columns p, p + s, …), so
/// the input of tap (ky, kx) for output columns x … x + lanes − 1 is one contiguous load of phase (kx·dW) mod sW at
/// column x + (kx·dW) div sW, whatever the stride, dilation and padding.
/// </para>
/// <para>
/// Every output element is its bias, then one fused multiply-add per (input channel, ky, kx) in that order — padding
/// taps included, as fma(0, w, acc) — then the activation: the same operations whichever item, block or thread
/// computes it, so results are bit-identical for any thread count.
/// </para>
/// </remarks>
internal static unsafe class FewChannelConvKernel
{
    /// <summary>Output channels of one register block.</summary>
    public const int ChannelBlock = 8;

    /// <summary>
    /// Channels-last output: floats per packed weight row, a multiple of two registers at every width, so a block of two
    /// channel registers never reads past a row (MobileNet's 32-channel stems: one Vector512 pair).
    /// </summary>
    public const int ChannelsLastRowMultiple = 32;

    // Input channels up to which the direct kernel beats im2col + GEMM (the stem's 3; RGBA's 4).
    private const int MaxInputChannels = 4;

    // Band floats per work item: 128 KiB, in L2 beside the output rows being written.
    private const int BandBudget = 1 << 15;

    [ThreadStatic]
    private static float[]? _band;

    [ThreadStatic]
    private static float[]? _packedWeights;

    /// <summary>Whether this kernel computes the convolution (otherwise im2col + GEMM does).</summary>
    /// <param name="layout">Input and output layout.</param>
    /// <param name="inputChannels">Cin.</param>
    /// <param name="groups">g.</param>
    /// <param name="geometry">The geometry.</param>
    /// <returns>True for NCHW, one group, at most four input channels, strides up to 4 and kernels up to 16 wide.</returns>
    public static bool Suits(TensorLayout layout, int inputChannels, int groups, in ConvGeometry geometry) =>
        layout == TensorLayout.Nchw && groups == 1 && inputChannels <= MaxInputChannels
        && geometry.Stride.Width <= 4 && geometry.Stride.Height <= 4 && geometry.Kernel.Width <= 16 && !GroupedConvKernel.IsPointwise(geometry)
        && (long)inputChannels * geometry.Stride.Width * BandRowLength(geometry, SimdWidth.Widest) * BandRows(geometry, 1) <= int.MaxValue / 4;

    // input (N, Cin, H, W), weights (Cout, Cin, kH, kW), bias (Cout) or empty → output (N, Cout, Ho, Wo), all NCHW
    public static void Forward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int batch,
        int inputChannels,
        int outputChannels,
        in ConvGeometry geometry,
        Activation activation,
        int threads)
    {
        var packed = PinnedScratch.Grow(ref _packedWeights, PackedWeightsLength(inputChannels, outputChannels, geometry));
        PackWeights(weights, bias, outputChannels, inputChannels * geometry.Taps, packed);
        var shape = Shape(batch, inputChannels, outputChannels, geometry, ref threads);
        fixed (float* inputPointer = input, outputPointer = output)
        {
            Run(inputPointer, packed, outputPointer, shape, activation, threads);
        }
    }

    /// <summary>Floats <see cref="PackWeights"/> writes: per block of 8 output channels, the bias and every weight.</summary>
    /// <param name="inputChannels">Cin.</param>
    /// <param name="outputChannels">Cout.</param>
    /// <param name="geometry">The geometry.</param>
    /// <returns>The length.</returns>
    public static nint PackedWeightsLength(int inputChannels, int outputChannels, in ConvGeometry geometry) =>
        (nint)((outputChannels + ChannelBlock - 1) / ChannelBlock) * (((inputChannels * geometry.Taps) + 1) * ChannelBlock);

    /// <summary>
    /// The sizes of a call (vector width, output rows per item), and its threads: one when the convolution is too small
    /// to share.
    /// </summary>
    /// <param name="batch">N.</param>
    /// <param name="inputChannels">Cin.</param>
    /// <param name="outputChannels">Cout.</param>
    /// <param name="geometry">The geometry.</param>
    /// <param name="threads">Threads of the call (resolved); set to the threads the call uses.</param>
    /// <returns>The shape.</returns>
    /// <param name="channelsLast">Whether the output is written (N, Ho, Wo, Cout).</param>
    public static FewChannelConvShape Shape(int batch, int inputChannels, int outputChannels, in ConvGeometry geometry, ref int threads, bool channelsLast = false)
    {
        // Channels-last registers hold output channels: as wide as half of them (two registers per pixel).
        var lanes = SimdWidth.For(Math.Max(1, (channelsLast ? outputChannels : geometry.OutputWidth) / 2));
        var multiplyAdds = (long)batch * outputChannels * inputChannels * geometry.Taps * geometry.OutputPixels;
        threads = multiplyAdds < GemmKernel.SingleThreadMultiplyAdds ? 1 : threads;
        return new FewChannelConvShape(batch, inputChannels, outputChannels, geometry, lanes, TileRows(inputChannels, geometry, lanes, batch, threads), channelsLast);
    }

    // input (N, Cin, H, W), packed bias and weights → output (N, Cout, Ho, Wo), or (N, Ho, Wo, Cout) when the shape says
    // channels-last, pinned, with the sizes of Shape
    public static void Run(float* input, float* packed, float* output, in FewChannelConvShape shape, Activation activation, int threads) =>
        WithWidth(input, packed, output, shape, activation, threads, default);

    /// <summary>
    /// Output rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of one image on the calling thread, channels-last
    /// (the shape's <c>ChannelsLast</c>), each element the bits <see cref="Run"/> gives it: a fused block's stem, written
    /// band by band into its expanded rows.
    /// </summary>
    /// <param name="input">Input (N, Cin, H, W), pinned.</param>
    /// <param name="packed">The weights packed by <see cref="PackWeightsChannelsLast"/>.</param>
    /// <param name="outputRows">Output row <paramref name="firstRow"/>'s pixel 0; rows Wo pixels apart.</param>
    /// <param name="pixelStride">Floats between output pixels, at least Cout.</param>
    /// <param name="shape">The sizes (channels-last).</param>
    /// <param name="activation">The fused activation.</param>
    /// <param name="image">The image.</param>
    /// <param name="firstRow">First output row.</param>
    /// <param name="endRow">One past the last output row.</param>
    public static void RunRows(
        float* input, float* packed, float* outputRows, nint pixelStride, in FewChannelConvShape shape, Activation activation, int image, int firstRow, int endRow)
    {
        // input (N, Cin, H, W) → output rows [firstRow, endRow) of one image, (rows, Wo, Cout) with pixels pixelStride apart
        Debug.Assert(shape.ChannelsLast && pixelStride >= shape.OutputChannels, "Rows are written channels-last.");
        WithWidth(input, packed, outputRows, shape, activation, threads: 1, new FewChannelConvRows(image, firstRow, endRow, pixelStride));
    }

    private static void WithWidth(float* input, float* packed, float* output, in FewChannelConvShape shape, Activation activation, int threads, FewChannelConvRows rows)
    {
        switch (shape.Lanes)
        {
            case 16:
                WithActivation<Vector512<float>, SimdFloat512>(input, packed, output, shape, activation, threads, rows);
                break;
            case 8:
                WithActivation<Vector256<float>, SimdFloat256>(input, packed, output, shape, activation, threads, rows);
                break;
            case 4:
                WithActivation<Vector128<float>, SimdFloat128>(input, packed, output, shape, activation, threads, rows);
                break;
            default:
                WithActivation<float, SimdFloatScalar>(input, packed, output, shape, activation, threads, rows);
                break;
        }
    }

    /// <summary>This thread's band scratch with room for <paramref name="length"/> floats (grow-only).</summary>
    /// <param name="length">Floats.</param>
    /// <returns>The 64-byte aligned scratch.</returns>
    public static float* BandScratch(nint length) => PinnedScratch.Grow(ref _band, length);

    /// <summary>Floats of one phase row of the band: the widest output extent blocks cover, plus the taps' reach.</summary>
    /// <param name="geometry">The geometry.</param>
    /// <param name="lanes">Lanes per register.</param>
    /// <returns>The length.</returns>
    public static int BandRowLength(in ConvGeometry geometry, int lanes) =>
        Math.Max(geometry.OutputWidth, 2 * lanes) + ((geometry.Kernel.Width - 1) * geometry.Dilation.Width / geometry.Stride.Width) + 1;

    /// <summary>Input rows the band holds for <paramref name="outputRows"/> output rows.</summary>
    /// <param name="geometry">The geometry.</param>
    /// <param name="outputRows">Output rows of the item.</param>
    /// <returns>The rows.</returns>
    public static long BandRows(in ConvGeometry geometry, int outputRows) =>
        ((long)(outputRows - 1) * geometry.Stride.Height) + ((long)(geometry.Kernel.Height - 1) * geometry.Dilation.Height) + 1;

    // Weights (Cout, depth) and bias → per block of 8 output channels: the bias (8), then for each depth index the 8
    // channels' weights; channels past Cout repeat the last one (computed, never stored).
    public static void PackWeights(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outputChannels, int depth, float* packed)
    {
        var blocks = (outputChannels + ChannelBlock - 1) / ChannelBlock;
        for (var block = 0; block < blocks; block++)
        {
            var destination = packed + ((long)block * (depth + 1) * ChannelBlock);
            for (var lane = 0; lane < ChannelBlock; lane++)
            {
                var channel = Math.Min((block * ChannelBlock) + lane, outputChannels - 1);
                destination[lane] = bias.IsEmpty ? 0f : bias[channel];
                for (var k = 0; k < depth; k++)
                {
                    destination[((k + 1) * ChannelBlock) + lane] = weights[(channel * depth) + k];
                }
            }
        }
    }

    /// <summary>Floats <see cref="PackWeightsChannelsLast"/> writes: the bias row and one row per weight of every output channel.</summary>
    /// <param name="inputChannels">Cin.</param>
    /// <param name="outputChannels">Cout.</param>
    /// <param name="geometry">The geometry.</param>
    /// <returns>The length.</returns>
    public static nint PackedWeightsLengthChannelsLast(int inputChannels, int outputChannels, in ConvGeometry geometry) =>
        (nint)((inputChannels * geometry.Taps) + 1) * ChannelsLastRowLength(outputChannels);

    /// <summary>Floats per row of the channels-last packed weights: Cout rounded up to <see cref="ChannelsLastRowMultiple"/>.</summary>
    /// <param name="outputChannels">Cout.</param>
    /// <returns>The length.</returns>
    public static int ChannelsLastRowLength(int outputChannels) =>
        (outputChannels + ChannelsLastRowMultiple - 1) / ChannelsLastRowMultiple * ChannelsLastRowMultiple;

    // Weights (Cout, depth) and bias → (depth + 1, row) rows: the bias, then for each depth index every output channel's
    // weight; channels past Cout are zeros (computed, never stored).
    public static void PackWeightsChannelsLast(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outputChannels, int depth, float* packed)
    {
        var row = ChannelsLastRowLength(outputChannels);
        new Span<float>(packed, (depth + 1) * row).Clear();
        for (var channel = 0; channel < outputChannels; channel++)
        {
            packed[channel] = bias.IsEmpty ? 0f : bias[channel];
            for (var k = 0; k < depth; k++)
            {
                packed[((k + 1) * row) + channel] = weights[(channel * depth) + k];
            }
        }
    }

    // Output rows per item: as many as keep the band within budget, and with more than one thread few enough for four items per thread.
    private static int TileRows(int inputChannels, in ConvGeometry geometry, int lanes, int batch, int threads)
    {
        var rowFloats = (long)inputChannels * geometry.Stride.Width * BandRowLength(geometry, lanes);
        var rows = 1;
        while (rows < geometry.OutputHeight && BandRows(geometry, rows + 1) * rowFloats <= BandBudget)
        {
            rows++;
        }

        if (threads > 1)
        {
            var wantedPerImage = ((4 * threads) + batch - 1) / batch;
            rows = Math.Min(rows, Math.Max(1, (geometry.OutputHeight + wantedPerImage - 1) / wantedPerImage));
        }

        return rows;
    }

    private static void WithActivation<TVector, TSimd>(
        float* input, float* packed, float* output, in FewChannelConvShape shape, Activation activation, int threads, FewChannelConvRows rows)
        where TVector : struct
        where TSimd : struct, ISimdFloat<TVector>
    {
        switch (activation.Kind)
        {
            case ActivationKind.None:
                Run<TVector, TSimd, IdentityOperator>(input, packed, output, shape, default, threads, rows);
                return;
            case ActivationKind.Relu:
                Run<TVector, TSimd, ReluOperator>(input, packed, output, shape, default, threads, rows);
                return;
            case ActivationKind.HardSwish:
                Run<TVector, TSimd, HardSwishOperator>(input, packed, output, shape, default, threads, rows);
                return;
            default:
                if (ClipFromZeroOperator.Covers(activation.Min, activation.Max))
                {
                    Run<TVector, TSimd, ClipFromZeroOperator>(input, packed, output, shape, new ClipFromZeroOperator(activation.Min, activation.Max), threads, rows);
                    return;
                }

                Run<TVector, TSimd, ClipOperator>(input, packed, output, shape, new ClipOperator(activation.Min, activation.Max), threads, rows);
                return;
        }
    }

    private static void Run<TVector, TSimd, TActivation>(
        float* input, float* packed, float* output, in FewChannelConvShape shape, TActivation activation, int threads, FewChannelConvRows rows)
        where TVector : struct
        where TSimd : struct, ISimdFloat<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var job = new FewChannelConvJob<TVector, TSimd, TActivation>(input, packed, output, shape, activation);
        if (rows.PixelStride != 0)
        {
            job.ChannelsLastRows(rows.Image, rows.FirstRow, rows.EndRow, output, rows.PixelStride);
            return;
        }

        Parallelism.For(job.Items, threads, ref job);
    }

    // Rows of one image to compute on the calling thread (RunRows); default: the whole call on its threads.
    private readonly record struct FewChannelConvRows(int Image, int FirstRow, int EndRow, nint PixelStride);
}
