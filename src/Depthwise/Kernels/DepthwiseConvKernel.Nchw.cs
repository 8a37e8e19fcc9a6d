using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

// Clipped planar kernel: the NCHW fallback for problems whose zero-padded band (DepthwiseConvKernel.NchwBanded.cs)
// would exceed NchwBand.MaximumLength; it needs no scratch. A channel's plane is its own small single-channel
// convolution, so the depth multiplier costs nothing (output plane c·M + m just reads input plane c). At stride 1 along
// the width, V neighbouring output columns read V neighbouring input columns for every tap: one register = V output
// columns, one broadcast weight per tap, four registers per block. Border columns (taps in the padding) are computed
// one at a time with clipped tap ranges; wider strides run the interior one column per register (scalar).
internal static partial class DepthwiseConvKernel
{
    // input plane (H, W), weights (kH, kW), bias → output rows [firstRow, endRow) of plane (Ho, Wo)
    private static void NchwRows<TSimd, TVector, TActivation>(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        float bias,
        Span<float> output,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var interiorStart = dimensions.InteriorColumnStart;
        var interiorEnd = dimensions.InteriorColumnEnd;
        var tiles = (interiorEnd - interiorStart + lanes - 1) / lanes;

        ref var inputStart = ref MemoryMarshal.GetReference(input);
        ref var weightStart = ref MemoryMarshal.GetReference(weights);
        ref var outputStart = ref MemoryMarshal.GetReference(output);

        for (var y = firstRow; y < endRow; y++)
        {
            var rowOrigin = geometry.InputRowOrigin(y);
            var (kyFirst, kyEnd) = DepthwiseConvDimensions.TapRange(rowOrigin, geometry.InputHeight, geometry.Kernel.Height, geometry.Dilation.Height);
            ref var outputRow = ref Unsafe.Add(ref outputStart, y * geometry.OutputWidth);

            for (var x = 0; x < interiorStart; x++)
            {
                NchwBorderPixel(ref inputStart, ref weightStart, bias, ref outputRow, geometry, rowOrigin, kyFirst, kyEnd, x, activation);
            }

            var tile = 0;
            for (; tile + TilesPerBlock <= tiles; tile += TilesPerBlock)
            {
                NchwInteriorBlock<TSimd, TVector, TActivation>(
                    ref inputStart,
                    ref weightStart,
                    bias,
                    ref outputRow,
                    geometry,
                    rowOrigin,
                    kyFirst,
                    kyEnd,
                    TileStart(tile, interiorStart, interiorEnd, lanes),
                    TileStart(tile + 1, interiorStart, interiorEnd, lanes),
                    TileStart(tile + 2, interiorStart, interiorEnd, lanes),
                    TileStart(tile + 3, interiorStart, interiorEnd, lanes),
                    activation);
            }

            for (; tile < tiles; tile++)
            {
                NchwInteriorTile<TSimd, TVector, TActivation>(
                    ref inputStart, ref weightStart, bias, ref outputRow, geometry, rowOrigin, kyFirst, kyEnd, TileStart(tile, interiorStart, interiorEnd, lanes), activation);
            }

            for (var x = interiorEnd; x < geometry.OutputWidth; x++)
            {
                NchwBorderPixel(ref inputStart, ref weightStart, bias, ref outputRow, geometry, rowOrigin, kyFirst, kyEnd, x, activation);
            }
        }
    }

    // Four registers of interior output columns starting at x0 … x3 (lanes > 1 only at stride 1 along the width).
    private static void NchwInteriorBlock<TSimd, TVector, TActivation>(
        ref float input,
        ref float weights,
        float bias,
        ref float outputRow,
        in ConvGeometry geometry,
        int rowOrigin,
        int kyFirst,
        int kyEnd,
        int x0,
        int x1,
        int x2,
        int x3,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var kernelWidth = geometry.Kernel.Width;
        var inputWidth = geometry.InputWidth;
        var rowDilation = geometry.Dilation.Height;
        var columnDilation = geometry.Dilation.Width;
        var column0 = geometry.InputColumnOrigin(x0);
        var column1 = geometry.InputColumnOrigin(x1);
        var column2 = geometry.InputColumnOrigin(x2);
        var column3 = geometry.InputColumnOrigin(x3);

        var accumulator0 = TSimd.Broadcast(bias);
        var accumulator1 = accumulator0;
        var accumulator2 = accumulator0;
        var accumulator3 = accumulator0;
        for (var ky = kyFirst; ky < kyEnd; ky++)
        {
            ref var inputRow = ref Unsafe.Add(ref input, (rowOrigin + (ky * rowDilation)) * inputWidth);
            ref var weightRow = ref Unsafe.Add(ref weights, ky * kernelWidth);
            for (var kx = 0; kx < kernelWidth; kx++)
            {
                var weight = TSimd.Broadcast(Unsafe.Add(ref weightRow, kx));
                ref var tapInput = ref Unsafe.Add(ref inputRow, kx * columnDilation);
                accumulator0 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, column0)), weight, accumulator0);
                accumulator1 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, column1)), weight, accumulator1);
                accumulator2 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, column2)), weight, accumulator2);
                accumulator3 = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref tapInput, column3)), weight, accumulator3);
            }
        }

        TSimd.Store(TSimd.Activate(accumulator0, activation), ref Unsafe.Add(ref outputRow, x0));
        TSimd.Store(TSimd.Activate(accumulator1, activation), ref Unsafe.Add(ref outputRow, x1));
        TSimd.Store(TSimd.Activate(accumulator2, activation), ref Unsafe.Add(ref outputRow, x2));
        TSimd.Store(TSimd.Activate(accumulator3, activation), ref Unsafe.Add(ref outputRow, x3));
    }

    // One register of interior output columns starting at x.
    private static void NchwInteriorTile<TSimd, TVector, TActivation>(
        ref float input,
        ref float weights,
        float bias,
        ref float outputRow,
        in ConvGeometry geometry,
        int rowOrigin,
        int kyFirst,
        int kyEnd,
        int x,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var kernelWidth = geometry.Kernel.Width;
        var column = geometry.InputColumnOrigin(x);
        var accumulator = TSimd.Broadcast(bias);
        for (var ky = kyFirst; ky < kyEnd; ky++)
        {
            ref var inputRow = ref Unsafe.Add(ref input, ((rowOrigin + (ky * geometry.Dilation.Height)) * geometry.InputWidth) + column);
            ref var weightRow = ref Unsafe.Add(ref weights, ky * kernelWidth);
            for (var kx = 0; kx < kernelWidth; kx++)
            {
                accumulator = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref inputRow, kx * geometry.Dilation.Width)), TSimd.Broadcast(Unsafe.Add(ref weightRow, kx)), accumulator);
            }
        }

        TSimd.Store(TSimd.Activate(accumulator, activation), ref Unsafe.Add(ref outputRow, x));
    }

    // One output column with taps in the padding: both tap ranges clipped to the input.
    private static void NchwBorderPixel<TActivation>(
        ref float input,
        ref float weights,
        float bias,
        ref float outputRow,
        in ConvGeometry geometry,
        int rowOrigin,
        int kyFirst,
        int kyEnd,
        int x,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var kernelWidth = geometry.Kernel.Width;
        var columnOrigin = geometry.InputColumnOrigin(x);
        var (kxFirst, kxEnd) = DepthwiseConvDimensions.TapRange(columnOrigin, geometry.InputWidth, kernelWidth, geometry.Dilation.Width);
        var accumulator = bias;
        for (var ky = kyFirst; ky < kyEnd; ky++)
        {
            ref var inputRow = ref Unsafe.Add(ref input, (rowOrigin + (ky * geometry.Dilation.Height)) * geometry.InputWidth);
            for (var kx = kxFirst; kx < kxEnd; kx++)
            {
                var inputValue = Unsafe.Add(ref inputRow, columnOrigin + (kx * geometry.Dilation.Width));
                accumulator = MathF.FusedMultiplyAdd(inputValue, Unsafe.Add(ref weights, (ky * kernelWidth) + kx), accumulator);
            }
        }

        Unsafe.Add(ref outputRow, x) = activation.Invoke(accumulator);
    }
}
