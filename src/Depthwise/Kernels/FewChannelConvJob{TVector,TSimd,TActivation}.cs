using System.Runtime.CompilerServices;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// The work items of <see cref="FewChannelConvKernel"/>: (image, tile of output rows). An item copies the input rows
/// its output rows read into a zero-padded, phase-split band, then computes every output channel of those rows in
/// blocks of 8 channels × 2 registers of pixels.
/// </summary>
/// <typeparam name="TVector">The register type.</typeparam>
/// <typeparam name="TSimd">Operations on <typeparamref name="TVector"/>.</typeparam>
/// <typeparam name="TActivation">The fused activation.</typeparam>
internal readonly unsafe struct FewChannelConvJob<TVector, TSimd, TActivation> : IWorkItem
    where TVector : struct
    where TSimd : struct, ISimdFloat<TVector>
    where TActivation : struct, IActivationOperator<TActivation>
{
    // Pixels of one channels-last block: 8 pixels × 2 registers = 16 accumulators, 16 FMAs per tap against 2 weight
    // loads and 8 broadcasts (enough independent chains for two 4-cycle FMA pipes).
    private const int ChannelsLastPixels = 8;

    private readonly float* _input;
    private readonly float* _packed;
    private readonly float* _output;
    private readonly FewChannelConvShape _shape;
    private readonly TActivation _activation;
    private readonly int _tilesPerImage;

    /// <summary>Plans the items.</summary>
    /// <param name="input">Input (N, Cin, H, W), pinned.</param>
    /// <param name="packed">Bias and weights packed per block of 8 output channels (see <see cref="FewChannelConvKernel"/>), or
    /// channels-last (<see cref="FewChannelConvKernel.PackWeightsChannelsLast"/>).</param>
    /// <param name="output">Output (N, Cout, Ho, Wo), or (N, Ho, Wo, Cout) when <c>shape.ChannelsLast</c>, pinned.</param>
    /// <param name="shape">Sizes; <c>Lanes</c> must be <typeparamref name="TSimd"/>'s count.</param>
    /// <param name="activation">The fused activation.</param>
    public FewChannelConvJob(float* input, float* packed, float* output, in FewChannelConvShape shape, TActivation activation)
    {
        _input = input;
        _packed = packed;
        _output = output;
        _shape = shape;
        _activation = activation;
        _tilesPerImage = (shape.Geometry.OutputHeight + shape.TileRows - 1) / shape.TileRows;
        Items = checked(shape.Batch * _tilesPerImage);
    }

    /// <summary>Work items: images × row tiles.</summary>
    public int Items { get; }

    /// <summary>Computes the output rows of item <paramref name="item"/> for every output channel.</summary>
    /// <param name="item">image · tiles + tile.</param>
    public void Execute(int item)
    {
        // input rows (Cin, band, W) of one image → output rows (Cout, tile, Wo) of it
        var shape = _shape;
        var geometry = shape.Geometry;
        var image = item / _tilesPerImage;
        var firstRow = item % _tilesPerImage * shape.TileRows;
        var endRow = Math.Min(firstRow + shape.TileRows, geometry.OutputHeight);
        if (shape.ChannelsLast)
        {
            ChannelsLastRows(image, firstRow, endRow, _output + ((((nint)image * geometry.OutputHeight) + firstRow) * geometry.OutputWidth * shape.OutputChannels), shape.OutputChannels);
            return;
        }

        var band = FillBand(image, firstRow, endRow, out var bandRows, out var rowLength);
        var phases = geometry.Stride.Width;
        var tapOffsets = stackalloc nint[geometry.Kernel.Width];
        TapOffsets(rowLength, tapOffsets);
        var blockWidth = 2 * TSimd.Count;
        var outputWidth = geometry.OutputWidth;
        var blocks = (shape.OutputChannels + FewChannelConvKernel.ChannelBlock - 1) / FewChannelConvKernel.ChannelBlock;
        var depth = shape.InputChannels * geometry.Taps;
        // Channel blocks outside rows: the stores then run down 8 output planes at a time, few enough streams for the
        // hardware prefetcher to fetch the output's lines ahead (the stem writes 1.6 MB into a buffer last touched one
        // inference earlier); the band, re-read per block, stays in L2.
        for (var block = 0; block < blocks; block++)
        {
            var weights = _packed + ((nint)block * (depth + 1) * FewChannelConvKernel.ChannelBlock);
            var firstChannel = block * FewChannelConvKernel.ChannelBlock;
            for (var row = firstRow; row < endRow; row++)
            {
                var bandRow = band + ((nint)(row - firstRow) * geometry.Stride.Height * phases * rowLength);
                var outputRow = _output + ((((nint)image * shape.OutputChannels) + firstChannel) * geometry.OutputPixels) + ((nint)row * outputWidth);
                var channels = Math.Min(FewChannelConvKernel.ChannelBlock, shape.OutputChannels - firstChannel);
                var column = 0;
                for (; column + blockWidth <= outputWidth; column += blockWidth)
                {
                    Block<GemmCount.Two>(bandRow + column, bandRows, phases * rowLength, tapOffsets, weights, outputRow + column, geometry.OutputPixels, channels, blockWidth);
                }

                // The rest: one register when it fits (112 = 3·32 + 16), else a pair pulled back to end at the row's
                // end (recomputing a few pixels with identical values); rows narrower than a pair are stored in part.
                var rest = outputWidth - column;
                if (rest > TSimd.Count)
                {
                    var start = Math.Max(0, outputWidth - blockWidth);
                    Block<GemmCount.Two>(bandRow + start, bandRows, phases * rowLength, tapOffsets, weights, outputRow + start, geometry.OutputPixels, channels, Math.Min(blockWidth, outputWidth));
                }
                else if (rest > 0)
                {
                    var start = Math.Max(0, outputWidth - TSimd.Count);
                    Block<GemmCount.One>(bandRow + start, bandRows, phases * rowLength, tapOffsets, weights, outputRow + start, geometry.OutputPixels, channels, Math.Min(TSimd.Count, outputWidth));
                }
            }
        }
    }

    // Channels-last output (N, Ho, Wo, Cout): registers hold output channels, two per block (2·lanes channels) beside
    // eight pixels, each band value broadcast into both; the band's phase split makes a block's eight input values of a
    // tap neighbours. Each element is still its bias and then one FMA per (input channel, ky, kx) in that order, the
    // planar blocks' bits.
    // `outputRows` is output row firstRow's pixel 0 and its pixels are `pixelStride` floats apart (Cout, or more in a
    // fused block's expanded rows: SeparableConvExpansion.Stem), rows Wo pixels apart.
    public void ChannelsLastRows(int image, int firstRow, int endRow, float* outputRows, nint pixelStride)
    {
        // input rows (Cin, band, W) of one image → output rows (rows, Wo, Cout) of it, pixels pixelStride apart
        var shape = _shape;
        var geometry = shape.Geometry;
        var band = FillBand(image, firstRow, endRow, out var bandRows, out var rowLength);
        var tapOffsets = stackalloc nint[geometry.Kernel.Width];
        TapOffsets(rowLength, tapOffsets);
        var phases = geometry.Stride.Width;
        var outputWidth = geometry.OutputWidth;
        var outputChannels = shape.OutputChannels;
        var weightRow = FewChannelConvKernel.ChannelsLastRowLength(outputChannels);
        var pairWidth = 2 * TSimd.Count;
        for (var row = firstRow; row < endRow; row++)
        {
            var bandRow = band + ((nint)(row - firstRow) * geometry.Stride.Height * phases * rowLength);
            var outputRow = outputRows + ((nint)(row - firstRow) * outputWidth * pixelStride);
            for (var firstChannel = 0; firstChannel < outputChannels; firstChannel += pairWidth)
            {
                var channels = Math.Min(pairWidth, outputChannels - firstChannel);
                var column = 0;
                for (; column + ChannelsLastPixels <= outputWidth; column += ChannelsLastPixels)
                {
                    ChannelsLastBlock(
                        bandRow + column, bandRows, phases * rowLength, tapOffsets, _packed + firstChannel, weightRow, outputRow + ((nint)column * pixelStride) + firstChannel, pixelStride, channels);
                }

                for (; column < outputWidth; column++)
                {
                    ChannelsLastPixel(
                        bandRow + column, bandRows, phases * rowLength, tapOffsets, _packed + firstChannel, weightRow, outputRow + ((nint)column * pixelStride) + firstChannel, channels);
                }
            }
        }
    }

    // Tap kx of output column x reads band phase (kx·dW) mod sW at column x + (kx·dW) div sW.
    private void TapOffsets(int rowLength, nint* tapOffsets)
    {
        var geometry = _shape.Geometry;
        var phases = geometry.Stride.Width;
        for (var kernelColumn = 0; kernelColumn < geometry.Kernel.Width; kernelColumn++)
        {
            var reach = kernelColumn * geometry.Dilation.Width;
            tapOffsets[kernelColumn] = ((reach % phases) * (nint)rowLength) + (reach / phases);
        }
    }

    // Eight output pixels from `band` (the row's band at the block's first column) × the 2·lanes channels whose weights
    // start at `weights` (rows `weightRow` apart, the bias first) → `output` (pixels `pixelStride` apart), storing `channels`.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChannelsLastBlock(float* band, int bandRows, nint bandRowStride, nint* tapOffsets, float* weights, int weightRow, float* output, nint pixelStride, int channels)
    {
        var geometry = _shape.Geometry;
        var lanes = TSimd.Count;
        var a0 = TSimd.Load(weights);
        var b0 = TSimd.Load(weights + lanes);
        TVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        TVector b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, b7 = b0;
        var w = weights + weightRow;
        var kernelWidth = geometry.Kernel.Width;
        var rowStep = geometry.Dilation.Height * bandRowStride;
        for (var channel = 0; channel < _shape.InputChannels; channel++)
        {
            var rowPointer = band + ((nint)channel * bandRows * bandRowStride);
            for (var kernelRow = 0; kernelRow < geometry.Kernel.Height; kernelRow++, rowPointer += rowStep)
            {
                for (var kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++, w += weightRow)
                {
                    var source = rowPointer + tapOffsets[kernelColumn];
                    var low = TSimd.Load(w);
                    var high = TSimd.Load(w + lanes);
                    var x = TSimd.Broadcast(source[0]);
                    a0 = TSimd.MultiplyAdd(x, low, a0);
                    b0 = TSimd.MultiplyAdd(x, high, b0);
                    x = TSimd.Broadcast(source[1]);
                    a1 = TSimd.MultiplyAdd(x, low, a1);
                    b1 = TSimd.MultiplyAdd(x, high, b1);
                    x = TSimd.Broadcast(source[2]);
                    a2 = TSimd.MultiplyAdd(x, low, a2);
                    b2 = TSimd.MultiplyAdd(x, high, b2);
                    x = TSimd.Broadcast(source[3]);
                    a3 = TSimd.MultiplyAdd(x, low, a3);
                    b3 = TSimd.MultiplyAdd(x, high, b3);
                    x = TSimd.Broadcast(source[4]);
                    a4 = TSimd.MultiplyAdd(x, low, a4);
                    b4 = TSimd.MultiplyAdd(x, high, b4);
                    x = TSimd.Broadcast(source[5]);
                    a5 = TSimd.MultiplyAdd(x, low, a5);
                    b5 = TSimd.MultiplyAdd(x, high, b5);
                    x = TSimd.Broadcast(source[6]);
                    a6 = TSimd.MultiplyAdd(x, low, a6);
                    b6 = TSimd.MultiplyAdd(x, high, b6);
                    x = TSimd.Broadcast(source[7]);
                    a7 = TSimd.MultiplyAdd(x, low, a7);
                    b7 = TSimd.MultiplyAdd(x, high, b7);
                }
            }
        }

        StorePixel(a0, b0, output, channels);
        StorePixel(a1, b1, output + pixelStride, channels);
        StorePixel(a2, b2, output + (2 * pixelStride), channels);
        StorePixel(a3, b3, output + (3 * pixelStride), channels);
        StorePixel(a4, b4, output + (4 * pixelStride), channels);
        StorePixel(a5, b5, output + (5 * pixelStride), channels);
        StorePixel(a6, b6, output + (6 * pixelStride), channels);
        StorePixel(a7, b7, output + (7 * pixelStride), channels);
    }

    // One output pixel of a channels-last row's rest (rows not a multiple of eight wide), as ChannelsLastBlock.
    private void ChannelsLastPixel(float* band, int bandRows, nint bandRowStride, nint* tapOffsets, float* weights, int weightRow, float* output, int channels)
    {
        var geometry = _shape.Geometry;
        var lanes = TSimd.Count;
        var low = TSimd.Load(weights);
        var high = TSimd.Load(weights + lanes);
        var w = weights + weightRow;
        var rowStep = geometry.Dilation.Height * bandRowStride;
        for (var channel = 0; channel < _shape.InputChannels; channel++)
        {
            var rowPointer = band + ((nint)channel * bandRows * bandRowStride);
            for (var kernelRow = 0; kernelRow < geometry.Kernel.Height; kernelRow++, rowPointer += rowStep)
            {
                for (var kernelColumn = 0; kernelColumn < geometry.Kernel.Width; kernelColumn++, w += weightRow)
                {
                    var x = TSimd.Broadcast(rowPointer[tapOffsets[kernelColumn]]);
                    low = TSimd.MultiplyAdd(x, TSimd.Load(w), low);
                    high = TSimd.MultiplyAdd(x, TSimd.Load(w + lanes), high);
                }
            }
        }

        StorePixel(low, high, output, channels);
    }

    // The activated pair of channel registers → the first `channels` channels of one channels-last pixel.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StorePixel(TVector low, TVector high, float* output, int channels)
    {
        var lanes = TSimd.Count;
        low = TSimd.Activate(low, _activation);
        high = TSimd.Activate(high, _activation);
        if (channels == 2 * lanes)
        {
            TSimd.Store(low, output);
            TSimd.Store(high, output + lanes);
            return;
        }

        TSimd.StoreFirst(low, output, Math.Min(channels, lanes));
        if (channels > lanes)
        {
            TSimd.StoreFirst(high, output + lanes, channels - lanes);
        }
    }

    // Copies input rows [firstRow·sH − padTop, … + bandRows) of every input channel into the band: per channel and row,
    // `phases` rows of rowLength floats, phase p holding padded columns p, p + s, …; rows and columns outside the image are zeros.
    // Returns this thread's band scratch holding them, with its rows per channel and its phase rows' length.
    private float* FillBand(int image, int firstRow, int endRow, out int bandRowCount, out int phaseRowLength)
    {
        var geometry = _shape.Geometry;
        var bandRows = (int)FewChannelConvKernel.BandRows(geometry, endRow - firstRow);
        var rowLength = FewChannelConvKernel.BandRowLength(geometry, TSimd.Count);
        (bandRowCount, phaseRowLength) = (bandRows, rowLength);
        var band = FewChannelConvKernel.BandScratch((nint)_shape.InputChannels * bandRows * geometry.Stride.Width * rowLength);
        var phases = geometry.Stride.Width;
        var width = geometry.InputWidth;
        for (var channel = 0; channel < _shape.InputChannels; channel++)
        {
            var plane = _input + ((((nint)image * _shape.InputChannels) + channel) * geometry.InputHeight * width);
            for (var bandRow = 0; bandRow < bandRows; bandRow++)
            {
                var destination = band + ((((nint)channel * bandRows) + bandRow) * phases * rowLength);
                var inputRow = geometry.InputRowOrigin(firstRow) + bandRow;
                if ((uint)inputRow >= (uint)geometry.InputHeight)
                {
                    new Span<float>(destination, phases * rowLength).Clear();
                    continue;
                }

                var source = plane + ((nint)inputRow * width);
                if (phases == 2)
                {
                    FillPhasePair(source, width, destination, destination + rowLength, rowLength, geometry.PadLeft);
                    continue;
                }

                for (var phase = 0; phase < phases; phase++)
                {
                    // Phase column j holds input column j·s + phase − padLeft: inside the image for j in [first, end).
                    var phaseRow = destination + ((nint)phase * rowLength);
                    var (first, end) = Im2Col.ValidOutputRange(rowLength, width, phases, phase - geometry.PadLeft);
                    new Span<float>(phaseRow, first).Clear();
                    var offset = phase - geometry.PadLeft;
                    if (phases == 1)
                    {
                        new ReadOnlySpan<float>(source + first + offset, end - first).CopyTo(new Span<float>(phaseRow + first, end - first));
                    }
                    else
                    {
                        for (var j = first; j < end; j++)
                        {
                            phaseRow[j] = source[(j * phases) + offset];
                        }
                    }

                    new Span<float>(phaseRow + end, rowLength - end).Clear();
                }
            }
        }

        return band;
    }

    // Stride 2 (the stems): phase p, index j holds input column 2j + p − padLeft. Columns `first` + 2i and
    // `first` + 2i + 1 (first + padLeft even) land at the same index `start` + i of both phases, so whole registers
    // of column pairs split into their even and odd lanes; an unpaired column at either end is copied alone.
    private static void FillPhasePair(float* source, int width, float* even, float* odd, int rowLength, int padLeft)
    {
        var first = padLeft & 1;
        var pairIndex = (first + padLeft) / 2;
        var start = Math.Min(pairIndex, rowLength);
        var pairs = Math.Max(0, Math.Min((width - first) / 2, rowLength - start));
        var lanes = TSimd.Count;
        var i = 0;
        for (; i + lanes <= pairs; i += lanes)
        {
            var low = TSimd.Load(source + first + (2 * i));
            var high = TSimd.Load(source + first + (2 * i) + lanes);
            TSimd.Store(TSimd.EvenLanes(low, high), even + start + i);
            TSimd.Store(TSimd.OddLanes(low, high), odd + start + i);
        }

        // The last pairs: one register pulled back to end at the last pair (rewriting a few with the same values).
        if (i < pairs && pairs >= lanes)
        {
            i = pairs - lanes;
            var low = TSimd.Load(source + first + (2 * i));
            var high = TSimd.Load(source + first + (2 * i) + lanes);
            TSimd.Store(TSimd.EvenLanes(low, high), even + start + i);
            TSimd.Store(TSimd.OddLanes(low, high), odd + start + i);
            i = pairs;
        }

        for (; i < pairs; i++)
        {
            even[start + i] = source[first + (2 * i)];
            odd[start + i] = source[first + (2 * i) + 1];
        }

        // The even phase may end with the unpaired last column; the odd phase may start with column 0 (odd padLeft).
        var evenEnd = start + pairs;
        if (first + (2 * pairs) < width && evenEnd < rowLength)
        {
            even[evenEnd++] = source[first + (2 * pairs)];
        }

        var oddStart = start;
        if (first == 1 && pairIndex - 1 < rowLength)
        {
            oddStart = pairIndex - 1;
            odd[oddStart] = source[0];
        }

        Zero(even, 0, start);
        Zero(even, evenEnd, rowLength);
        Zero(odd, 0, oddStart);
        Zero(odd, start + pairs, rowLength);
    }

    // row[first, end) = 0: the padding columns of a phase row, usually one or two (a call to Span.Clear costs more).
    private static void Zero(float* row, int first, int end)
    {
        for (var j = first; j < end; j++)
        {
            row[j] = 0f;
        }
    }

    // One block: 8 output channels × TVectors (1 or 2) registers of output pixels starting at `band` (the row's band
    // offset by the block's first column) → stored at `output` (channel c at output + c·planeStride) for the first
    // `channels` channels and `width` pixels.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Block<TVectors>(float* band, int bandRows, nint bandRowStride, nint* tapOffsets, float* weights, float* output, long planeStride, int channels, int width)
        where TVectors : struct, IGemmCount
    {
        var geometry = _shape.Geometry;
        var lanes = TSimd.Count;
        var a0 = TSimd.Broadcast(weights[0]);
        var a1 = TSimd.Broadcast(weights[1]);
        var a2 = TSimd.Broadcast(weights[2]);
        var a3 = TSimd.Broadcast(weights[3]);
        var a4 = TSimd.Broadcast(weights[4]);
        var a5 = TSimd.Broadcast(weights[5]);
        var a6 = TSimd.Broadcast(weights[6]);
        var a7 = TSimd.Broadcast(weights[7]);
        var b0 = a0;
        var b1 = a1;
        var b2 = a2;
        var b3 = a3;
        var b4 = a4;
        var b5 = a5;
        var b6 = a6;
        var b7 = a7;
        var w = weights + FewChannelConvKernel.ChannelBlock;
        var kernelWidth = geometry.Kernel.Width;
        var rowStep = geometry.Dilation.Height * bandRowStride;
        for (var channel = 0; channel < _shape.InputChannels; channel++)
        {
            var rowPointer = band + ((nint)channel * bandRows * bandRowStride);
            for (var kernelRow = 0; kernelRow < geometry.Kernel.Height; kernelRow++, rowPointer += rowStep)
            {
                for (var kernelColumn = 0; kernelColumn < kernelWidth; kernelColumn++, w += FewChannelConvKernel.ChannelBlock)
                {
                    var source = rowPointer + tapOffsets[kernelColumn];
                    var x0 = TSimd.Load(source);
                    var x1 = TVectors.Value == 2 ? TSimd.Load(source + lanes) : x0;
                    var weight = TSimd.Broadcast(w[0]);
                    a0 = TSimd.MultiplyAdd(x0, weight, a0);
                    if (TVectors.Value == 2)
                    {
                        b0 = TSimd.MultiplyAdd(x1, weight, b0);
                    }

                    weight = TSimd.Broadcast(w[1]);
                    a1 = TSimd.MultiplyAdd(x0, weight, a1);
                    if (TVectors.Value == 2)
                    {
                        b1 = TSimd.MultiplyAdd(x1, weight, b1);
                    }

                    weight = TSimd.Broadcast(w[2]);
                    a2 = TSimd.MultiplyAdd(x0, weight, a2);
                    if (TVectors.Value == 2)
                    {
                        b2 = TSimd.MultiplyAdd(x1, weight, b2);
                    }

                    weight = TSimd.Broadcast(w[3]);
                    a3 = TSimd.MultiplyAdd(x0, weight, a3);
                    if (TVectors.Value == 2)
                    {
                        b3 = TSimd.MultiplyAdd(x1, weight, b3);
                    }

                    weight = TSimd.Broadcast(w[4]);
                    a4 = TSimd.MultiplyAdd(x0, weight, a4);
                    if (TVectors.Value == 2)
                    {
                        b4 = TSimd.MultiplyAdd(x1, weight, b4);
                    }

                    weight = TSimd.Broadcast(w[5]);
                    a5 = TSimd.MultiplyAdd(x0, weight, a5);
                    if (TVectors.Value == 2)
                    {
                        b5 = TSimd.MultiplyAdd(x1, weight, b5);
                    }

                    weight = TSimd.Broadcast(w[6]);
                    a6 = TSimd.MultiplyAdd(x0, weight, a6);
                    if (TVectors.Value == 2)
                    {
                        b6 = TSimd.MultiplyAdd(x1, weight, b6);
                    }

                    weight = TSimd.Broadcast(w[7]);
                    a7 = TSimd.MultiplyAdd(x0, weight, a7);
                    if (TVectors.Value == 2)
                    {
                        b7 = TSimd.MultiplyAdd(x1, weight, b7);
                    }
                }
            }
        }

        Store<TVectors>(a0, b0, output, width);
        if (channels > 1)
        {
            Store<TVectors>(a1, b1, output + planeStride, width);
        }

        if (channels > 2)
        {
            Store<TVectors>(a2, b2, output + (2 * planeStride), width);
        }

        if (channels > 3)
        {
            Store<TVectors>(a3, b3, output + (3 * planeStride), width);
        }

        if (channels > 4)
        {
            Store<TVectors>(a4, b4, output + (4 * planeStride), width);
        }

        if (channels > 5)
        {
            Store<TVectors>(a5, b5, output + (5 * planeStride), width);
        }

        if (channels > 6)
        {
            Store<TVectors>(a6, b6, output + (6 * planeStride), width);
        }

        if (channels > 7)
        {
            Store<TVectors>(a7, b7, output + (7 * planeStride), width);
        }
    }

    // The activated registers (`high` only when TVectors is 2) → `width` pixels at `output` (all of them but in rows
    // narrower than a block).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store<TVectors>(TVector low, TVector high, float* output, int width)
        where TVectors : struct, IGemmCount
    {
        var lanes = TSimd.Count;
        low = TSimd.Activate(low, _activation);
        if (TVectors.Value == 1)
        {
            if (width == lanes)
            {
                TSimd.Store(low, output);
            }
            else
            {
                TSimd.StoreFirst(low, output, width);
            }

            return;
        }

        high = TSimd.Activate(high, _activation);
        if (width == 2 * lanes)
        {
            TSimd.Store(low, output);
            TSimd.Store(high, output + lanes);
            return;
        }

        TSimd.StoreFirst(low, output, Math.Min(width, lanes));
        if (width > lanes)
        {
            TSimd.StoreFirst(high, output + lanes, width - lanes);
        }
    }
}
