using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// Optimized depthwise 2-D convolution, one file per data layout (see docs/kernels.md for the design):
/// <list type="bullet">
/// <item><c>.Nhwc</c>: channels-last; one register holds one pixel of V channels; blocks of eight output pixels.</item>
/// <item><c>.NchwBanded</c>: planar (the NCHW default); the rows a block of output rows reads are copied into a
/// zero-padded, phase-split band, then one register holds V neighbouring output columns of one channel, any stride.</item>
/// <item><c>.Nchw</c>: planar without scratch, clipping taps at the borders; vectorized only at width stride 1.
/// The fallback for bands too large to copy.</item>
/// </list>
/// This file holds the only vector-width dispatch: <see cref="SimdWidth"/> picks the lane count and the switches
/// below map it to a width-specialised instantiation.
/// </summary>
/// <remarks>
/// Every kernel computes each output element as <c>bias</c>, then one fused multiply-add per in-bounds tap in
/// row-major tap order (ky, then kx), then the activation (the banded kernel also adds the padding taps as
/// fma(0, w, acc) = acc, which changes nothing). Vector lanes, scalar tails, border pixels and interior blocks
/// all follow that order, so the result is bit-identical whatever the thread count, the vector width and the
/// layout.
/// </remarks>
internal static partial class DepthwiseConvKernel
{
    // Planar kernels keep four registers of output columns in flight: each broadcast weight feeds four FMAs, and four
    // accumulators plus the weight fit every tier's register file.
    private const int TilesPerBlock = 4;

    // input image (H, W, C), packed weights (kH·kW, M, C), packed bias (M, C) → output row of image (Ho, Wo, C·M)
    public static void NhwcRow<TActivation>(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> packedWeights,
        ReadOnlySpan<float> packedBias,
        Span<float> output,
        in DepthwiseConvDimensions dimensions,
        int outputRow,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        switch (SimdWidth.For(dimensions.Channels))
        {
            case 16:
                NhwcRow<SimdFloat512, Vector512<float>, TActivation>(input, packedWeights, packedBias, output, dimensions, outputRow, activation);
                break;
            case 8:
                NhwcRow<SimdFloat256, Vector256<float>, TActivation>(input, packedWeights, packedBias, output, dimensions, outputRow, activation);
                break;
            case 4:
                NhwcRow<SimdFloat128, Vector128<float>, TActivation>(input, packedWeights, packedBias, output, dimensions, outputRow, activation);
                break;
            default:
                NhwcRow<SimdFloatScalar, float, TActivation>(input, packedWeights, packedBias, output, dimensions, outputRow, activation);
                break;
        }
    }

    // input plane (H, W), weights (kH, kW), bias → output rows [firstRow, endRow) of plane (Ho, Wo), through a
    // zero-padded band of band.Length(endRow − firstRow) floats of scratch; columnOffsets[kx] = band.ColumnOffset(kx, dW)
    public static void NchwBandedRows<TActivation>(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        float bias,
        Span<float> output,
        in DepthwiseConvDimensions dimensions,
        in NchwBand band,
        ReadOnlySpan<int> columnOffsets,
        int firstRow,
        int endRow,
        Span<float> scratch,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Output columns are vectorized, so the width that fits the output row decides (the band fill uses it too).
        switch (SimdWidth.For(dimensions.Geometry.OutputWidth))
        {
            case 16:
                NchwBandedRows<SimdFloat512, Vector512<float>, TActivation>(input, weights, bias, output, dimensions, band, columnOffsets, firstRow, endRow, scratch, activation);
                break;
            case 8:
                NchwBandedRows<SimdFloat256, Vector256<float>, TActivation>(input, weights, bias, output, dimensions, band, columnOffsets, firstRow, endRow, scratch, activation);
                break;
            case 4:
                NchwBandedRows<SimdFloat128, Vector128<float>, TActivation>(input, weights, bias, output, dimensions, band, columnOffsets, firstRow, endRow, scratch, activation);
                break;
            default:
                NchwBandedRows<SimdFloatScalar, float, TActivation>(input, weights, bias, output, dimensions, band, columnOffsets, firstRow, endRow, scratch, activation);
                break;
        }
    }

    // input plane (H, W), weights (kH, kW), bias → output rows [firstRow, endRow) of plane (Ho, Wo), clipping tap
    // ranges at the borders instead of padding: the fallback when a band would exceed NchwBand.MaximumLength.
    public static void NchwRows<TActivation>(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        float bias,
        Span<float> output,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Neighbouring output columns read neighbouring input columns only at stride 1; other strides run the
        // interior one column per register (the scalar instantiation of the same code).
        var interiorWidth = dimensions.InteriorColumnEnd - dimensions.InteriorColumnStart;
        var lanes = dimensions.Geometry.Stride.Width == 1 && interiorWidth > 0 ? SimdWidth.For(interiorWidth) : 1;
        switch (lanes)
        {
            case 16:
                NchwRows<SimdFloat512, Vector512<float>, TActivation>(input, weights, bias, output, dimensions, firstRow, endRow, activation);
                break;
            case 8:
                NchwRows<SimdFloat256, Vector256<float>, TActivation>(input, weights, bias, output, dimensions, firstRow, endRow, activation);
                break;
            case 4:
                NchwRows<SimdFloat128, Vector128<float>, TActivation>(input, weights, bias, output, dimensions, firstRow, endRow, activation);
                break;
            default:
                NchwRows<SimdFloatScalar, float, TActivation>(input, weights, bias, output, dimensions, firstRow, endRow, activation);
                break;
        }
    }

    // First output column of register number `tile` covering columns [start, end) (end − start ≥ lanes); the last
    // register is pulled back to end exactly at `end`, recomputing a few columns instead of a scalar tail.
    private static int TileStart(int tile, int start, int end, int lanes) => Math.Min(start + (tile * lanes), end - lanes);

    /// <summary>
    /// Re-lays PyTorch weights (C·M, 1, kH, kW) as (kH·kW, M, C) and bias (C·M) as (M, C), so that for a fixed tap and
    /// multiplier index the weights of neighbouring input channels are contiguous: one register load per tap.
    /// A missing bias packs as zeros (adding 0 first leaves every product unchanged).
    /// </summary>
    public static void PackNhwc(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int channels, int depthMultiplier, int taps, Span<float> packedWeights, Span<float> packedBias)
    {
        for (var c = 0; c < channels; c++)
        {
            for (var m = 0; m < depthMultiplier; m++)
            {
                var outputChannel = (c * depthMultiplier) + m;
                packedBias[(m * channels) + c] = bias.IsEmpty ? 0f : bias[outputChannel];
                for (var tap = 0; tap < taps; tap++)
                {
                    packedWeights[(((tap * depthMultiplier) + m) * channels) + c] = weights[(outputChannel * taps) + tap];
                }
            }
        }
    }
}
