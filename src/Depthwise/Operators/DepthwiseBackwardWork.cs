using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// One backward work item: one image of one channel block. It converts the block's output gradient and input from
/// NCHW planes (16×16 register transposes) or NHWC pixels (one register per pixel) into zero-padded blocked planes in
/// per-thread scratch, runs the body, sums the output gradient for the bias, and stores the input gradient back into
/// the caller's layout (transposed into planes, or one register per pixel).
/// </summary>
internal readonly unsafe struct DepthwiseBackwardWork<TSimd, TVector>(in DepthwiseBackwardJob job) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
{
    private readonly DepthwiseBackwardJob _job = job;

    public void Execute(int item)
    {
        // gradOutput (N, C, Ho, Wo), input (N, C, H, W), packed weights → gradInput of image n, channel block b; partial sums of item
        var job = _job;
        var image = item / job.Blocks;
        var block = item % job.Blocks;
        var geometry = job.Geometry;
        var planes = job.Planes;
        var lanes = TSimd.Count;
        var channels = job.Channels;
        var height = geometry.InputHeight;
        var width = geometry.InputWidth;
        var outputHeight = geometry.OutputHeight;
        var outputWidth = geometry.OutputWidth;
        var scratch = DepthwiseScratch.Band((nint)planes.Floats);
        var gradOutputPlane = scratch;
        var inputPlane = gradOutputPlane + planes.GradOutputFloats;
        var gradInputPlane = inputPlane + planes.InputFloats;
        var flat = gradInputPlane + planes.InputFloats;
        var gradOutputRowStride = (nint)planes.GradOutputColumns * lanes;
        var rowStride = (nint)planes.InputColumns * lanes;

        // NHWC whose channel count is not a multiple of the lanes: the last block overlaps the one before (same values,
        // computed twice) and uses the packed tail block of weights, which holds exactly the last `lanes` channels.
        var tail = !job.Planar && block == job.Blocks - 1 && channels % lanes != 0;
        var firstChannel = tail ? channels - lanes : block * lanes;
        var realLanes = Math.Min(lanes, channels - firstChannel);
        var weights = job.Weights + ((nint)(tail ? job.Blocks : block) * geometry.Taps * lanes);
        var partial = job.Partials + ((nint)item * job.PartialLength);
        new Span<float>(partial, job.PartialLength).Clear();

        var inputImage = (nint)height * width;
        var outputImage = (nint)outputHeight * outputWidth;
        var inputPlanes = stackalloc float*[lanes];
        var gradOutputPlanes = stackalloc float*[lanes];
        var gradInputPlanes = stackalloc float*[lanes];
        if (job.Planar)
        {
            // Lanes past the last channel repeat it (real data, so nothing faults or turns into NaN) and are never stored.
            for (var lane = 0; lane < lanes; lane++)
            {
                var channel = (nint)firstChannel + Math.Min(lane, realLanes - 1);
                inputPlanes[lane] = job.Input + ((((nint)image * channels) + channel) * inputImage);
                gradInputPlanes[lane] = job.GradInput + ((((nint)image * channels) + channel) * inputImage);
                gradOutputPlanes[lane] = job.GradOutput + ((((nint)image * channels) + channel) * outputImage);
            }

            var gradOutputSource = new PlanarRows(gradOutputPlanes, outputHeight, outputWidth, flat);
            Fill(ref gradOutputSource, gradOutputPlane, gradOutputRowStride, planes.GradOutputRowOffset, planes.GradOutputColumnOffset, planes.GradOutputRows, planes.GradOutputColumns);
            var inputSource = new PlanarRows(inputPlanes, height, width, flat);
            Fill(ref inputSource, inputPlane, rowStride, 0, 0, planes.InputRows, planes.InputColumns);
        }
        else
        {
            var gradOutputSource = new ChannelsLastRows(job.GradOutput + (image * outputImage * channels) + firstChannel, channels, outputHeight, outputWidth);
            Fill(ref gradOutputSource, gradOutputPlane, gradOutputRowStride, planes.GradOutputRowOffset, planes.GradOutputColumnOffset, planes.GradOutputRows, planes.GradOutputColumns);
            var inputSource = new ChannelsLastRows(job.Input + (image * inputImage * channels) + firstChannel, channels, height, width);
            Fill(ref inputSource, inputPlane, rowStride, 0, 0, planes.InputRows, planes.InputColumns);
        }

        var gradOutputOrigin = gradOutputPlane + (planes.GradOutputRowOffset * gradOutputRowStride) + (planes.GradOutputColumnOffset * lanes);
        if (job.Body == DepthwiseBackwardBody.Gather3x3)
        {
            DepthwiseBackwardBlockedKernel.Gather3x3<TSimd, TVector>(
                gradOutputOrigin, gradOutputRowStride, inputPlane, gradInputPlane, rowStride, weights, partial, height, planes.PhaseColumns, geometry.PadTop, geometry.PadLeft);
        }
        else
        {
            DepthwiseBackwardBlockedKernel.GatherGeneric<TSimd, TVector>(
                gradOutputOrigin,
                gradOutputRowStride,
                inputPlane,
                gradInputPlane,
                rowStride,
                weights,
                partial,
                height,
                planes.PhaseColumns,
                geometry.PadTop,
                geometry.PadLeft,
                geometry.Kernel,
                geometry.Stride,
                geometry.Dilation);
        }

        DepthwiseBackwardBlockedKernel.SumPixels<TSimd, TVector>(gradOutputOrigin, gradOutputRowStride, outputHeight, outputWidth, partial + (geometry.Taps * lanes));

        if (job.Planar)
        {
            StorePlanar(gradInputPlane, rowStride, gradInputPlanes, height, width, realLanes);
        }
        else
        {
            StoreChannelsLast(gradInputPlane, rowStride, job.GradInput + (image * inputImage * channels) + firstChannel, channels, height, width);
        }
    }

    // Image rows and columns land at (rowOffset, columnOffset) of the plane; every other pixel of it is zero.
    private static void Fill<TRows>(ref TRows source, float* plane, nint rowStride, long rowOffset, long columnOffset, long rows, long columns)
        where TRows : struct, IBackwardRows
    {
        var lanes = TSimd.Count;
        source.Prepare();
        for (long row = 0; row < rows; row++)
        {
            var destination = plane + (row * rowStride);
            var imageRow = row - rowOffset;
            if (imageRow < 0 || imageRow >= source.Rows)
            {
                new Span<TVector>(destination, (int)columns).Clear();
                continue;
            }

            new Span<TVector>(destination, (int)columnOffset).Clear();
            source.ConvertRow((int)imageRow, destination + (columnOffset * lanes));
            var end = columnOffset + source.Columns;
            new Span<TVector>(destination + (end * lanes), (int)(columns - end)).Clear();
        }
    }

    // Blocks of eight pixels → lanes planes, the last block of a row storing only its pixels.
    private static void StorePlanar(float* origin, nint rowStride, float** planes, int height, int width, int realLanes)
    {
        var lanes = TSimd.Count;
        for (var row = 0; row < height; row++)
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

    private static void StoreChannelsLast(float* origin, nint rowStride, float* destination, int channels, int height, int width)
    {
        var lanes = TSimd.Count;
        for (var row = 0; row < height; row++)
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

        /// <summary>Called once before the rows are converted.</summary>
        void Prepare();

        void ConvertRow(int row, float* destination);
    }

    /// <summary>
    /// NCHW planes, lane i reading plane i. Rows at least a register wide are transposed in place, 16 pixels at a time
    /// (the last tile pulled back to end at the row's end); narrower rows are transposed once as one flat plane of
    /// H·W pixels into <c>flat</c> and copied from there row by row.
    /// </summary>
    private readonly struct PlanarRows(float** planes, int rows, int columns, float* flat) : IBackwardRows
    {
        public int Rows => rows;

        public int Columns => columns;

        public void Prepare()
        {
            var lanes = TSimd.Count;
            if (columns >= lanes)
            {
                return;
            }

            var pixels = (nint)rows * columns;
            if (pixels < lanes)
            {
                for (nint pixel = 0; pixel < pixels; pixel++)
                {
                    for (var lane = 0; lane < lanes; lane++)
                    {
                        flat[(pixel * lanes) + lane] = planes[lane][pixel];
                    }
                }

                return;
            }

            for (nint start = 0; start < pixels; start += lanes)
            {
                var tile = Math.Min(start, pixels - lanes);
                TSimd.TransposeToBlocks(planes, tile, flat + (tile * lanes));
            }
        }

        public void ConvertRow(int row, float* destination)
        {
            var lanes = TSimd.Count;
            if (columns < lanes)
            {
                var length = (long)columns * lanes * sizeof(float);
                Buffer.MemoryCopy(flat + ((nint)row * columns * lanes), destination, length, length);
                return;
            }

            for (var start = 0; start < columns; start += lanes)
            {
                var tile = Math.Min(start, columns - lanes);
                TSimd.TransposeToBlocks(planes, ((nint)row * columns) + tile, destination + (tile * lanes));
            }
        }
    }

    /// <summary>NHWC pixels: one register load of the block's channels per pixel.</summary>
    private readonly struct ChannelsLastRows(float* image, int channels, int rows, int columns) : IBackwardRows
    {
        public int Rows => rows;

        public int Columns => columns;

        public void Prepare()
        {
        }

        public void ConvertRow(int row, float* destination)
        {
            var lanes = TSimd.Count;
            var source = image + ((nint)row * columns * channels);
            for (var column = 0; column < columns; column++)
            {
                TSimd.Store(TSimd.Load(source + ((nint)column * channels)), destination + (column * lanes));
            }
        }
    }
}
