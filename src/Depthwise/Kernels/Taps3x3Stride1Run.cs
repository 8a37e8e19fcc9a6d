using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// 3×3 kernel, stride 1, dilation 1, on a run of 14 output pixels (<see cref="IPaddedEnds"/>) of one row: rows of 14·k
/// pixels with one padding column each side (MobileNets' 14², 28², 56² layers) are cut into runs instead of eight-pixel
/// blocks, so no pixel is computed twice (eight-pixel blocks compute 16 for a 14-pixel row), and the padding columns
/// are zero registers known when the JIT compiles the run, not a test per load. Per kernel row, a run loads its 14–16
/// input columns once each for 42 FMAs; 14 accumulators, 3 weights and one input need 18 of AVX-512's 32 registers.
/// </summary>
/// <remarks>
/// Input column j of the run (j = 0 … 15, column 0 being the first pixel's kx = 0 tap) is tap kx = j − p of
/// output pixel p for every p with 0 ≤ kx &lt; 3; visiting j in increasing order adds each pixel's taps in increasing kx,
/// the order all kernels use. Taps in padding columns add fma(0, w, acc), as the eight-pixel blocks do, so both give
/// the same bits even for infinite weights or a −0 bias.
/// Each column is loaded at its own offset from the kernel row's first column (input + j·pixelStride), not by
/// stepping one pointer, which leaves the JIT fewer address instructions per kernel row (81 instead of 85 around its 42
/// FMAs): on Zen 5 the run issues about 350 instructions per 126 FMAs, close to what one core dispatches in the 63
/// cycles its FMAs need (docs/kernels.md, "Session 12"; measured 0–10 % faster on 14²–112², within the noise of a
/// shared machine).
/// </remarks>
internal readonly unsafe struct Taps3x3Stride1Run : IDepthwiseRunTaps
{
    private const int Size = 3;

    /// <inheritdoc />
    public static int PaddingColumns => 1;

    // input rows (ky, columns x − 1 … x + 14), weights (3×3, lanes) → output pixels x … x + 13 of one row
    public static void Run<TSimd, TVector, TRun, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var pixelStride = row.PixelStride;
        var firstInput = row.Input + ((x - 1) * pixelStride);
        var accumulator0 = TSimd.Load(row.Bias);
        var accumulator1 = accumulator0;
        var accumulator2 = accumulator0;
        var accumulator3 = accumulator0;
        var accumulator4 = accumulator0;
        var accumulator5 = accumulator0;
        var accumulator6 = accumulator0;
        var accumulator7 = accumulator0;
        var accumulator8 = accumulator0;
        var accumulator9 = accumulator0;
        var accumulator10 = accumulator0;
        var accumulator11 = accumulator0;
        var accumulator12 = accumulator0;
        var accumulator13 = accumulator0;
        for (var ky = row.KyFirst; ky < row.KyEnd; ky++)
        {
            var weights = row.Weights + (ky * Size * lanes);
            var weight0 = TSimd.Load(weights);
            var weight1 = TSimd.Load(weights + lanes);
            var weight2 = TSimd.Load(weights + (2 * lanes));
            AddKernelRow<TSimd, TVector, TRun>(
                firstInput + (ky * row.TapRowStride), pixelStride, weight0, weight1, weight2,
                ref accumulator0, ref accumulator1, ref accumulator2, ref accumulator3, ref accumulator4, ref accumulator5, ref accumulator6, ref accumulator7, ref accumulator8, ref accumulator9, ref accumulator10, ref accumulator11, ref accumulator12, ref accumulator13);
        }

        DepthwiseConvKernel.StoreRun<TSimd, TVector, TOutput, TActivation>(
            ref output, row.OutputRow, x, activation, false, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7, accumulator8, accumulator9, accumulator10, accumulator11, accumulator12, accumulator13);
    }

    // One input row (columns x − 1 … x + 14 of the run) × kernel row (weight0 … weight2) into the run's 14 accumulators;
    // the row pair (Taps3x3Stride1RowPair) adds each of its kernel rows with it, once per output row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddKernelRow<TSimd, TVector, TRun>(
        float* input,
        nint pixelStride,
        TVector weight0,
        TVector weight1,
        TVector weight2,
        ref TVector accumulator0,
        ref TVector accumulator1,
        ref TVector accumulator2,
        ref TVector accumulator3,
        ref TVector accumulator4,
        ref TVector accumulator5,
        ref TVector accumulator6,
        ref TVector accumulator7,
        ref TVector accumulator8,
        ref TVector accumulator9,
        ref TVector accumulator10,
        ref TVector accumulator11,
        ref TVector accumulator12,
        ref TVector accumulator13)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
    {
        var value = TRun.PaddedFirst ? TSimd.Zero : TSimd.Load(input);
        accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);

        value = TSimd.Load(input + (1 * pixelStride));
        accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);
        accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);

        value = TSimd.Load(input + (2 * pixelStride));
        accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
        accumulator1 = TSimd.MultiplyAdd(value, weight1, accumulator1);
        accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);

        value = TSimd.Load(input + (3 * pixelStride));
        accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
        accumulator2 = TSimd.MultiplyAdd(value, weight1, accumulator2);
        accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);

        value = TSimd.Load(input + (4 * pixelStride));
        accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
        accumulator3 = TSimd.MultiplyAdd(value, weight1, accumulator3);
        accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);

        value = TSimd.Load(input + (5 * pixelStride));
        accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
        accumulator4 = TSimd.MultiplyAdd(value, weight1, accumulator4);
        accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);

        value = TSimd.Load(input + (6 * pixelStride));
        accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
        accumulator5 = TSimd.MultiplyAdd(value, weight1, accumulator5);
        accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);

        value = TSimd.Load(input + (7 * pixelStride));
        accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
        accumulator6 = TSimd.MultiplyAdd(value, weight1, accumulator6);
        accumulator7 = TSimd.MultiplyAdd(value, weight0, accumulator7);

        value = TSimd.Load(input + (8 * pixelStride));
        accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);
        accumulator7 = TSimd.MultiplyAdd(value, weight1, accumulator7);
        accumulator8 = TSimd.MultiplyAdd(value, weight0, accumulator8);

        value = TSimd.Load(input + (9 * pixelStride));
        accumulator7 = TSimd.MultiplyAdd(value, weight2, accumulator7);
        accumulator8 = TSimd.MultiplyAdd(value, weight1, accumulator8);
        accumulator9 = TSimd.MultiplyAdd(value, weight0, accumulator9);

        value = TSimd.Load(input + (10 * pixelStride));
        accumulator8 = TSimd.MultiplyAdd(value, weight2, accumulator8);
        accumulator9 = TSimd.MultiplyAdd(value, weight1, accumulator9);
        accumulator10 = TSimd.MultiplyAdd(value, weight0, accumulator10);

        value = TSimd.Load(input + (11 * pixelStride));
        accumulator9 = TSimd.MultiplyAdd(value, weight2, accumulator9);
        accumulator10 = TSimd.MultiplyAdd(value, weight1, accumulator10);
        accumulator11 = TSimd.MultiplyAdd(value, weight0, accumulator11);

        value = TSimd.Load(input + (12 * pixelStride));
        accumulator10 = TSimd.MultiplyAdd(value, weight2, accumulator10);
        accumulator11 = TSimd.MultiplyAdd(value, weight1, accumulator11);
        accumulator12 = TSimd.MultiplyAdd(value, weight0, accumulator12);

        value = TSimd.Load(input + (13 * pixelStride));
        accumulator11 = TSimd.MultiplyAdd(value, weight2, accumulator11);
        accumulator12 = TSimd.MultiplyAdd(value, weight1, accumulator12);
        accumulator13 = TSimd.MultiplyAdd(value, weight0, accumulator13);

        value = TSimd.Load(input + (14 * pixelStride));
        accumulator12 = TSimd.MultiplyAdd(value, weight2, accumulator12);
        accumulator13 = TSimd.MultiplyAdd(value, weight1, accumulator13);

        value = TRun.PaddedLast ? TSimd.Zero : TSimd.Load(input + (15 * pixelStride));
        accumulator13 = TSimd.MultiplyAdd(value, weight2, accumulator13);
    }
}
