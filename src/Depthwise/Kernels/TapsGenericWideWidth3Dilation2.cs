using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The wide generic block for kernels three columns wide at dilation 2 and stride 1 across, on blocked rows: pixel p
/// reads columns p, p + 2 and p + 4 of its kernel row, so input column j serves pixels j, j − 2 and j − 4. Each column
/// is loaded once into a register for up to three FMAs (its kernel row's three weights in registers), where
/// <see cref="TapsGenericWide"/> loads it once per tap: 20 loads and 3 weights for a sixteen-pixel block's 48 FMAs per
/// kernel row instead of 48 and 3, so the FMAs, not the loads, bind. Columns go left to right, so every pixel still
/// adds its taps in (ky, kx) order after the bias, padding columns as fma(0, w, acc): the bits of the other bodies.
/// </summary>
internal readonly unsafe struct TapsGenericWideWidth3Dilation2 : IGenericWideBody
{
    public static void Block<TSimd, TVector, TColumns, TPixelStep, TWidth, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TPixelStep : struct, IGenericPixelStep
        where TWidth : struct, IGenericBlockWidth
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input rows (ky·dH, columns x − padLeft … x − padLeft + P + 3), weights (kH×3, lanes) → output pixels x … x+P−1
        var lanes = TSimd.Count;
        var width = row.InputWidth;
        var firstColumn = x - row.PadLeft;
        var firstInput = row.Input + (firstColumn * lanes);

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
        var accumulator14 = accumulator0;
        var accumulator15 = accumulator0;
        var accumulator16 = accumulator0;
        var accumulator17 = accumulator0;
        var accumulator18 = accumulator0;
        var accumulator19 = accumulator0;
        var accumulator20 = accumulator0;
        var accumulator21 = accumulator0;
        var accumulator22 = accumulator0;
        var accumulator23 = accumulator0;
        for (var ky = row.KyFirst; ky < row.KyEnd; ky++)
        {
            var input = firstInput + (ky * row.TapRowStride);
            var weights = row.Weights + (ky * 3 * lanes);
            var weight0 = TSimd.Load(weights);
            var weight1 = TSimd.Load(weights + lanes);
            var weight2 = TSimd.Load(weights + (2 * lanes));

            // Column j feeds accumulators j (kx 0), j − 2 (kx 1) and j − 4 (kx 2) where they exist; the accumulator
            // passed for a missing one is never touched.
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 0, width, weight0, weight1, weight2, ref accumulator0, ref accumulator0, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 1, width, weight0, weight1, weight2, ref accumulator1, ref accumulator0, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 2, width, weight0, weight1, weight2, ref accumulator2, ref accumulator0, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 3, width, weight0, weight1, weight2, ref accumulator3, ref accumulator1, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 4, width, weight0, weight1, weight2, ref accumulator4, ref accumulator2, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 5, width, weight0, weight1, weight2, ref accumulator5, ref accumulator3, ref accumulator1);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 6, width, weight0, weight1, weight2, ref accumulator6, ref accumulator4, ref accumulator2);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 7, width, weight0, weight1, weight2, ref accumulator7, ref accumulator5, ref accumulator3);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 8, width, weight0, weight1, weight2, ref accumulator8, ref accumulator6, ref accumulator4);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 9, width, weight0, weight1, weight2, ref accumulator9, ref accumulator7, ref accumulator5);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 10, width, weight0, weight1, weight2, ref accumulator10, ref accumulator8, ref accumulator6);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 11, width, weight0, weight1, weight2, ref accumulator11, ref accumulator9, ref accumulator7);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 12, width, weight0, weight1, weight2, ref accumulator12, ref accumulator10, ref accumulator8);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 13, width, weight0, weight1, weight2, ref accumulator13, ref accumulator11, ref accumulator9);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 14, width, weight0, weight1, weight2, ref accumulator14, ref accumulator12, ref accumulator10);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 15, width, weight0, weight1, weight2, ref accumulator15, ref accumulator13, ref accumulator11);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 16, width, weight0, weight1, weight2, ref accumulator16, ref accumulator14, ref accumulator12);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 17, width, weight0, weight1, weight2, ref accumulator17, ref accumulator15, ref accumulator13);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 18, width, weight0, weight1, weight2, ref accumulator18, ref accumulator16, ref accumulator14);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 19, width, weight0, weight1, weight2, ref accumulator19, ref accumulator17, ref accumulator15);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 20, width, weight0, weight1, weight2, ref accumulator20, ref accumulator18, ref accumulator16);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 21, width, weight0, weight1, weight2, ref accumulator21, ref accumulator19, ref accumulator17);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 22, width, weight0, weight1, weight2, ref accumulator22, ref accumulator20, ref accumulator18);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 23, width, weight0, weight1, weight2, ref accumulator23, ref accumulator21, ref accumulator19);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 24, width, weight0, weight1, weight2, ref accumulator0, ref accumulator22, ref accumulator20);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 25, width, weight0, weight1, weight2, ref accumulator0, ref accumulator23, ref accumulator21);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 26, width, weight0, weight1, weight2, ref accumulator0, ref accumulator0, ref accumulator22);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 27, width, weight0, weight1, weight2, ref accumulator0, ref accumulator0, ref accumulator23);
        }

        TapsGenericWide.StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x, ref output, activation, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7);
        TapsGenericWide.StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x + DepthwiseConvKernel.PixelsPerBlock, ref output, activation, accumulator8, accumulator9, accumulator10, accumulator11, accumulator12, accumulator13, accumulator14, accumulator15);
        if (TWidth.Groups == 3)
        {
            TapsGenericWide.StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x + (2 * DepthwiseConvKernel.PixelsPerBlock), ref output, activation, accumulator16, accumulator17, accumulator18, accumulator19, accumulator20, accumulator21, accumulator22, accumulator23);
        }
    }

    // Input column `index` of the block (a constant once inlined, so every test below folds): × weight0 into pixel
    // index, × weight1 into pixel index − 2, × weight2 into pixel index − 4, each where that pixel is in the block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column<TSimd, TVector, TColumns, TWidth>(
        float* input,
        int firstColumn,
        int index,
        int width,
        TVector weight0,
        TVector weight1,
        TVector weight2,
        ref TVector pixel,
        ref TVector pixelLess2,
        ref TVector pixelLess4)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TWidth : struct, IGenericBlockWidth
    {
        var pixels = TWidth.Groups * DepthwiseConvKernel.PixelsPerBlock;
        if (index >= pixels + 4)
        {
            return;
        }

        var column = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + (index * TSimd.Count), firstColumn + index, width);
        if (index < pixels)
        {
            pixel = TSimd.MultiplyAdd(column, weight0, pixel);
        }

        if (index >= 2 && index < pixels + 2)
        {
            pixelLess2 = TSimd.MultiplyAdd(column, weight1, pixelLess2);
        }

        if (index >= 4)
        {
            pixelLess4 = TSimd.MultiplyAdd(column, weight2, pixelLess4);
        }
    }
}
