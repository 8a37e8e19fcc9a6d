using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The channel-blocked depthwise backward bodies: one register holds one pixel of a block of lanes channels, as in
/// the forward kernel, so every tap of both gradients is a fused multiply-add of whole registers. Each call handles
/// one image of one channel block in the zero-padded planes of <see cref="DepthwiseBackwardPlanes"/>, and adds the
/// weight gradient of that image into <c>gradWeights</c> (kH·kW, lanes) tap by tap in a fixed pixel order, so the
/// result never depends on which thread ran it.
/// </summary>
/// <remarks>
/// Both bodies gather: the input gradient of a pixel is a correlation of the output gradient with the flipped kernel
/// (at stride s, only the taps whose window starts on a multiple of s, the same taps for every pixel of a column and
/// row phase), and the output-gradient registers it loads are exactly the ones the weight gradient multiplies with that
/// pixel's input, so one load feeds two FMAs and the input gradient stays in registers until it is stored once.
/// </remarks>
internal static unsafe class DepthwiseBackwardBlockedKernel
{
    // M gradOutput planes at output pixel (0, 0), input and gradInput planes (rows, roundedWidth, lanes) at input row 0,
    // weights (M, 3·3, lanes) → gradInput rows [firstRow, endRow) (overwritten), gradWeights (M, 3·3, lanes) += their
    // sums; stride 1, dilation 1
    public static void Gather3x3<TSimd, TVector>(
        float* gradOutput,
        nint gradOutputRowStride,
        nint gradOutputPlaneStride,
        int depthMultiplier,
        float* input,
        float* gradInput,
        nint rowStride,
        float* weights,
        float* gradWeights,
        int firstRow,
        int endRow,
        int roundedWidth,
        int padTop,
        int padLeft)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        for (var row = firstRow; row < endRow; row++)
        {
            for (var column = 0; column < roundedWidth; column += DepthwiseConvKernel.PixelsPerBlock)
            {
                var inputPixels = input + (row * rowStride) + (column * lanes);
                var input0 = TSimd.Load(inputPixels);
                var input1 = TSimd.Load(inputPixels + lanes);
                var input2 = TSimd.Load(inputPixels + (2 * lanes));
                var input3 = TSimd.Load(inputPixels + (3 * lanes));
                var input4 = TSimd.Load(inputPixels + (4 * lanes));
                var input5 = TSimd.Load(inputPixels + (5 * lanes));
                var input6 = TSimd.Load(inputPixels + (6 * lanes));
                var input7 = TSimd.Load(inputPixels + (7 * lanes));
                var gradInput0 = TSimd.Zero;
                var gradInput1 = gradInput0;
                var gradInput2 = gradInput0;
                var gradInput3 = gradInput0;
                var gradInput4 = gradInput0;
                var gradInput5 = gradInput0;
                var gradInput6 = gradInput0;
                var gradInput7 = gradInput0;
                // With a depth multiplier the input gradient sums the M output channels of each input channel: M · 3
                // kernel rows, each with its own output-gradient plane, weights and weight-gradient sums.
                for (var kernelRow = 0; kernelRow < 3 * depthMultiplier; kernelRow++)
                {
                    // Pixel p reads output-gradient column (column + p + padLeft − kx): register j = p + 2 − kx of this row.
                    var (multiple, ky) = Math.DivRem(kernelRow, 3);
                    var gradOutputRow = gradOutput + (multiple * gradOutputPlaneStride) + ((row + padTop - ky) * gradOutputRowStride) + ((column + padLeft - 2) * lanes);
                    var tapWeights = weights + (kernelRow * 3 * lanes);
                    var weight0 = TSimd.Load(tapWeights);
                    var weight1 = TSimd.Load(tapWeights + lanes);
                    var weight2 = TSimd.Load(tapWeights + (2 * lanes));
                    var tapSums = gradWeights + (kernelRow * 3 * lanes);
                    var gradWeight0 = TSimd.Load(tapSums);
                    var gradWeight1 = TSimd.Load(tapSums + lanes);
                    var gradWeight2 = TSimd.Load(tapSums + (2 * lanes));
                    TVector gradient;
                    gradient = TSimd.Load(gradOutputRow);
                    gradInput0 = TSimd.MultiplyAdd(gradient, weight2, gradInput0);
                    gradWeight2 = TSimd.MultiplyAdd(input0, gradient, gradWeight2);
                    gradient = TSimd.Load(gradOutputRow + (1 * lanes));
                    gradInput1 = TSimd.MultiplyAdd(gradient, weight2, gradInput1);
                    gradWeight2 = TSimd.MultiplyAdd(input1, gradient, gradWeight2);
                    gradInput0 = TSimd.MultiplyAdd(gradient, weight1, gradInput0);
                    gradWeight1 = TSimd.MultiplyAdd(input0, gradient, gradWeight1);
                    gradient = TSimd.Load(gradOutputRow + (2 * lanes));
                    gradInput2 = TSimd.MultiplyAdd(gradient, weight2, gradInput2);
                    gradWeight2 = TSimd.MultiplyAdd(input2, gradient, gradWeight2);
                    gradInput1 = TSimd.MultiplyAdd(gradient, weight1, gradInput1);
                    gradWeight1 = TSimd.MultiplyAdd(input1, gradient, gradWeight1);
                    gradInput0 = TSimd.MultiplyAdd(gradient, weight0, gradInput0);
                    gradWeight0 = TSimd.MultiplyAdd(input0, gradient, gradWeight0);
                    gradient = TSimd.Load(gradOutputRow + (3 * lanes));
                    gradInput3 = TSimd.MultiplyAdd(gradient, weight2, gradInput3);
                    gradWeight2 = TSimd.MultiplyAdd(input3, gradient, gradWeight2);
                    gradInput2 = TSimd.MultiplyAdd(gradient, weight1, gradInput2);
                    gradWeight1 = TSimd.MultiplyAdd(input2, gradient, gradWeight1);
                    gradInput1 = TSimd.MultiplyAdd(gradient, weight0, gradInput1);
                    gradWeight0 = TSimd.MultiplyAdd(input1, gradient, gradWeight0);
                    gradient = TSimd.Load(gradOutputRow + (4 * lanes));
                    gradInput4 = TSimd.MultiplyAdd(gradient, weight2, gradInput4);
                    gradWeight2 = TSimd.MultiplyAdd(input4, gradient, gradWeight2);
                    gradInput3 = TSimd.MultiplyAdd(gradient, weight1, gradInput3);
                    gradWeight1 = TSimd.MultiplyAdd(input3, gradient, gradWeight1);
                    gradInput2 = TSimd.MultiplyAdd(gradient, weight0, gradInput2);
                    gradWeight0 = TSimd.MultiplyAdd(input2, gradient, gradWeight0);
                    gradient = TSimd.Load(gradOutputRow + (5 * lanes));
                    gradInput5 = TSimd.MultiplyAdd(gradient, weight2, gradInput5);
                    gradWeight2 = TSimd.MultiplyAdd(input5, gradient, gradWeight2);
                    gradInput4 = TSimd.MultiplyAdd(gradient, weight1, gradInput4);
                    gradWeight1 = TSimd.MultiplyAdd(input4, gradient, gradWeight1);
                    gradInput3 = TSimd.MultiplyAdd(gradient, weight0, gradInput3);
                    gradWeight0 = TSimd.MultiplyAdd(input3, gradient, gradWeight0);
                    gradient = TSimd.Load(gradOutputRow + (6 * lanes));
                    gradInput6 = TSimd.MultiplyAdd(gradient, weight2, gradInput6);
                    gradWeight2 = TSimd.MultiplyAdd(input6, gradient, gradWeight2);
                    gradInput5 = TSimd.MultiplyAdd(gradient, weight1, gradInput5);
                    gradWeight1 = TSimd.MultiplyAdd(input5, gradient, gradWeight1);
                    gradInput4 = TSimd.MultiplyAdd(gradient, weight0, gradInput4);
                    gradWeight0 = TSimd.MultiplyAdd(input4, gradient, gradWeight0);
                    gradient = TSimd.Load(gradOutputRow + (7 * lanes));
                    gradInput7 = TSimd.MultiplyAdd(gradient, weight2, gradInput7);
                    gradWeight2 = TSimd.MultiplyAdd(input7, gradient, gradWeight2);
                    gradInput6 = TSimd.MultiplyAdd(gradient, weight1, gradInput6);
                    gradWeight1 = TSimd.MultiplyAdd(input6, gradient, gradWeight1);
                    gradInput5 = TSimd.MultiplyAdd(gradient, weight0, gradInput5);
                    gradWeight0 = TSimd.MultiplyAdd(input5, gradient, gradWeight0);
                    gradient = TSimd.Load(gradOutputRow + (8 * lanes));
                    gradInput7 = TSimd.MultiplyAdd(gradient, weight1, gradInput7);
                    gradWeight1 = TSimd.MultiplyAdd(input7, gradient, gradWeight1);
                    gradInput6 = TSimd.MultiplyAdd(gradient, weight0, gradInput6);
                    gradWeight0 = TSimd.MultiplyAdd(input6, gradient, gradWeight0);
                    gradient = TSimd.Load(gradOutputRow + (9 * lanes));
                    gradInput7 = TSimd.MultiplyAdd(gradient, weight0, gradInput7);
                    gradWeight0 = TSimd.MultiplyAdd(input7, gradient, gradWeight0);
                    TSimd.Store(gradWeight0, tapSums);
                    TSimd.Store(gradWeight1, tapSums + lanes);
                    TSimd.Store(gradWeight2, tapSums + (2 * lanes));
                }

                var gradInputPixels = gradInput + (row * rowStride) + (column * lanes);
                TSimd.Store(gradInput0, gradInputPixels);
                TSimd.Store(gradInput1, gradInputPixels + lanes);
                TSimd.Store(gradInput2, gradInputPixels + (2 * lanes));
                TSimd.Store(gradInput3, gradInputPixels + (3 * lanes));
                TSimd.Store(gradInput4, gradInputPixels + (4 * lanes));
                TSimd.Store(gradInput5, gradInputPixels + (5 * lanes));
                TSimd.Store(gradInput6, gradInputPixels + (6 * lanes));
                TSimd.Store(gradInput7, gradInputPixels + (7 * lanes));
            }
        }
    }

    // M gradOutput planes at output pixel (0, 0), input and gradInput planes (rows, sW·phaseColumns, lanes) at input row 0,
    // weights (M, kH·kW, lanes) → gradInput rows [firstRow, endRow) (overwritten), gradWeights (M, kH·kW, lanes) += their
    // sums; any kernel, stride and dilation
    public static void GatherGeneric<TSimd, TVector>(
        float* gradOutput,
        nint gradOutputRowStride,
        nint gradOutputPlaneStride,
        int depthMultiplier,
        float* input,
        float* gradInput,
        nint rowStride,
        float* weights,
        float* gradWeights,
        int firstRow,
        int endRow,
        int phaseColumns,
        int padTop,
        int padLeft,
        Size2D kernel,
        Size2D stride,
        Size2D dilation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        var step = stride.Width * lanes;
        var taps = kernel.Height * kernel.Width;
        for (var row = firstRow; row < endRow; row++)
        {
            // Pixels φ + sW·q of one column phase φ use the same taps and read consecutive output-gradient columns.
            for (var phase = 0; phase < stride.Width; phase++)
            {
                for (var first = 0; first < phaseColumns; first += DepthwiseConvKernel.PixelsPerBlock)
                {
                    var column = phase + (stride.Width * first);
                    var inputPixels = input + (row * rowStride) + (column * lanes);
                    var input0 = TSimd.Load(inputPixels);
                    var input1 = TSimd.Load(inputPixels + step);
                    var input2 = TSimd.Load(inputPixels + (2 * step));
                    var input3 = TSimd.Load(inputPixels + (3 * step));
                    var input4 = TSimd.Load(inputPixels + (4 * step));
                    var input5 = TSimd.Load(inputPixels + (5 * step));
                    var input6 = TSimd.Load(inputPixels + (6 * step));
                    var input7 = TSimd.Load(inputPixels + (7 * step));
                    var gradInput0 = TSimd.Zero;
                    var gradInput1 = gradInput0;
                    var gradInput2 = gradInput0;
                    var gradInput3 = gradInput0;
                    var gradInput4 = gradInput0;
                    var gradInput5 = gradInput0;
                    var gradInput6 = gradInput0;
                    var gradInput7 = gradInput0;
                    // With a depth multiplier the input gradient sums the M output channels of each input channel.
                    for (var kernelRow = 0; kernelRow < kernel.Height * depthMultiplier; kernelRow++)
                    {
                        // Tap (ky, kx) of pixel (row, c) reads output gradient ((row + padTop − ky·dH) / sH, (c + padLeft − kx·dW) / sW) where both divide.
                        var (multiple, ky) = Math.DivRem(kernelRow, kernel.Height);
                        var shiftedRow = row + padTop - (ky * dilation.Height);
                        if (shiftedRow % stride.Height != 0)
                        {
                            continue;
                        }

                        var gradOutputRow = gradOutput + (multiple * gradOutputPlaneStride) + (shiftedRow / stride.Height * gradOutputRowStride);
                        for (var kx = 0; kx < kernel.Width; kx++)
                        {
                            var shiftedColumn = column + padLeft - (kx * dilation.Width);
                            if (shiftedColumn % stride.Width != 0)
                            {
                                continue;
                            }

                            var tap = (multiple * taps) + (ky * kernel.Width) + kx;
                            var source = gradOutputRow + (shiftedColumn / stride.Width * lanes);
                            var weight = TSimd.Load(weights + (tap * lanes));
                            var gradWeight = TSimd.Load(gradWeights + (tap * lanes));
                            var gradient = TSimd.Load(source);
                            gradInput0 = TSimd.MultiplyAdd(gradient, weight, gradInput0);
                            gradWeight = TSimd.MultiplyAdd(input0, gradient, gradWeight);
                            gradient = TSimd.Load(source + lanes);
                            gradInput1 = TSimd.MultiplyAdd(gradient, weight, gradInput1);
                            gradWeight = TSimd.MultiplyAdd(input1, gradient, gradWeight);
                            gradient = TSimd.Load(source + (2 * lanes));
                            gradInput2 = TSimd.MultiplyAdd(gradient, weight, gradInput2);
                            gradWeight = TSimd.MultiplyAdd(input2, gradient, gradWeight);
                            gradient = TSimd.Load(source + (3 * lanes));
                            gradInput3 = TSimd.MultiplyAdd(gradient, weight, gradInput3);
                            gradWeight = TSimd.MultiplyAdd(input3, gradient, gradWeight);
                            gradient = TSimd.Load(source + (4 * lanes));
                            gradInput4 = TSimd.MultiplyAdd(gradient, weight, gradInput4);
                            gradWeight = TSimd.MultiplyAdd(input4, gradient, gradWeight);
                            gradient = TSimd.Load(source + (5 * lanes));
                            gradInput5 = TSimd.MultiplyAdd(gradient, weight, gradInput5);
                            gradWeight = TSimd.MultiplyAdd(input5, gradient, gradWeight);
                            gradient = TSimd.Load(source + (6 * lanes));
                            gradInput6 = TSimd.MultiplyAdd(gradient, weight, gradInput6);
                            gradWeight = TSimd.MultiplyAdd(input6, gradient, gradWeight);
                            gradient = TSimd.Load(source + (7 * lanes));
                            gradInput7 = TSimd.MultiplyAdd(gradient, weight, gradInput7);
                            gradWeight = TSimd.MultiplyAdd(input7, gradient, gradWeight);
                            TSimd.Store(gradWeight, gradWeights + (tap * lanes));
                        }
                    }

                    var gradInputPixels = gradInput + (row * rowStride) + (column * lanes);
                    TSimd.Store(gradInput0, gradInputPixels);
                    TSimd.Store(gradInput1, gradInputPixels + step);
                    TSimd.Store(gradInput2, gradInputPixels + (2 * step));
                    TSimd.Store(gradInput3, gradInputPixels + (3 * step));
                    TSimd.Store(gradInput4, gradInputPixels + (4 * step));
                    TSimd.Store(gradInput5, gradInputPixels + (5 * step));
                    TSimd.Store(gradInput6, gradInputPixels + (6 * step));
                    TSimd.Store(gradInput7, gradInputPixels + (7 * step));
                }
            }
        }
    }

    /// <summary>
    /// Re-lays weights (C·M, 1, kH, kW) as (packed blocks, M, kH·kW, lanes): lane l of a block is input channel
    /// first + l, and (m, tap) holds the weight of its output channel (first + l)·M + m. Blocks as
    /// <see cref="DepthwiseConvKernel.PackedBlocks"/> counts them over the input channels (the tail block holds the last
    /// <c>lanes</c> channels); padding lanes get zero weights.
    /// </summary>
    public static void PackWeights(ReadOnlySpan<float> weights, int channels, int depthMultiplier, int taps, int lanes, Span<float> packed)
    {
        var blocks = DepthwiseConvKernel.Blocks(channels, lanes);
        var packedBlocks = DepthwiseConvKernel.PackedBlocks(channels, lanes);
        var index = 0;
        for (var block = 0; block < packedBlocks; block++)
        {
            var firstChannel = block < blocks ? block * lanes : channels - lanes;
            for (var multiple = 0; multiple < depthMultiplier; multiple++)
            {
                for (var tap = 0; tap < taps; tap++)
                {
                    for (var lane = 0; lane < lanes; lane++)
                    {
                        var channel = firstChannel + lane;
                        packed[index++] = channel < channels ? weights[((((channel * depthMultiplier) + multiple) * taps) + tap)] : 0f;
                    }
                }
            }
        }
    }

    // Σ over the first `count` pixels of each row of a (rows, pixels, lanes) plane, added into sums (lanes): four
    // independent chains (pixel p goes to chain p mod 4), folded in chain order at the end.
    public static void SumPixels<TSimd, TVector>(float* plane, nint rowStride, int rows, int count, float* sums)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        var one = TSimd.Broadcast(1f);
        var sum0 = TSimd.Zero;
        var sum1 = sum0;
        var sum2 = sum0;
        var sum3 = sum0;
        for (var row = 0; row < rows; row++)
        {
            var pixels = plane + (row * rowStride);
            var pixel = 0;
            for (; pixel <= count - 4; pixel += 4)
            {
                sum0 = TSimd.MultiplyAdd(TSimd.Load(pixels + (pixel * lanes)), one, sum0);
                sum1 = TSimd.MultiplyAdd(TSimd.Load(pixels + ((pixel + 1) * lanes)), one, sum1);
                sum2 = TSimd.MultiplyAdd(TSimd.Load(pixels + ((pixel + 2) * lanes)), one, sum2);
                sum3 = TSimd.MultiplyAdd(TSimd.Load(pixels + ((pixel + 3) * lanes)), one, sum3);
            }

            for (; pixel < count; pixel++)
            {
                sum0 = TSimd.MultiplyAdd(TSimd.Load(pixels + (pixel * lanes)), one, sum0);
            }
        }

        var total = TSimd.MultiplyAdd(sum0, one, TSimd.Load(sums));
        total = TSimd.MultiplyAdd(sum1, one, total);
        total = TSimd.MultiplyAdd(sum2, one, total);
        TSimd.Store(TSimd.MultiplyAdd(sum3, one, total), sums);
    }
}
