using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Depthwise.Kernels;

/// <summary>
/// One band of a fused depthwise-separable call: every depthwise channel block of the band's output rows into the
/// middle buffer (this thread's scratch), then the pointwise GEMM over the band, reading the middle buffer in place
/// and writing the final output rows.
/// </summary>
/// <remarks>
/// The depthwise stage runs the operator's kernel (<see cref="DepthwiseConvKernel.Rows"/>) with the operator's feeds.
/// Its output goes through a <see cref="BlockedOutput{TSimd, TVector, TStores}"/> whose pixel stride is the middle buffer's row,
/// writing the GEMM's left operand (pixels, C·M) directly; the GEMM (<see cref="GemmKernel.Run"/>, one thread) then has
/// pixels as rows and output channels in the vectors, with Wᵀ packed by the plan, and stores its tiles plainly for NHWC
/// and transposed for NCHW. A planar middle buffer (<see cref="SeparableConvJob.UsesPlanarMiddle"/>) is written through
/// a <see cref="PlanarOutput{TSimd, TVector}"/> instead and is the right operand of W · middle, whose tiles are stored
/// plainly for NCHW and transposed for NHWC.
/// </remarks>
internal readonly unsafe partial struct SeparableConvWork<TSimd, TVector, TTaps, TActivation>(in SeparableConvJob job, TActivation activation) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TTaps : struct, IDepthwiseTaps
    where TActivation : struct, IActivationOperator<TActivation>
{
    private readonly SeparableConvJob _job = job;
    private readonly TActivation _activation = activation;

    public void Execute(int item)
    {
        // input (N, C, H, W) or (N, H, W, C) [→ expanded rows (rows·W, C)] → middle (rows·Wo, C·M) or (C·M, rows·Wo)
        // → output rows [firstRow, endRow) of (N, Cout, Ho, Wo) or (N, Ho, Wo, Cout) [+ residual]
        var job = _job;
        var (image, itemFirstRow, itemEndRow) = job.Item(item);
        var middle = SeparableScratch.Middle(job.MiddleLength);
        var expanded = job.Expansion.IsPresent ? SeparableScratch.Expanded(job.ExpandedLength) : null;
        var expandedRows = (First: 0, End: 0);
        for (var firstRow = itemFirstRow; firstRow < itemEndRow; firstRow += job.RowsPerBand)
        {
            var endRow = Math.Min(firstRow + job.RowsPerBand, itemEndRow);
            if (job.Expansion.IsPresent)
            {
                expandedRows = Expand(image, firstRow, endRow, expanded, expandedRows);
            }

            Band(image, firstRow, endRow, middle, expanded - ((nint)expandedRows.First * job.Dimensions.Geometry.InputWidth * job.MiddleStride), job.MiddleStride, 0, job.Blocks);
            Pointwise(image, firstRow, endRow, middle);
            if (job.Residual is not null)
            {
                AddResidual(image, firstRow, endRow);
            }
        }
    }

    // Depthwise channel blocks [firstBlock, endBlock) of output rows [firstRow, endRow) into the middle buffer;
    // `expandedImage` is the expanded image's pixel (0, 0), channel 0, when the block has an expansion, its pixels
    // `expandedPixelStride` floats apart.
    private void Band(int image, int firstRow, int endRow, float* middle, float* expandedImage, nint expandedPixelStride, int firstBlock, int endBlock)
    {
        var job = _job;
        var geometry = job.Dimensions.Geometry;
        var lanes = TSimd.Count;
        var middlePlanes = stackalloc float*[lanes];
        for (var block = firstBlock; block < endBlock; block++)
        {
            var (firstChannel, realLanes) = Channels(block);
            if (!job.UsesPlanarMiddle)
            {
                // The (pixels, C·M) middle buffer holds only the band's rows: image pixel (y, x) is its row (y − firstRow)·Wo + x.
                var rows = new BlockedOutput<TSimd, TVector, CachedStores>(
                    middle - ((nint)firstRow * geometry.OutputWidth * job.MiddleStride) + firstChannel, job.MiddleStride, geometry.OutputWidth, endRow);
                Depthwise(image, firstRow, endRow, block, firstChannel, realLanes, expandedImage, expandedPixelStride, ref rows);
                continue;
            }

            // Lane i goes to plane firstChannel + i, which holds the band's pixels from its first row on (lanes past the
            // last channel are never stored).
            for (var lane = 0; lane < lanes; lane++)
            {
                var channel = firstChannel + Math.Min(lane, realLanes - 1);
                middlePlanes[lane] = middle + ((nint)channel * job.MiddlePlaneStride) - ((nint)firstRow * geometry.OutputWidth);
            }

            var planes = new PlanarOutput<TSimd, TVector>(middlePlanes, geometry.OutputWidth, realLanes, endRow);
            Depthwise(image, firstRow, endRow, block, firstChannel, realLanes, expandedImage, expandedPixelStride, ref planes);
        }
    }

    // The expanded rows output rows [firstRow, endRow) read, into `expanded` from its start: rows the previous band of
    // this item already computed (`previous`) move to the front, the rest run through the expansion GEMM (pixels as
    // rows, read in place from the input; C in the vectors), bias and activation fused, or through the stem. Returns the
    // rows now held.
    private (int First, int End) Expand(int image, int firstRow, int endRow, float* expanded, (int First, int End) previous)
    {
        var job = _job;
        var geometry = job.Dimensions.Geometry;
        var width = geometry.InputWidth;
        var rowLength = (nint)width * job.MiddleStride;
        var (first, end) = job.InputBandRows(firstRow, endRow);
        var computeFrom = first;
        if (previous.End > first && previous.First <= first)
        {
            var kept = Math.Min(previous.End, end) - first;
            Buffer.MemoryCopy(expanded + ((first - previous.First) * rowLength), expanded, kept * rowLength * sizeof(float), kept * rowLength * sizeof(float));
            computeFrom = first + kept;
        }

        if (computeFrom >= end)
        {
            return (first, end);
        }

        var channels = job.Dimensions.Channels;
        var target = expanded + ((computeFrom - first) * rowLength);
        var pixels = (end - computeFrom) * width;
        if (job.Expansion.IsStem)
        {
            // A stem's output rows, the same bits as the stem run alone (each element its bias and one FMA per tap).
            FewChannelConvKernel.RunRows(
                job.Input, job.Expansion.Weights, target, job.MiddleStride, job.Expansion.Stem, job.Expansion.Activation, image, computeFrom, end);
        }
        else
        {
            var inputChannels = job.Expansion.InputChannels;
            var imagePixels = (nint)geometry.InputHeight * width;
            var firstPixel = (nint)computeFrom * width;
            var nchw = job.InputLayout == TensorLayout.Nchw;
            var left = nchw
                ? job.Input + ((nint)image * inputChannels * imagePixels) + firstPixel
                : job.Input + ((((nint)image * imagePixels) + firstPixel) * inputChannels);
            var rowMajor = job.Expansion.RowMajorWeights;
            var operands = new GemmOperands(
                pixels, channels, inputChannels, left, nchw ? 1 : inputChannels, nchw ? imagePixels : 1, rowMajor is null ? job.Expansion.Weights : rowMajor,
                rowMajor is null ? 0 : channels, rightPacked: rowMajor is null, target, job.MiddleStride, outputTransposed: false, job.Expansion.Bias,
                job.Expansion.Bias is null ? GemmBias.None : GemmBias.PerColumn);
            GemmKernel.Run(operands, job.Expansion.Activation, threads: 1);
        }

        // Lanes of the last channel block past C: zeros, so that the depthwise stage computes nothing from stale scratch.
        if (channels != job.MiddleStride)
        {
            for (var pixel = 0; pixel < pixels; pixel++)
            {
                new Span<float>(target + ((nint)pixel * job.MiddleStride) + channels, job.MiddleStride - channels).Clear();
            }
        }

        return (first, end);
    }

    // output rows [firstRow, endRow) += the residual's same rows, while they are in cache (Add(a, b) rounds a + b as this does).
    private void AddResidual(int image, int firstRow, int endRow)
    {
        var job = _job;
        var geometry = job.Dimensions.Geometry;
        var outputImage = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var firstPixel = (nint)firstRow * geometry.OutputWidth;
        var pixels = (endRow - firstRow) * geometry.OutputWidth;
        var imageStart = (nint)image * job.OutputChannels * outputImage;
        if (job.Layout == TensorLayout.Nhwc)
        {
            var start = imageStart + (firstPixel * job.OutputChannels);
            var length = pixels * job.OutputChannels;
            TensorPrimitives.Add(new ReadOnlySpan<float>(job.Output + start, length), new ReadOnlySpan<float>(job.Residual + start, length), new Span<float>(job.Output + start, length));
            return;
        }

        for (var channel = 0; channel < job.OutputChannels; channel++)
        {
            var start = imageStart + (channel * outputImage) + firstPixel;
            TensorPrimitives.Add(new ReadOnlySpan<float>(job.Output + start, pixels), new ReadOnlySpan<float>(job.Residual + start, pixels), new Span<float>(job.Output + start, pixels));
        }
    }

    private void Pointwise(int image, int firstRow, int endRow, float* middle)
    {
        // middle (pixels, C·M) or (C·M, pixels), W → output rows [firstRow, endRow) of one image
        var job = _job;
        var geometry = job.Dimensions.Geometry;
        var outputImage = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var firstPixel = (nint)firstRow * geometry.OutputWidth;
        var pixels = (endRow - firstRow) * geometry.OutputWidth;
        var middleChannels = job.Dimensions.OutputChannels;
        var nchw = job.Layout == TensorLayout.Nchw;
        var output = nchw
            ? job.Output + ((nint)image * job.OutputChannels * outputImage) + firstPixel
            : job.Output + ((((nint)image * outputImage) + firstPixel) * job.OutputChannels);
        var outputStride = nchw ? outputImage : job.OutputChannels;
        var operands = job.UsesPlanarMiddle
            ? new GemmOperands(
                job.OutputChannels, pixels, middleChannels, job.PointwiseRowMajor, middleChannels, 1, middle, job.MiddlePlaneStride, rightPacked: false,
                output, outputStride, outputTransposed: !nchw, job.PointwiseBias, job.PointwiseBias is null ? GemmBias.None : GemmBias.PerRow)
            : new GemmOperands(
                pixels, job.OutputChannels, middleChannels, middle, job.MiddleStride, 1, job.PointwiseWeights, 0, rightPacked: true,
                output, outputStride, outputTransposed: nchw, job.PointwiseBias, job.PointwiseBias is null ? GemmBias.None : GemmBias.PerColumn);
        GemmKernel.Run(operands, job.PointwiseActivation, threads: 1);
    }

    // The channels block `block` computes: block·lanes on, the last one padded (NCHW: lanes past the last channel repeat
    // its plane and compute zeros from their zero weights); NHWC reads its input in place, so when C·M is not a
    // multiple of the lanes its last block is the packed tail block, exactly the last `lanes` channels, overlapping the
    // one before with identical values, so that no load reaches past a pixel's channels.
    private (int FirstChannel, int RealLanes) Channels(int block)
    {
        var lanes = TSimd.Count;
        var outputChannels = _job.Dimensions.OutputChannels;
        if (_job.InputLayout == TensorLayout.Nchw || _job.Expansion.IsPresent)
        {
            return (block * lanes, Math.Min(lanes, outputChannels - (block * lanes)));
        }

        return (block == _job.Blocks - 1 && outputChannels % lanes != 0 ? outputChannels - lanes : block * lanes, lanes);
    }

    private void Depthwise<TOutput>(
        int image, int firstRow, int endRow, int block, int firstChannel, int realLanes, float* expandedImage, nint expandedPixelStride, ref TOutput output)
        where TOutput : struct, IDepthwiseOutput<TVector>
    {
        // The tail block's weights follow the padded blocks (DepthwiseConvKernel.PackedBlocks).
        var packedBlock = firstChannel == block * TSimd.Count ? block : _job.Blocks;
        var weights = _job.DepthwiseWeights + ((nint)packedBlock * _job.Dimensions.Geometry.Taps * TSimd.Count);
        var bias = _job.DepthwiseBias + ((nint)packedBlock * TSimd.Count);
        if (_job.Expansion.IsPresent)
        {
            // The expanded rows are channels-last with whole blocks per pixel (M = 1): read in place.
            var rowStride = _job.Dimensions.Geometry.InputWidth * expandedPixelStride;
            var feed = default(DirectFeed);
            DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, DirectFeed, TOutput, TActivation>(
                expandedImage + firstChannel, expandedPixelStride, rowStride, weights, bias, _job.Dimensions, firstRow, endRow, ref feed, ref output, _activation);
        }
        else if (_job.InputLayout == TensorLayout.Nchw)
        {
            DepthwisePlanar(image, firstRow, endRow, firstChannel, realLanes, weights, bias, ref output);
        }
        else
        {
            DepthwiseChannelsLast(image, firstRow, endRow, firstChannel, weights, bias, ref output);
        }
    }

    // NCHW: the block's planes are transposed into a blocked input band as the kernel advances; lane i reads plane
    // (firstChannel + i) / M.
    private void DepthwisePlanar<TOutput>(int image, int firstRow, int endRow, int firstChannel, int realLanes, float* weights, float* bias, ref TOutput output)
        where TOutput : struct, IDepthwiseOutput<TVector>
    {
        var job = _job;
        var dimensions = job.Dimensions;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var inputPlane = (nint)geometry.InputHeight * geometry.InputWidth;
        var inputImage = job.Input + ((nint)image * dimensions.Channels * inputPlane);
        var inputPlanes = stackalloc float*[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            var outputChannel = firstChannel + Math.Min(lane, realLanes - 1);
            inputPlanes[lane] = inputImage + ((nint)(outputChannel / dimensions.DepthMultiplier) * inputPlane);
        }

        var (bandFirstRow, bandEndRow) = job.InputBandRows(firstRow, endRow);
        var band = DepthwiseScratch.Band(job.InputBandLength);
        var feed = new BandFeed<TSimd, TVector, PlanarSource<TSimd, TVector>>(
            new PlanarSource<TSimd, TVector>(inputPlanes), band, bandFirstRow, bandEndRow, dimensions, job.TilesPerStep);
        var rowStride = (nint)geometry.InputWidth * lanes;
        DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, PlanarSource<TSimd, TVector>>, TOutput, TActivation>(
            band - (bandFirstRow * rowStride), lanes, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, _activation);
    }

    // NHWC: read in place with a pixel stride of C (M = 1), or through a blocked band (M > 1).
    private void DepthwiseChannelsLast<TOutput>(int image, int firstRow, int endRow, int firstChannel, float* weights, float* bias, ref TOutput output)
        where TOutput : struct, IDepthwiseOutput<TVector>
    {
        var job = _job;
        var dimensions = job.Dimensions;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var channels = dimensions.Channels;
        var imageInput = job.Input + ((nint)image * geometry.InputHeight * geometry.InputWidth * channels);
        if (dimensions.DepthMultiplier == 1)
        {
            var feed = default(DirectFeed);
            DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, DirectFeed, TOutput, TActivation>(
                imageInput + firstChannel, channels, (nint)geometry.InputWidth * channels, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, _activation);
            return;
        }

        // M > 1: lane i reads input channel c_i = (firstChannel + i) / M; these span at most lanes / 2 + 1 channels, so one
        // register load at a base ≤ c_0 and a permute build each band pixel when C ≥ lanes; fewer channels copy lane by lane.
        var inputChannels = stackalloc int[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            inputChannels[lane] = Math.Min(firstChannel + lane, dimensions.OutputChannels - 1) / dimensions.DepthMultiplier;
        }

        var (bandFirstRow, bandEndRow) = job.InputBandRows(firstRow, endRow);
        var band = DepthwiseScratch.Band(job.InputBandLength);
        var bandRowStride = (nint)geometry.InputWidth * lanes;
        var bandInput = band - (bandFirstRow * bandRowStride);
        if (channels < lanes)
        {
            var laneOffsets = stackalloc nint[lanes];
            for (var lane = 0; lane < lanes; lane++)
            {
                laneOffsets[lane] = inputChannels[lane];
            }

            var gathered = new BandFeed<TSimd, TVector, GatherSource<TSimd, TVector>>(
                new GatherSource<TSimd, TVector>(imageInput, channels, laneOffsets), band, bandFirstRow, bandEndRow, dimensions, job.TilesPerStep);
            DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, GatherSource<TSimd, TVector>>, TOutput, TActivation>(
                bandInput, lanes, bandRowStride, weights, bias, dimensions, firstRow, endRow, ref gathered, ref output, _activation);
            return;
        }

        var lowFirstChannel = Math.Min(inputChannels[0], channels - lanes);
        var indices = stackalloc int[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            indices[lane] = inputChannels[lane] - lowFirstChannel;
        }

        var low = imageInput + lowFirstChannel;
        var permuted = new BandFeed<TSimd, TVector, PermuteSource<TSimd, TVector>>(
            new PermuteSource<TSimd, TVector>(low, low, channels, indices), band, bandFirstRow, bandEndRow, dimensions, job.TilesPerStep);
        DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, PermuteSource<TSimd, TVector>>, TOutput, TActivation>(
            bandInput, lanes, bandRowStride, weights, bias, dimensions, firstRow, endRow, ref permuted, ref output, _activation);
    }
}
