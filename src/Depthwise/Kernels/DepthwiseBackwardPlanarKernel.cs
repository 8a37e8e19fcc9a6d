using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// The planar (NCHW) depthwise backward body for 3×3 at stride 1 without dilation, depth multiplier 1: one register
/// holds neighbouring columns of one row of one channel, so both gradients are computed where the data lies, with no
/// transposes. One call handles one (image, channel) plane: it copies the output-gradient plane into a zero-padded
/// scratch plane (a plain copy; the zeros make every tap a bounds-free unaligned load), then walks the input plane in
/// registers of columns. Every output-gradient register loaded feeds two FMAs, one into the input gradient of the
/// register's pixels and one into the tap's weight-gradient sum.
/// </summary>
/// <remarks>
/// The blocked kernels (<see cref="DepthwiseBackwardBlockedKernel"/>) spend more than half of their time on this layer
/// transposing 16 planes at a time into channel blocks and back; here the input and both gradients stream through
/// once, one plane after another, which the hardware prefetchers follow.
/// </remarks>
internal static unsafe class DepthwiseBackwardPlanarKernel
{
    // Rows and columns of zeros ahead of output-gradient row and column 0 in the padded plane: the kernel's extent.
    private const int Margin = 2;

    /// <summary>
    /// Padded output-gradient rows: every row an input row's taps read, output row o at row o + 2 (stride 1) or o + 1
    /// (stride 2, whose input rows read output rows (r + padTop − ky) / 2 ≥ −1).
    /// </summary>
    public static int PaddedRows(in ConvGeometry geometry) => geometry.Stride.Height == 1
        ? geometry.InputHeight + geometry.PadTop + Margin
        : ((geometry.InputHeight - 1 + geometry.PadTop) / 2) + 2;

    /// <summary>
    /// Padded output-gradient columns: every column the registers of an input row read, output column q at q + 2 (stride
    /// 1) or, spread to every other column at stride 2, at 2q + 2.
    /// </summary>
    public static int PaddedColumns(in ConvGeometry geometry, int lanes)
    {
        var read = RoundUp(geometry.InputWidth, lanes) + geometry.PadLeft + Margin;
        var written = geometry.Stride.Width == 1 ? 0 : Margin + (2 * RoundUp(geometry.OutputWidth, lanes));
        return RoundUp(Math.Max(read, written), 16);
    }

    // gradOutput plane (Ho, Wo), input plane (H, W), weights (3·3) → gradInput plane (H, W), sums (3·3 + 1) = this
    // plane's weight gradient and bias gradient; padded is scratch of PaddedRows · PaddedColumns floats; the next
    // item's planes (or null) are prefetched
    public static void Plane<TSimd, TVector>(
        float* gradOutput, float* input, float* gradInput, float* weights, float* sums, float* padded, float* nextGradOutput, float* nextInput, in ConvGeometry geometry)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        var height = geometry.InputHeight;
        var width = geometry.InputWidth;
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var paddedRows = PaddedRows(geometry);
        var paddedColumns = PaddedColumns(geometry, lanes);

        Pad(gradOutput, padded, outputHeight, outputWidth, paddedRows, paddedColumns);
        sums[9] = Sum<TSimd, TVector>(gradOutput, (nint)outputHeight * outputWidth);

        var weight0 = TSimd.Broadcast(weights[0]);
        var weight1 = TSimd.Broadcast(weights[1]);
        var weight2 = TSimd.Broadcast(weights[2]);
        var weight3 = TSimd.Broadcast(weights[3]);
        var weight4 = TSimd.Broadcast(weights[4]);
        var weight5 = TSimd.Broadcast(weights[5]);
        var weight6 = TSimd.Broadcast(weights[6]);
        var weight7 = TSimd.Broadcast(weights[7]);
        var weight8 = TSimd.Broadcast(weights[8]);
        var gradWeight0 = TSimd.Zero;
        var gradWeight1 = gradWeight0;
        var gradWeight2 = gradWeight0;
        var gradWeight3 = gradWeight0;
        var gradWeight4 = gradWeight0;
        var gradWeight5 = gradWeight0;
        var gradWeight6 = gradWeight0;
        var gradWeight7 = gradWeight0;
        var gradWeight8 = gradWeight0;
        var lastColumn = (width - 1) / lanes * lanes;
        var lastCount = width - lastColumn;
        var lastMask = TSimd.LaneMask(0, lastCount);
        for (var row = 0; row < height; row++)
        {
            // The next item's planes come in while this plane computes, a share per row (measured: about 10 % at batch 8).
            if (nextInput != null)
            {
                PrefetchShare(nextInput, (nint)height * width, row, height);
                PrefetchShare(nextGradOutput, (nint)outputHeight * outputWidth, row, height);
            }

            var inputRow = input + ((nint)row * width);
            var gradInputRow = gradInput + ((nint)row * width);

            // Tap (ky, kx) of pixel (row, c) reads output gradient (row + padTop − ky, c + padLeft − kx): padded row
            // row + padTop − ky + 2, column c + padLeft − kx + 2.
            var kernelRow0 = padded + (((nint)row + geometry.PadTop + Margin) * paddedColumns) + geometry.PadLeft + Margin;
            var kernelRow1 = kernelRow0 - paddedColumns;
            var kernelRow2 = kernelRow1 - paddedColumns;
            for (var column = 0; column <= lastColumn; column += lanes)
            {
                // The last register's lanes past the row's end hold zero input, so their products add nothing.
                var pixels = column < lastColumn ? TSimd.Load(inputRow + column) : TSimd.LoadMasked(inputRow + column, lastMask);
                // One chain for the input gradient: consecutive registers are independent, so out-of-order execution
                // overlaps their chains and every FMA does useful work.
                var gradient = TSimd.Load(kernelRow0 + column);
                var gradInputPixels = TSimd.MultiplyAdd(gradient, weight0, TSimd.Zero);
                gradWeight0 = TSimd.MultiplyAdd(pixels, gradient, gradWeight0);
                gradient = TSimd.Load(kernelRow0 + column - 1);
                gradInputPixels = TSimd.MultiplyAdd(gradient, weight1, gradInputPixels);
                gradWeight1 = TSimd.MultiplyAdd(pixels, gradient, gradWeight1);
                gradient = TSimd.Load(kernelRow0 + column - 2);
                gradInputPixels = TSimd.MultiplyAdd(gradient, weight2, gradInputPixels);
                gradWeight2 = TSimd.MultiplyAdd(pixels, gradient, gradWeight2);
                gradient = TSimd.Load(kernelRow1 + column);
                gradInputPixels = TSimd.MultiplyAdd(gradient, weight3, gradInputPixels);
                gradWeight3 = TSimd.MultiplyAdd(pixels, gradient, gradWeight3);
                gradient = TSimd.Load(kernelRow1 + column - 1);
                gradInputPixels = TSimd.MultiplyAdd(gradient, weight4, gradInputPixels);
                gradWeight4 = TSimd.MultiplyAdd(pixels, gradient, gradWeight4);
                gradient = TSimd.Load(kernelRow1 + column - 2);
                gradInputPixels = TSimd.MultiplyAdd(gradient, weight5, gradInputPixels);
                gradWeight5 = TSimd.MultiplyAdd(pixels, gradient, gradWeight5);
                gradient = TSimd.Load(kernelRow2 + column);
                gradInputPixels = TSimd.MultiplyAdd(gradient, weight6, gradInputPixels);
                gradWeight6 = TSimd.MultiplyAdd(pixels, gradient, gradWeight6);
                gradient = TSimd.Load(kernelRow2 + column - 1);
                gradInputPixels = TSimd.MultiplyAdd(gradient, weight7, gradInputPixels);
                gradWeight7 = TSimd.MultiplyAdd(pixels, gradient, gradWeight7);
                gradient = TSimd.Load(kernelRow2 + column - 2);
                gradInputPixels = TSimd.MultiplyAdd(gradient, weight8, gradInputPixels);
                gradWeight8 = TSimd.MultiplyAdd(pixels, gradient, gradWeight8);
                if (column < lastColumn)
                {
                    TSimd.Store(gradInputPixels, gradInputRow + column);
                }
                else
                {
                    TSimd.StoreFirst(gradInputPixels, gradInputRow + column, lastCount);
                }
            }
        }

        StoreTapSums<TSimd, TVector>(sums, padded, gradWeight0, gradWeight1, gradWeight2, gradWeight3, gradWeight4, gradWeight5, gradWeight6, gradWeight7, gradWeight8);
    }

    // gradOutput plane (Ho, Wo), input plane (H, W), weights (3·3) → gradInput plane (H, W), sums (3·3 + 1), stride 2.
    // The output gradient is spread into the padded plane at every other column (zeros between), so that ∂L/∂input of
    // pixel (r, c), Σ g[(r + padTop − ky) / 2, (c + padLeft − kx) / 2] · w[ky, kx] over the taps where both divide,
    // becomes a stride-1 correlation along the row: the zeros stand for the taps whose column does not divide. Rows are
    // not spread: input row r takes kernel rows 0 and 2 when r + padTop is even, row 1 when it is odd. Half of the FMAs
    // multiply zeros, but nothing is transposed and the input and its gradient stream through once (the blocked body
    // converts both at full resolution for a quarter of the stride-1 work).
    public static void PlaneStride2<TSimd, TVector>(
        float* gradOutput, float* input, float* gradInput, float* weights, float* sums, float* padded, float* nextGradOutput, float* nextInput, in ConvGeometry geometry)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        var height = geometry.InputHeight;
        var width = geometry.InputWidth;
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var paddedColumns = PaddedColumns(geometry, lanes);

        PadSpread<TSimd, TVector>(gradOutput, padded, outputHeight, outputWidth, PaddedRows(geometry), paddedColumns);
        sums[9] = Sum<TSimd, TVector>(gradOutput, (nint)outputHeight * outputWidth);

        var weight0 = TSimd.Broadcast(weights[0]);
        var weight1 = TSimd.Broadcast(weights[1]);
        var weight2 = TSimd.Broadcast(weights[2]);
        var weight3 = TSimd.Broadcast(weights[3]);
        var weight4 = TSimd.Broadcast(weights[4]);
        var weight5 = TSimd.Broadcast(weights[5]);
        var weight6 = TSimd.Broadcast(weights[6]);
        var weight7 = TSimd.Broadcast(weights[7]);
        var weight8 = TSimd.Broadcast(weights[8]);
        var gradWeight0 = TSimd.Zero;
        var gradWeight1 = gradWeight0;
        var gradWeight2 = gradWeight0;
        var gradWeight3 = gradWeight0;
        var gradWeight4 = gradWeight0;
        var gradWeight5 = gradWeight0;
        var gradWeight6 = gradWeight0;
        var gradWeight7 = gradWeight0;
        var gradWeight8 = gradWeight0;
        var lastColumn = (width - 1) / lanes * lanes;
        var lastCount = width - lastColumn;
        var lastMask = TSimd.LaneMask(0, lastCount);
        for (var row = 0; row < height; row++)
        {
            if (nextInput != null)
            {
                PrefetchShare(nextInput, (nint)height * width, row, height);
                PrefetchShare(nextGradOutput, (nint)outputHeight * outputWidth, row, height);
            }

            var inputRow = input + ((nint)row * width);
            var gradInputRow = gradInput + ((nint)row * width);

            // Tap (ky, kx) of pixel (row, c) reads padded row (row + padTop − ky) / 2 + 1, column c + padLeft − kx + 2.
            var shifted = row + geometry.PadTop;
            if ((shifted & 1) == 0)
            {
                var kernelRow0 = padded + ((((nint)shifted >> 1) + 1) * paddedColumns) + geometry.PadLeft + Margin;
                var kernelRow2 = kernelRow0 - paddedColumns;
                for (var column = 0; column <= lastColumn; column += lanes)
                {
                    var pixels = column < lastColumn ? TSimd.Load(inputRow + column) : TSimd.LoadMasked(inputRow + column, lastMask);
                    var gradient = TSimd.Load(kernelRow0 + column);
                    var gradInputPixels = TSimd.MultiplyAdd(gradient, weight0, TSimd.Zero);
                    gradWeight0 = TSimd.MultiplyAdd(pixels, gradient, gradWeight0);
                    gradient = TSimd.Load(kernelRow0 + column - 1);
                    gradInputPixels = TSimd.MultiplyAdd(gradient, weight1, gradInputPixels);
                    gradWeight1 = TSimd.MultiplyAdd(pixels, gradient, gradWeight1);
                    gradient = TSimd.Load(kernelRow0 + column - 2);
                    gradInputPixels = TSimd.MultiplyAdd(gradient, weight2, gradInputPixels);
                    gradWeight2 = TSimd.MultiplyAdd(pixels, gradient, gradWeight2);
                    gradient = TSimd.Load(kernelRow2 + column);
                    gradInputPixels = TSimd.MultiplyAdd(gradient, weight6, gradInputPixels);
                    gradWeight6 = TSimd.MultiplyAdd(pixels, gradient, gradWeight6);
                    gradient = TSimd.Load(kernelRow2 + column - 1);
                    gradInputPixels = TSimd.MultiplyAdd(gradient, weight7, gradInputPixels);
                    gradWeight7 = TSimd.MultiplyAdd(pixels, gradient, gradWeight7);
                    gradient = TSimd.Load(kernelRow2 + column - 2);
                    gradInputPixels = TSimd.MultiplyAdd(gradient, weight8, gradInputPixels);
                    gradWeight8 = TSimd.MultiplyAdd(pixels, gradient, gradWeight8);
                    if (column < lastColumn)
                    {
                        TSimd.Store(gradInputPixels, gradInputRow + column);
                    }
                    else
                    {
                        TSimd.StoreFirst(gradInputPixels, gradInputRow + column, lastCount);
                    }
                }
            }
            else
            {
                var kernelRow1 = padded + ((((nint)shifted >> 1) + 1) * paddedColumns) + geometry.PadLeft + Margin;
                for (var column = 0; column <= lastColumn; column += lanes)
                {
                    var pixels = column < lastColumn ? TSimd.Load(inputRow + column) : TSimd.LoadMasked(inputRow + column, lastMask);
                    var gradient = TSimd.Load(kernelRow1 + column);
                    var gradInputPixels = TSimd.MultiplyAdd(gradient, weight3, TSimd.Zero);
                    gradWeight3 = TSimd.MultiplyAdd(pixels, gradient, gradWeight3);
                    gradient = TSimd.Load(kernelRow1 + column - 1);
                    gradInputPixels = TSimd.MultiplyAdd(gradient, weight4, gradInputPixels);
                    gradWeight4 = TSimd.MultiplyAdd(pixels, gradient, gradWeight4);
                    gradient = TSimd.Load(kernelRow1 + column - 2);
                    gradInputPixels = TSimd.MultiplyAdd(gradient, weight5, gradInputPixels);
                    gradWeight5 = TSimd.MultiplyAdd(pixels, gradient, gradWeight5);
                    if (column < lastColumn)
                    {
                        TSimd.Store(gradInputPixels, gradInputRow + column);
                    }
                    else
                    {
                        TSimd.StoreFirst(gradInputPixels, gradInputRow + column, lastCount);
                    }
                }
            }
        }

        StoreTapSums<TSimd, TVector>(sums, padded, gradWeight0, gradWeight1, gradWeight2, gradWeight3, gradWeight4, gradWeight5, gradWeight6, gradWeight7, gradWeight8);
    }

    // sums[tap] = the lanes of the tap's register added in lane order. The nine registers go through the padded plane,
    // no longer needed: a register live across any call (a stackalloc clears its memory with one) would be spilled
    // inside the loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTapSums<TSimd, TVector>(
        float* sums, float* lanesOfTaps, TVector tap0, TVector tap1, TVector tap2, TVector tap3, TVector tap4, TVector tap5, TVector tap6, TVector tap7, TVector tap8)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        TSimd.Store(tap0, lanesOfTaps);
        TSimd.Store(tap1, lanesOfTaps + lanes);
        TSimd.Store(tap2, lanesOfTaps + (2 * lanes));
        TSimd.Store(tap3, lanesOfTaps + (3 * lanes));
        TSimd.Store(tap4, lanesOfTaps + (4 * lanes));
        TSimd.Store(tap5, lanesOfTaps + (5 * lanes));
        TSimd.Store(tap6, lanesOfTaps + (6 * lanes));
        TSimd.Store(tap7, lanesOfTaps + (7 * lanes));
        TSimd.Store(tap8, lanesOfTaps + (8 * lanes));
        for (var tap = 0; tap < 9; tap++)
        {
            var sum = 0f;
            for (var lane = 0; lane < lanes; lane++)
            {
                sum += lanesOfTaps[(tap * lanes) + lane];
            }

            sums[tap] = sum;
        }
    }

    // Prefetches share `part` of `parts` of the cache lines of a plane of `floats` floats.
    private static void PrefetchShare(float* plane, nint floats, int part, int parts)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var lines = (floats + 15) / 16;
        var start = (float*)((nint)plane & ~(nint)63);
        for (var line = lines * part / parts; line < lines * (part + 1) / parts; line++)
        {
            Sse.Prefetch0(start + (line * 16));
        }
    }

    // gradOutput plane (Ho, Wo) → padded plane (rows, columns): output pixel (o, q) at (o + 2, q + 2), zeros elsewhere.
    private static void Pad(float* gradOutput, float* padded, int outputHeight, int outputWidth, int rows, int columns)
    {
        for (var row = 0; row < rows; row++)
        {
            var destination = padded + ((nint)row * columns);
            var outputRow = row - Margin;
            if (outputRow < 0 || outputRow >= outputHeight)
            {
                new Span<float>(destination, columns).Clear();
                continue;
            }

            var copied = Math.Min(outputWidth, columns - Margin);
            destination[0] = 0f;
            destination[1] = 0f;
            new ReadOnlySpan<float>(gradOutput + ((nint)outputRow * outputWidth), copied).CopyTo(new Span<float>(destination + Margin, copied));
            new Span<float>(destination + Margin + copied, columns - Margin - copied).Clear();
        }
    }

    // gradOutput plane (Ho, Wo) → padded plane (rows, columns) spread for stride 2: output pixel (o, q) at (o + 1, 2q + 2),
    // zeros elsewhere. Each register of an output row becomes two (its lanes interleaved with zeros).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PadSpread<TSimd, TVector>(float* gradOutput, float* padded, int outputHeight, int outputWidth, int rows, int columns)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;

        // Lane i of the pair (low, high) is position p = i or lanes + i of the spread row: output lane p / 2 when p is
        // even, else a lane of the zero register.
        var indices = stackalloc int[2 * lanes];
        for (var position = 0; position < 2 * lanes; position++)
        {
            indices[position] = position % 2 == 0 ? position / 2 : lanes;
        }

        var zero = TSimd.Zero;
        var written = Margin + (2 * RoundUp(outputWidth, lanes));
        var lastColumn = (outputWidth - 1) / lanes * lanes;
        var lastMask = TSimd.LaneMask(0, outputWidth - lastColumn);
        for (var row = 0; row < rows; row++)
        {
            var destination = padded + ((nint)row * columns);
            var outputRow = row - 1;
            if (outputRow < 0 || outputRow >= outputHeight)
            {
                new Span<float>(destination, columns).Clear();
                continue;
            }

            var source = gradOutput + ((nint)outputRow * outputWidth);
            destination[0] = 0f;
            destination[1] = 0f;
            for (var column = 0; column <= lastColumn; column += lanes)
            {
                var gradient = column < lastColumn ? TSimd.Load(source + column) : TSimd.LoadMasked(source + column, lastMask);
                TSimd.Store(TSimd.Permute(gradient, zero, indices), destination + Margin + (2 * column));
                TSimd.Store(TSimd.Permute(gradient, zero, indices + lanes), destination + Margin + (2 * column) + lanes);
            }

            new Span<float>(destination + written, columns - written).Clear();
        }
    }

    // Σ values[0 … length): four register chains (register i of each group of four to chain i), the registers left over
    // in chain 0 and a masked last register in chain 1, the chains added in order, then the lanes in lane order.
    private static float Sum<TSimd, TVector>(float* values, nint length)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = TSimd.Count;
        var one = TSimd.Broadcast(1f);
        var sum0 = TSimd.Zero;
        var sum1 = sum0;
        var sum2 = sum0;
        var sum3 = sum0;
        nint i = 0;
        for (; i <= length - (4 * lanes); i += 4 * lanes)
        {
            sum0 = TSimd.MultiplyAdd(TSimd.Load(values + i), one, sum0);
            sum1 = TSimd.MultiplyAdd(TSimd.Load(values + i + lanes), one, sum1);
            sum2 = TSimd.MultiplyAdd(TSimd.Load(values + i + (2 * lanes)), one, sum2);
            sum3 = TSimd.MultiplyAdd(TSimd.Load(values + i + (3 * lanes)), one, sum3);
        }

        for (; i <= length - lanes; i += lanes)
        {
            sum0 = TSimd.MultiplyAdd(TSimd.Load(values + i), one, sum0);
        }

        if (i < length)
        {
            sum1 = TSimd.MultiplyAdd(TSimd.LoadMasked(values + i, TSimd.LaneMask(0, (int)(length - i))), one, sum1);
        }

        // The lanes are read from the register's own storage: no stackalloc, whose clearing is a call.
        var sum = TSimd.MultiplyAdd(sum3, one, TSimd.MultiplyAdd(sum2, one, TSimd.MultiplyAdd(sum1, one, sum0)));
        ref var lane0 = ref Unsafe.As<TVector, float>(ref sum);
        var total = 0f;
        for (var lane = 0; lane < lanes; lane++)
        {
            total += Unsafe.Add(ref lane0, lane);
        }

        return total;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
