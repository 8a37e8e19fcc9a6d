namespace Depthwise.Kernels;

/// <summary>
/// 3×3 kernel, stride 1, dilation 1, on a run of 14 output pixels (<see cref="IPaddedEnds"/>) of two neighbouring rows
/// at once: per kernel row, the three weights are loaded once for both rows' 84 FMAs, and the bias copies, the stores'
/// address arithmetic and the call are shared by 252 FMAs instead of 126. On Zen 5 a single-row run issues about 350
/// instructions per 126 FMAs, more than one core dispatches while its two FMA pipes are busy; a pair issues about 490
/// per 252 (docs/kernels.md, "Session 13").
/// </summary>
/// <remarks>
/// Registers: 28 accumulators, three weights and one input column fill AVX-512's 32, so both rows take their taps of
/// kernel row ky from the same weight registers, the upper row from input row y − 1 + ky and the lower one from y + ky.
/// The middle two input rows are therefore loaded twice (once for each output row, in different kernel rows): sharing
/// those loads needs six weights live, and with the other three as memory operands of their FMAs the JIT hoisted them
/// into registers anyway and spilled accumulators. Every accumulator adds its taps in (ky, kx) order, as the
/// single-row run and the eight-pixel blocks do, so all three give the same bits. The input rows above and below the
/// pair are skipped when they are padding (the first and last pair of a plane), as every kernel skips padding rows.
/// </remarks>
internal static unsafe class Taps3x3Stride1RowPair
{
    private const int Size = 3;

    // input rows y − 1 … y + 2 (columns x − 1 … x + 14; row y − 1 read only when hasRowAbove, y + 2 only when
    // hasRowBelow), weights (3×3, lanes) → output pixels x … x + 13 of rows y and y + 1
    public static void Run<TSimd, TVector, TRun, TOutput, TActivation>(
        float* rowAbove,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        bool hasRowAbove,
        bool hasRowBelow,
        int y,
        int x,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var input = rowAbove + ((x - 1) * pixelStride);
        var upper0 = TSimd.Load(bias);
        var upper1 = upper0;
        var upper2 = upper0;
        var upper3 = upper0;
        var upper4 = upper0;
        var upper5 = upper0;
        var upper6 = upper0;
        var upper7 = upper0;
        var upper8 = upper0;
        var upper9 = upper0;
        var upper10 = upper0;
        var upper11 = upper0;
        var upper12 = upper0;
        var upper13 = upper0;
        var lower0 = upper0;
        var lower1 = upper0;
        var lower2 = upper0;
        var lower3 = upper0;
        var lower4 = upper0;
        var lower5 = upper0;
        var lower6 = upper0;
        var lower7 = upper0;
        var lower8 = upper0;
        var lower9 = upper0;
        var lower10 = upper0;
        var lower11 = upper0;
        var lower12 = upper0;
        var lower13 = upper0;

        // Kernel row ky of both rows: input row y − 1 + ky into the upper row, y + ky into the lower one, with the same
        // three weight registers.
        for (var ky = 0; ky < Size; ky++)
        {
            var kernelRow = weights + (ky * Size * lanes);
            var weight0 = TSimd.Load(kernelRow);
            var weight1 = TSimd.Load(kernelRow + lanes);
            var weight2 = TSimd.Load(kernelRow + (2 * lanes));
            var upperInput = input + (ky * rowStride);
            if (ky != 0 || hasRowAbove)
            {
                Taps3x3Stride1Run.AddKernelRow<TSimd, TVector, TRun>(
                    upperInput, pixelStride, weight0, weight1, weight2,
                    ref upper0, ref upper1, ref upper2, ref upper3, ref upper4, ref upper5, ref upper6, ref upper7, ref upper8, ref upper9, ref upper10, ref upper11, ref upper12, ref upper13);
            }

            if (ky != Size - 1 || hasRowBelow)
            {
                Taps3x3Stride1Run.AddKernelRow<TSimd, TVector, TRun>(
                    upperInput + rowStride, pixelStride, weight0, weight1, weight2,
                    ref lower0, ref lower1, ref lower2, ref lower3, ref lower4, ref lower5, ref lower6, ref lower7, ref lower8, ref lower9, ref lower10, ref lower11, ref lower12, ref lower13);
            }
        }

        DepthwiseConvKernel.StoreRun<TSimd, TVector, TOutput, TActivation>(
            ref output, y, x, activation, true, upper0, upper1, upper2, upper3, upper4, upper5, upper6, upper7, upper8, upper9, upper10, upper11, upper12, upper13);
        DepthwiseConvKernel.StoreRun<TSimd, TVector, TOutput, TActivation>(
            ref output, y + 1, x, activation, true, lower0, lower1, lower2, lower3, lower4, lower5, lower6, lower7, lower8, lower9, lower10, lower11, lower12, lower13);
    }
}
