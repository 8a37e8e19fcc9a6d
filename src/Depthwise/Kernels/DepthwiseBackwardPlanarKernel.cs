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

    /// <summary>Padded output-gradient rows: every row an input row's taps read, output row o at row o + 2.</summary>
    public static int PaddedRows(in ConvGeometry geometry) => geometry.InputHeight + geometry.PadTop + Margin;

    /// <summary>Padded output-gradient columns: every column the registers of an input row read, output column q at q + 2.</summary>
    public static int PaddedColumns(in ConvGeometry geometry, int lanes) =>
        RoundUp((RoundUp(geometry.InputWidth, lanes) + geometry.PadLeft + Margin), 16);

    // gradOutput plane (Ho, Wo), input plane (H, W), weights (3·3) → gradInput plane (H, W), sums (3·3 + 1) = this
    // plane's weight gradient and bias gradient; padded is scratch of PaddedRows · PaddedColumns floats
    public static void Plane<TSimd, TVector>(float* gradOutput, float* input, float* gradInput, float* weights, float* sums, float* padded, in ConvGeometry geometry)
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

        var one = TSimd.Broadcast(1f);
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
                var gradient = TSimd.Load(kernelRow0 + column);
                var sum0 = TSimd.MultiplyAdd(gradient, weight0, TSimd.Zero);
                gradWeight0 = TSimd.MultiplyAdd(pixels, gradient, gradWeight0);
                gradient = TSimd.Load(kernelRow0 + column - 1);
                sum0 = TSimd.MultiplyAdd(gradient, weight1, sum0);
                gradWeight1 = TSimd.MultiplyAdd(pixels, gradient, gradWeight1);
                gradient = TSimd.Load(kernelRow0 + column - 2);
                sum0 = TSimd.MultiplyAdd(gradient, weight2, sum0);
                gradWeight2 = TSimd.MultiplyAdd(pixels, gradient, gradWeight2);
                gradient = TSimd.Load(kernelRow1 + column);
                var sum1 = TSimd.MultiplyAdd(gradient, weight3, TSimd.Zero);
                gradWeight3 = TSimd.MultiplyAdd(pixels, gradient, gradWeight3);
                gradient = TSimd.Load(kernelRow1 + column - 1);
                sum1 = TSimd.MultiplyAdd(gradient, weight4, sum1);
                gradWeight4 = TSimd.MultiplyAdd(pixels, gradient, gradWeight4);
                gradient = TSimd.Load(kernelRow1 + column - 2);
                sum1 = TSimd.MultiplyAdd(gradient, weight5, sum1);
                gradWeight5 = TSimd.MultiplyAdd(pixels, gradient, gradWeight5);
                gradient = TSimd.Load(kernelRow2 + column);
                var sum2 = TSimd.MultiplyAdd(gradient, weight6, TSimd.Zero);
                gradWeight6 = TSimd.MultiplyAdd(pixels, gradient, gradWeight6);
                gradient = TSimd.Load(kernelRow2 + column - 1);
                sum2 = TSimd.MultiplyAdd(gradient, weight7, sum2);
                gradWeight7 = TSimd.MultiplyAdd(pixels, gradient, gradWeight7);
                gradient = TSimd.Load(kernelRow2 + column - 2);
                sum2 = TSimd.MultiplyAdd(gradient, weight8, sum2);
                gradWeight8 = TSimd.MultiplyAdd(pixels, gradient, gradWeight8);
                var gradInputPixels = TSimd.MultiplyAdd(sum2, one, TSimd.MultiplyAdd(sum1, one, sum0));
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

        sums[0] = FoldLanes<TSimd, TVector>(gradWeight0);
        sums[1] = FoldLanes<TSimd, TVector>(gradWeight1);
        sums[2] = FoldLanes<TSimd, TVector>(gradWeight2);
        sums[3] = FoldLanes<TSimd, TVector>(gradWeight3);
        sums[4] = FoldLanes<TSimd, TVector>(gradWeight4);
        sums[5] = FoldLanes<TSimd, TVector>(gradWeight5);
        sums[6] = FoldLanes<TSimd, TVector>(gradWeight6);
        sums[7] = FoldLanes<TSimd, TVector>(gradWeight7);
        sums[8] = FoldLanes<TSimd, TVector>(gradWeight8);
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

    // Σ values[0 … length): four register chains (register i to chain i mod 4), the remainder in lane order last.
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

        var total = FoldLanes<TSimd, TVector>(TSimd.MultiplyAdd(sum3, one, TSimd.MultiplyAdd(sum2, one, TSimd.MultiplyAdd(sum1, one, sum0))));
        for (; i < length; i++)
        {
            total += values[i];
        }

        return total;
    }

    // Σ of a register's lanes, in lane order.
    private static float FoldLanes<TSimd, TVector>(TVector value)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var lanes = stackalloc float[TSimd.Count];
        TSimd.Store(value, lanes);
        var sum = 0f;
        for (var lane = 0; lane < TSimd.Count; lane++)
        {
            sum += lanes[lane];
        }

        return sum;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
