using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// One backward work item: one band of rows of one image and one block of input channels. It converts the block's output gradients (one plane per depth multiplier) and input from NCHW planes (16×16 register
/// transposes) or NHWC pixels (one register per pixel) into zero-padded blocked planes in per-thread scratch, runs the
/// body, sums the output gradients for the bias, and stores the input gradient back into the caller's layout
/// (transposed into planes, or one register per pixel).
/// </summary>
internal readonly unsafe struct DepthwiseBackwardWork<TSimd, TVector>(in DepthwiseBackwardJob job) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
{
    private readonly DepthwiseBackwardJob _job = job;

    public void Execute(int item)
    {
        // gradOutput (N, C*M, Ho, Wo), input (N, C, H, W), packed weights → gradInput rows of band, image n, channel block b; partial sums of item
        var job = _job;
        var image = item / (job.Bands * job.Blocks);
        var band = item / job.Blocks % job.Bands;
        var block = item % job.Blocks;
        var geometry = job.Geometry;
        var planes = job.Planes;
        var lanes = TSimd.Count;
        var channels = job.Channels;
        var multiplier = job.DepthMultiplier;
        var outputChannels = channels * multiplier;
        var taps = geometry.Taps;
        var height = geometry.InputHeight;
        var width = geometry.InputWidth;
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var scratch = DepthwiseScratch.Band((nint)planes.Floats);
        var gradOutputPlane = scratch;
        var gradOutputPlaneStride = (nint)planes.GradOutputFloats;
        var inputPlane = gradOutputPlane + (multiplier * gradOutputPlaneStride);
        var gradInputPlane = inputPlane + planes.InputFloats;
        var flat = gradInputPlane + planes.InputFloats;
        var gradOutputRowStride = (nint)planes.GradOutputColumns * lanes;
        var rowStride = (nint)planes.InputColumns * lanes;

        // NHWC whose channel count is not a multiple of the lanes: the last block overlaps the one before (same values,
        // computed twice) and uses the packed tail block of weights, which holds exactly the last `lanes` channels.
        var tail = !job.Planar && block == job.Blocks - 1 && channels % lanes != 0;
        var firstChannel = tail ? channels - lanes : block * lanes;
        var realLanes = Math.Min(lanes, channels - firstChannel);
        var weights = job.Weights + ((nint)(tail ? job.Blocks : block) * multiplier * taps * lanes);
        var partial = job.Partials + ((nint)item * job.PartialLength);
        var biasSums = partial + (multiplier * taps * lanes);
        new Span<float>(partial, job.PartialLength).Clear();

        var inputImage = (nint)height * width;
        var outputImage = (nint)outputHeight * outputWidth;
        var inputPlanes = stackalloc float*[lanes];
        var gradInputPlanes = stackalloc float*[lanes];
        var gradOutputPlanes = stackalloc float*[lanes * multiplier];
        if (job.Planar)
        {
            // Lanes past the last channel repeat it (real data, so nothing faults or turns into NaN) and are never stored.
            for (var lane = 0; lane < lanes; lane++)
            {
                var channel = (nint)firstChannel + Math.Min(lane, realLanes - 1);
                inputPlanes[lane] = job.Input + ((((nint)image * channels) + channel) * inputImage);
                gradInputPlanes[lane] = job.GradInput + ((((nint)image * channels) + channel) * inputImage);
                for (var multiple = 0; multiple < multiplier; multiple++)
                {
                    gradOutputPlanes[(multiple * lanes) + lane] = job.GradOutput + ((((nint)image * outputChannels) + (channel * multiplier) + multiple) * outputImage);
                }
            }
        }

        var (firstRow, endRow) = planes.InputRowsOf(band);
        var (gradOutputFirst, gradOutputEnd) = planes.GradOutputRowsOf(band);
        for (var multiple = 0; multiple < multiplier; multiple++)
        {
            var destination = gradOutputPlane + (multiple * gradOutputPlaneStride);
            if (job.Planar)
            {
                var source = new PlanarRows(gradOutputPlanes + (multiple * lanes), outputHeight, outputWidth, flat);
                Fill(ref source, destination, gradOutputRowStride, gradOutputFirst, gradOutputEnd, planes.GradOutputColumnOffset, planes.GradOutputColumns);
            }
            else
            {
                var source = new ChannelsLastRows(
                    job.GradOutput + (image * outputImage * outputChannels) + ((nint)firstChannel * multiplier) + multiple, outputChannels, multiplier, outputHeight, outputWidth);
                Fill(ref source, destination, gradOutputRowStride, gradOutputFirst, gradOutputEnd, planes.GradOutputColumnOffset, planes.GradOutputColumns);
            }
        }

        if (job.Planar)
        {
            var source = new PlanarRows(inputPlanes, height, width, flat);
            Fill(ref source, inputPlane, rowStride, firstRow, endRow, 0, planes.InputColumns);
        }
        else
        {
            var source = new ChannelsLastRows(job.Input + (image * inputImage * channels) + firstChannel, channels, 1, height, width);
            Fill(ref source, inputPlane, rowStride, firstRow, endRow, 0, planes.InputColumns);
        }

        // The bodies index the planes by image row: origins at image row 0, outside the band's scratch but never read there.
        var gradOutputOrigin = gradOutputPlane - (gradOutputFirst * gradOutputRowStride) + (planes.GradOutputColumnOffset * lanes);
        var inputOrigin = inputPlane - (firstRow * rowStride);
        var gradInputOrigin = gradInputPlane - (firstRow * rowStride);
        if (job.Body == DepthwiseBackwardBody.Gather3x3)
        {
            DepthwiseBackwardBlockedKernel.Gather3x3<TSimd, TVector>(
                gradOutputOrigin,
                gradOutputRowStride,
                gradOutputPlaneStride,
                multiplier,
                inputOrigin,
                gradInputOrigin,
                rowStride,
                weights,
                partial,
                firstRow,
                endRow,
                planes.PhaseColumns,
                geometry.PadTop,
                geometry.PadLeft);
        }
        else
        {
            DepthwiseBackwardBlockedKernel.GatherGeneric<TSimd, TVector>(
                gradOutputOrigin,
                gradOutputRowStride,
                gradOutputPlaneStride,
                multiplier,
                inputOrigin,
                gradInputOrigin,
                rowStride,
                weights,
                partial,
                firstRow,
                endRow,
                planes.PhaseColumns,
                geometry.PadTop,
                geometry.PadLeft,
                geometry.Kernel,
                geometry.Stride,
                geometry.Dilation);
        }

        var (biasFirst, biasEnd) = planes.BiasRowsOf(band);
        for (var multiple = 0; multiple < multiplier; multiple++)
        {
            DepthwiseBackwardBlockedKernel.SumPixels<TSimd, TVector>(
                gradOutputOrigin + (multiple * gradOutputPlaneStride) + (biasFirst * gradOutputRowStride), gradOutputRowStride, biasEnd - biasFirst, outputWidth, biasSums + (multiple * lanes));
        }

        if (job.Planar)
        {
            StorePlanar(gradInputOrigin, rowStride, gradInputPlanes, firstRow, endRow, width, realLanes);
        }
        else
        {
            StoreChannelsLast(gradInputOrigin, rowStride, job.GradInput + (image * inputImage * channels) + firstChannel, channels, firstRow, endRow, width);
        }
    }

    // Image rows [firstRow, endRow) land in plane rows 0, 1, … at columnOffset; every other pixel of those plane rows
    // (and rows outside the image) is zero.
    private static void Fill<TRows>(ref TRows source, float* plane, nint rowStride, long firstRow, long endRow, long columnOffset, long columns)
        where TRows : struct, IBackwardRows
    {
        var lanes = TSimd.Count;
        source.Prepare((int)Math.Max(0, firstRow), (int)Math.Min(source.Rows, endRow));
        for (var row = firstRow; row < endRow; row++)
        {
            var destination = plane + ((row - firstRow) * rowStride);
            if (row < 0 || row >= source.Rows)
            {
                new Span<TVector>(destination, (int)columns).Clear();
                continue;
            }

            new Span<TVector>(destination, (int)columnOffset).Clear();
            source.ConvertRow((int)row, destination + (columnOffset * lanes));
            var end = columnOffset + source.Columns;
            new Span<TVector>(destination + (end * lanes), (int)(columns - end)).Clear();
        }
    }

    // Blocks of eight pixels of rows [firstRow, endRow) → lanes planes, the last block of a row storing only its pixels.
    private static void StorePlanar(float* origin, nint rowStride, float** planes, int firstRow, int endRow, int width, int realLanes)
    {
        var lanes = TSimd.Count;
        for (var row = firstRow; row < endRow; row++)
        {
            var pixels = origin + (row * rowStride);
            for (var column = 0; column < width; column += DepthwiseConvKernel.PixelsPerBlock)
            {
                var source = pixels + (column * lanes);
                TSimd.StorePlanes(
                    TSimd.Load(source),
                    TSimd.Load(source + lanes),
                    TSimd.Load(source + (2 * lanes)),
                    TSimd.Load(source + (3 * lanes)),
                    TSimd.Load(source + (4 * lanes)),
                    TSimd.Load(source + (5 * lanes)),
                    TSimd.Load(source + (6 * lanes)),
                    TSimd.Load(source + (7 * lanes)),
                    planes,
                    ((nint)row * width) + column,
                    realLanes,
                    Math.Min(DepthwiseConvKernel.PixelsPerBlock, width - column));
            }
        }
    }

    private static void StoreChannelsLast(float* origin, nint rowStride, float* destination, int channels, int firstRow, int endRow, int width)
    {
        var lanes = TSimd.Count;
        for (var row = firstRow; row < endRow; row++)
        {
            var pixels = origin + (row * rowStride);
            var target = destination + ((nint)row * width * channels);
            for (var column = 0; column < width; column++)
            {
                TSimd.Store(TSimd.Load(pixels + (column * lanes)), target + ((nint)column * channels));
            }
        }
    }

    /// <summary>Where a plane's rows come from: converts one image row into blocked pixels.</summary>
    private interface IBackwardRows
    {
        int Rows { get; }

        int Columns { get; }

        /// <summary>Called once before rows [firstRow, endRow) are converted.</summary>
        void Prepare(int firstRow, int endRow);

        void ConvertRow(int row, float* destination);
    }

    /// <summary>
    /// NCHW planes, lane i reading plane i. Rows at least a register wide are transposed in place, 16 pixels at a time
    /// (the last tile pulled back to end at the row's end); narrower rows are transposed once per band as one flat run
    /// of rows·W pixels into <c>flat</c> and copied from there row by row.
    /// </summary>
    private struct PlanarRows(float** planes, int rows, int columns, float* flat) : IBackwardRows
    {
        private int _flatFirstRow;

        public readonly int Rows => rows;

        public readonly int Columns => columns;

        public void Prepare(int firstRow, int endRow)
        {
            var lanes = TSimd.Count;
            _flatFirstRow = firstRow;
            if (columns >= lanes || endRow <= firstRow)
            {
                return;
            }

            var first = (nint)firstRow * columns;
            var pixels = (nint)(endRow - firstRow) * columns;
            if (pixels < lanes)
            {
                for (nint pixel = 0; pixel < pixels; pixel++)
                {
                    for (var lane = 0; lane < lanes; lane++)
                    {
                        flat[(pixel * lanes) + lane] = planes[lane][first + pixel];
                    }
                }

                return;
            }

            for (nint start = 0; start < pixels; start += lanes)
            {
                var tile = Math.Min(start, pixels - lanes);
                TSimd.TransposeToBlocks(planes, first + tile, flat + (tile * lanes));
            }
        }

        public readonly void ConvertRow(int row, float* destination)
        {
            var lanes = TSimd.Count;
            if (columns < lanes)
            {
                var length = (long)columns * lanes * sizeof(float);
                Buffer.MemoryCopy(flat + ((nint)(row - _flatFirstRow) * columns * lanes), destination, length, length);
                return;
            }

            for (var start = 0; start < columns; start += lanes)
            {
                var tile = Math.Min(start, columns - lanes);
                TSimd.TransposeToBlocks(planes, ((nint)row * columns) + tile, destination + (tile * lanes));
            }
        }
    }

    /// <summary>
    /// NHWC pixels: the block's channels of one pixel, <c>laneStride</c> apart (1: one register load; the M output
    /// channels of an input channel are interleaved, so with a depth multiplier the lanes are gathered one by one).
    /// </summary>
    private readonly struct ChannelsLastRows(float* image, int channels, int laneStride, int rows, int columns) : IBackwardRows
    {
        public int Rows => rows;

        public int Columns => columns;

        public void Prepare(int firstRow, int endRow)
        {
        }

        public void ConvertRow(int row, float* destination)
        {
            var lanes = TSimd.Count;
            var source = image + ((nint)row * columns * channels);
            if (laneStride == 1)
            {
                for (var column = 0; column < columns; column++)
                {
                    TSimd.Store(TSimd.Load(source + ((nint)column * channels)), destination + (column * lanes));
                }

                return;
            }

            for (var column = 0; column < columns; column++)
            {
                var pixel = source + ((nint)column * channels);
                for (var lane = 0; lane < lanes; lane++)
                {
                    destination[(column * lanes) + lane] = pixel[lane * laneStride];
                }
            }
        }
    }
}
