using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The wide generic block for a few kernel shapes at stride 1 across on blocked rows (<see cref="IGenericColumnShape"/>:
/// 3 columns at dilation 2, 4 or 7 at dilation 1): input column j serves pixels j, j − d, j − 2d and j − 3d through
/// kernel columns 0 … 3, so each column is loaded once into a register for all of them, the weights in registers, where
/// <see cref="TapsGenericWide"/> loads it once per tap: a sixteen-pixel block loads 20 columns for 48 FMAs per kernel
/// row at 3×3 dilation 2 (19 for 64 at 4×4, 19 + 18 for 112 at 7×7, whose kernel columns 4 … 6 are a second pass over
/// the row: four weights and twenty-four accumulators already take 28 of the 32 registers) instead of one per FMA, so
/// the FMAs, not the loads, bind. Columns go left to right and the second pass follows the first, so every pixel still
/// adds its taps in (ky, kx) order after the bias, padding columns as fma(0, w, acc): the bits of the other bodies.
/// </summary>
internal readonly unsafe struct TapsGenericWideColumns<TShape> : IGenericWideBody
    where TShape : struct, IGenericColumnShape
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
        // input rows (ky·dH, columns x − padLeft … x − padLeft + P − 1 + (kW − 1)·d), weights (kH×kW, lanes) → pixels x … x+P−1
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
            var weights = row.Weights + (ky * TShape.KernelWidth * lanes);
            var weight0 = TSimd.Load(weights);
            var weight1 = TSimd.Load(weights + lanes);
            var weight2 = TSimd.Load(weights + (2 * lanes));
            var weight3 = TShape.KernelWidth == 3 ? weight0 : TSimd.Load(weights + (3 * lanes));

            // Column j feeds accumulators j (kx 0), j − d (kx 1), j − 2d (kx 2) and j − 3d (kx 3) where they exist;
            // the accumulator passed for a missing one is never touched.
            if (TShape.Dilation == 2)
            {
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 0, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator0, ref accumulator0, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 1, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator1, ref accumulator0, ref accumulator0, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 2, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator2, ref accumulator0, ref accumulator0, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 3, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator3, ref accumulator1, ref accumulator0, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 4, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator4, ref accumulator2, ref accumulator0, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 5, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator5, ref accumulator3, ref accumulator1, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 6, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator6, ref accumulator4, ref accumulator2, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 7, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator7, ref accumulator5, ref accumulator3, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 8, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator8, ref accumulator6, ref accumulator4, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 9, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator9, ref accumulator7, ref accumulator5, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 10, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator10, ref accumulator8, ref accumulator6, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 11, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator11, ref accumulator9, ref accumulator7, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 12, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator12, ref accumulator10, ref accumulator8, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 13, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator13, ref accumulator11, ref accumulator9, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 14, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator14, ref accumulator12, ref accumulator10, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 15, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator15, ref accumulator13, ref accumulator11, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 16, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator16, ref accumulator14, ref accumulator12, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 17, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator17, ref accumulator15, ref accumulator13, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 18, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator18, ref accumulator16, ref accumulator14, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 19, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator19, ref accumulator17, ref accumulator15, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 20, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator20, ref accumulator18, ref accumulator16, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 21, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator21, ref accumulator19, ref accumulator17, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 22, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator22, ref accumulator20, ref accumulator18, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 23, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator23, ref accumulator21, ref accumulator19, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 24, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator22, ref accumulator20, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 25, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator23, ref accumulator21, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 26, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator0, ref accumulator22, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 27, 3, 2, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator0, ref accumulator23, ref accumulator0);
                continue;
            }

            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 0, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator0, ref accumulator0, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 1, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator1, ref accumulator0, ref accumulator0, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 2, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator2, ref accumulator1, ref accumulator0, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 3, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator3, ref accumulator2, ref accumulator1, ref accumulator0);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 4, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator4, ref accumulator3, ref accumulator2, ref accumulator1);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 5, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator5, ref accumulator4, ref accumulator3, ref accumulator2);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 6, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator6, ref accumulator5, ref accumulator4, ref accumulator3);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 7, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator7, ref accumulator6, ref accumulator5, ref accumulator4);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 8, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator8, ref accumulator7, ref accumulator6, ref accumulator5);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 9, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator9, ref accumulator8, ref accumulator7, ref accumulator6);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 10, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator10, ref accumulator9, ref accumulator8, ref accumulator7);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 11, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator11, ref accumulator10, ref accumulator9, ref accumulator8);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 12, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator12, ref accumulator11, ref accumulator10, ref accumulator9);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 13, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator13, ref accumulator12, ref accumulator11, ref accumulator10);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 14, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator14, ref accumulator13, ref accumulator12, ref accumulator11);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 15, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator15, ref accumulator14, ref accumulator13, ref accumulator12);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 16, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator16, ref accumulator15, ref accumulator14, ref accumulator13);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 17, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator17, ref accumulator16, ref accumulator15, ref accumulator14);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 18, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator18, ref accumulator17, ref accumulator16, ref accumulator15);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 19, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator19, ref accumulator18, ref accumulator17, ref accumulator16);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 20, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator20, ref accumulator19, ref accumulator18, ref accumulator17);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 21, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator21, ref accumulator20, ref accumulator19, ref accumulator18);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 22, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator22, ref accumulator21, ref accumulator20, ref accumulator19);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 23, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator23, ref accumulator22, ref accumulator21, ref accumulator20);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 24, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator23, ref accumulator22, ref accumulator21);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 25, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator0, ref accumulator23, ref accumulator22);
            Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn, 26, 4, 1, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator0, ref accumulator0, ref accumulator23);
            if (TShape.KernelWidth == 7)
            {
                // kx 4 … 6 after every pixel's kx 0 … 3: the same (ky, kx) order, columns 4 further on
                input += 4 * lanes;
                weight0 = TSimd.Load(weights + (4 * lanes));
                weight1 = TSimd.Load(weights + (5 * lanes));
                weight2 = TSimd.Load(weights + (6 * lanes));
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 0, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator0, ref accumulator0, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 1, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator1, ref accumulator0, ref accumulator0, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 2, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator2, ref accumulator1, ref accumulator0, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 3, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator3, ref accumulator2, ref accumulator1, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 4, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator4, ref accumulator3, ref accumulator2, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 5, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator5, ref accumulator4, ref accumulator3, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 6, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator6, ref accumulator5, ref accumulator4, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 7, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator7, ref accumulator6, ref accumulator5, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 8, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator8, ref accumulator7, ref accumulator6, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 9, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator9, ref accumulator8, ref accumulator7, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 10, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator10, ref accumulator9, ref accumulator8, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 11, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator11, ref accumulator10, ref accumulator9, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 12, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator12, ref accumulator11, ref accumulator10, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 13, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator13, ref accumulator12, ref accumulator11, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 14, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator14, ref accumulator13, ref accumulator12, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 15, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator15, ref accumulator14, ref accumulator13, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 16, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator16, ref accumulator15, ref accumulator14, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 17, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator17, ref accumulator16, ref accumulator15, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 18, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator18, ref accumulator17, ref accumulator16, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 19, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator19, ref accumulator18, ref accumulator17, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 20, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator20, ref accumulator19, ref accumulator18, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 21, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator21, ref accumulator20, ref accumulator19, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 22, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator22, ref accumulator21, ref accumulator20, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 23, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator23, ref accumulator22, ref accumulator21, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 24, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator23, ref accumulator22, ref accumulator0);
                Column<TSimd, TVector, TColumns, TWidth>(input, firstColumn + 4, 25, 3, 1, width, weight0, weight1, weight2, weight3, ref accumulator0, ref accumulator0, ref accumulator23, ref accumulator0);
            }
        }

        TapsGenericWide.StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x, ref output, activation, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7);
        TapsGenericWide.StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x + DepthwiseConvKernel.PixelsPerBlock, ref output, activation, accumulator8, accumulator9, accumulator10, accumulator11, accumulator12, accumulator13, accumulator14, accumulator15);
        if (TWidth.Groups == 3)
        {
            TapsGenericWide.StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x + (2 * DepthwiseConvKernel.PixelsPerBlock), ref output, activation, accumulator16, accumulator17, accumulator18, accumulator19, accumulator20, accumulator21, accumulator22, accumulator23);
        }
    }

    // Input column `index` of the block (index, kernelWidth ≤ 4 and dilation are constants once inlined, so every test
    // below folds): × weight kx into pixel index − kx·dilation, for each kx < kernelWidth whose pixel is in the block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column<TSimd, TVector, TColumns, TWidth>(
        float* input,
        int firstColumn,
        int index,
        int kernelWidth,
        int dilation,
        int width,
        TVector weight0,
        TVector weight1,
        TVector weight2,
        TVector weight3,
        ref TVector pixel,
        ref TVector pixelLess1,
        ref TVector pixelLess2,
        ref TVector pixelLess3)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TWidth : struct, IGenericBlockWidth
    {
        var pixels = TWidth.Groups * DepthwiseConvKernel.PixelsPerBlock;
        if (index >= pixels + ((kernelWidth - 1) * dilation))
        {
            return;
        }

        var column = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + (index * TSimd.Count), firstColumn + index, width);
        if (index < pixels)
        {
            pixel = TSimd.MultiplyAdd(column, weight0, pixel);
        }

        if (index >= dilation && index < pixels + dilation)
        {
            pixelLess1 = TSimd.MultiplyAdd(column, weight1, pixelLess1);
        }

        if (index >= 2 * dilation && index < pixels + (2 * dilation))
        {
            pixelLess2 = TSimd.MultiplyAdd(column, weight2, pixelLess2);
        }

        if (kernelWidth == 4 && index >= 3 * dilation)
        {
            pixelLess3 = TSimd.MultiplyAdd(column, weight3, pixelLess3);
        }
    }
}
