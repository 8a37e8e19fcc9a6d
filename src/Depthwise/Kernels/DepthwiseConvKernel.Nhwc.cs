using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Depthwise.Kernels;

// Channels-last kernel. One register = one pixel of V consecutive input channels, so every tap is one input load,
// one weight load and one FMA per register whatever the kernel size, stride, dilation or padding: the layout makes
// the generic case as fast as the common one. Output pixels of a row are computed eight at a time so that each
// weight register loaded for a tap feeds eight FMAs (8 accumulators + 1 weight + 1 input register fit in the 16
// registers of AVX2 as well as the 32 of AVX-512; on Zen 4 with C = 144, 4 → 8 pixels took 56² from 215 to 176 µs).
// The last block of a row overlaps the one before rather than finishing with single pixels. Columns whose taps stick
// out of the input (the border) go through a one-pixel path that clips the tap ranges instead of testing every tap.
internal static partial class DepthwiseConvKernel
{
    private const int PixelsPerBlock = 8;

    // input image (H, W, C), packed weights (kH·kW, M, C), packed bias (M, C) → output row of image (Ho, Wo, C·M)
    private static void NhwcRow<TSimd, TVector, TActivation>(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> packedWeights,
        ReadOnlySpan<float> packedBias,
        Span<float> output,
        in DepthwiseConvDimensions dimensions,
        int outputRow,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var geometry = dimensions.Geometry;
        var rowOrigin = geometry.InputRowOrigin(outputRow);
        var (kyFirst, kyEnd) = DepthwiseConvDimensions.TapRange(rowOrigin, geometry.InputHeight, geometry.Kernel.Height, geometry.Dilation.Height);

        ref var inputStart = ref MemoryMarshal.GetReference(input);
        ref var weightStart = ref MemoryMarshal.GetReference(packedWeights);
        ref var biasStart = ref MemoryMarshal.GetReference(packedBias);
        ref var outputRowStart = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), outputRow * geometry.OutputWidth * dimensions.OutputChannels);

        var x = 0;
        for (; x < dimensions.InteriorColumnStart; x++)
        {
            NhwcBorderPixel<TSimd, TVector, TActivation>(ref inputStart, ref weightStart, ref biasStart, ref outputRowStart, dimensions, rowOrigin, kyFirst, kyEnd, x, activation);
        }

        var interiorEnd = dimensions.InteriorColumnEnd;
        if (interiorEnd - x >= PixelsPerBlock)
        {
            // The last block is pulled back to end at the interior's end, recomputing a few pixels (same values)
            // instead of finishing with single pixels.
            for (; x < interiorEnd; x += PixelsPerBlock)
            {
                NhwcInteriorBlock<TSimd, TVector, TActivation>(
                    ref inputStart, ref weightStart, ref biasStart, ref outputRowStart, dimensions, rowOrigin, kyFirst, kyEnd, Math.Min(x, interiorEnd - PixelsPerBlock), activation);
            }

            x = interiorEnd;
        }

        for (; x < geometry.OutputWidth; x++)
        {
            NhwcBorderPixel<TSimd, TVector, TActivation>(ref inputStart, ref weightStart, ref biasStart, ref outputRowStart, dimensions, rowOrigin, kyFirst, kyEnd, x, activation);
        }
    }

    // Eight interior output pixels x … x+7: every kx tap is inside the input; ky runs over the row's clipped range.
    private static void NhwcInteriorBlock<TSimd, TVector, TActivation>(
        ref float input,
        ref float weights,
        ref float bias,
        ref float outputRow,
        in DepthwiseConvDimensions dimensions,
        int rowOrigin,
        int kyFirst,
        int kyEnd,
        int x,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var geometry = dimensions.Geometry;
        var channels = dimensions.Channels;
        var multiplier = dimensions.DepthMultiplier;
        var outputChannels = dimensions.OutputChannels;
        var kernelWidth = geometry.Kernel.Width;
        var rowDilation = geometry.Dilation.Height;
        var rowStride = geometry.InputWidth * channels;
        var pixelStep = geometry.Stride.Width * channels;
        var tapColumnStep = geometry.Dilation.Width * channels;
        var weightTapStep = multiplier * channels;
        var firstColumn = geometry.InputColumnOrigin(x) * channels;
        var lanes = TSimd.Count;

        for (var tile = 0; tile < channels; tile += lanes)
        {
            // The last register overlaps the one before instead of falling back to a narrower tail.
            var c = Math.Min(tile, channels - lanes);
            for (var m = 0; m < multiplier; m++)
            {
                var accumulator0 = TSimd.Load(ref Unsafe.Add(ref bias, (m * channels) + c));
                var accumulator1 = accumulator0;
                var accumulator2 = accumulator0;
                var accumulator3 = accumulator0;
                var accumulator4 = accumulator0;
                var accumulator5 = accumulator0;
                var accumulator6 = accumulator0;
                var accumulator7 = accumulator0;
                for (var ky = kyFirst; ky < kyEnd; ky++)
                {
                    var inputIndex = ((rowOrigin + (ky * rowDilation)) * rowStride) + firstColumn + c;
                    var weightIndex = (((ky * kernelWidth * multiplier) + m) * channels) + c;
                    for (var kx = 0; kx < kernelWidth; kx++)
                    {
                        var weight = TSimd.Load(ref Unsafe.Add(ref weights, weightIndex));
                        ref var tapInput = ref Unsafe.Add(ref input, inputIndex);
                        accumulator0 = TSimd.MultiplyAdd(TSimd.Load(ref tapInput), weight, accumulator0);
                        accumulator1 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, pixelStep)), weight, accumulator1);
                        accumulator2 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, 2 * pixelStep)), weight, accumulator2);
                        accumulator3 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, 3 * pixelStep)), weight, accumulator3);
                        accumulator4 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, 4 * pixelStep)), weight, accumulator4);
                        accumulator5 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, 5 * pixelStep)), weight, accumulator5);
                        accumulator6 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, 6 * pixelStep)), weight, accumulator6);
                        accumulator7 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, 7 * pixelStep)), weight, accumulator7);
                        inputIndex += tapColumnStep;
                        weightIndex += weightTapStep;
                    }
                }

                ref var destination = ref Unsafe.Add(ref outputRow, (x * outputChannels) + (c * multiplier) + m);
                StoreChannels<TSimd, TVector, TActivation>(accumulator0, ref destination, multiplier, activation);
                StoreChannels<TSimd, TVector, TActivation>(accumulator1, ref Unsafe.Add(ref destination, outputChannels), multiplier, activation);
                StoreChannels<TSimd, TVector, TActivation>(accumulator2, ref Unsafe.Add(ref destination, 2 * outputChannels), multiplier, activation);
                StoreChannels<TSimd, TVector, TActivation>(accumulator3, ref Unsafe.Add(ref destination, 3 * outputChannels), multiplier, activation);
                StoreChannels<TSimd, TVector, TActivation>(accumulator4, ref Unsafe.Add(ref destination, 4 * outputChannels), multiplier, activation);
                StoreChannels<TSimd, TVector, TActivation>(accumulator5, ref Unsafe.Add(ref destination, 5 * outputChannels), multiplier, activation);
                StoreChannels<TSimd, TVector, TActivation>(accumulator6, ref Unsafe.Add(ref destination, 6 * outputChannels), multiplier, activation);
                StoreChannels<TSimd, TVector, TActivation>(accumulator7, ref Unsafe.Add(ref destination, 7 * outputChannels), multiplier, activation);
            }
        }
    }

    // One output pixel anywhere in the row: both tap ranges clipped to the input, so padding taps are never visited.
    private static void NhwcBorderPixel<TSimd, TVector, TActivation>(
        ref float input,
        ref float weights,
        ref float bias,
        ref float outputRow,
        in DepthwiseConvDimensions dimensions,
        int rowOrigin,
        int kyFirst,
        int kyEnd,
        int x,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var geometry = dimensions.Geometry;
        var channels = dimensions.Channels;
        var multiplier = dimensions.DepthMultiplier;
        var kernelWidth = geometry.Kernel.Width;
        var rowDilation = geometry.Dilation.Height;
        var rowStride = geometry.InputWidth * channels;
        var columnOrigin = geometry.InputColumnOrigin(x);
        var (kxFirst, kxEnd) = DepthwiseConvDimensions.TapRange(columnOrigin, geometry.InputWidth, kernelWidth, geometry.Dilation.Width);
        var tapColumnStep = geometry.Dilation.Width * channels;
        var weightTapStep = multiplier * channels;
        var lanes = TSimd.Count;

        for (var tile = 0; tile < channels; tile += lanes)
        {
            var c = Math.Min(tile, channels - lanes);
            for (var m = 0; m < multiplier; m++)
            {
                var accumulator = TSimd.Load(ref Unsafe.Add(ref bias, (m * channels) + c));
                for (var ky = kyFirst; ky < kyEnd; ky++)
                {
                    var inputIndex = ((rowOrigin + (ky * rowDilation)) * rowStride) + ((columnOrigin + (kxFirst * geometry.Dilation.Width)) * channels) + c;
                    var weightIndex = (((((ky * kernelWidth) + kxFirst) * multiplier) + m) * channels) + c;
                    for (var kx = kxFirst; kx < kxEnd; kx++)
                    {
                        accumulator = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref input, inputIndex)), TSimd.Load(ref Unsafe.Add(ref weights, weightIndex)), accumulator);
                        inputIndex += tapColumnStep;
                        weightIndex += weightTapStep;
                    }
                }

                ref var destination = ref Unsafe.Add(ref outputRow, (x * dimensions.OutputChannels) + (c * multiplier) + m);
                StoreChannels<TSimd, TVector, TActivation>(accumulator, ref destination, multiplier, activation);
            }
        }
    }

    // Output channel c·M + m sits M floats after c·M + m − M: contiguous only when M = 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreChannels<TSimd, TVector, TActivation>(TVector accumulator, ref float destination, int multiplier, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var value = TSimd.Activate(accumulator, activation);
        if (multiplier == 1)
        {
            TSimd.Store(value, ref destination);
        }
        else
        {
            TSimd.StoreStrided(value, ref destination, multiplier);
        }
    }
}
