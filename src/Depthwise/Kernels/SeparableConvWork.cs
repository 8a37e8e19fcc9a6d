using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Kernels;

/// <summary>
/// One band of a fused depthwise-separable call: every depthwise channel block of the band's output rows into the
/// middle buffer (this thread's scratch), then the pointwise GEMM over the band, reading the middle buffer in place
/// and writing the final output rows.
/// </summary>
/// <remarks>
/// The depthwise stage runs the operator's kernel (<see cref="DepthwiseConvKernel.Rows"/>) with the operator's feeds.
/// Its output goes through a <see cref="BlockedOutput{TSimd, TVector}"/> whose pixel stride is the middle buffer's row,
/// writing the GEMM's left operand (pixels, C·M) directly; the GEMM (<see cref="GemmKernel.Run"/>, one thread) then has
/// pixels as rows and output channels in the vectors, with Wᵀ packed by the plan, and stores its tiles plainly for NHWC
/// and transposed for NCHW. A planar middle buffer (<see cref="SeparableConvJob.UsesPlanarMiddle"/>) is written through
/// a <see cref="PlanarOutput{TSimd, TVector}"/> instead and is the right operand of W · middle, whose tiles are stored
/// plainly for NCHW and transposed for NHWC.
/// </remarks>
internal readonly unsafe struct SeparableConvWork<TSimd, TVector, TTaps, TActivation>(in SeparableConvJob job, TActivation activation) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TTaps : struct, IDepthwiseTaps
    where TActivation : struct, IActivationOperator<TActivation>
{
    private readonly SeparableConvJob _job = job;
    private readonly TActivation _activation = activation;

    public void Execute(int item)
    {
        // input (N, C, H, W) or (N, H, W, C) → middle (rows·Wo, C·M) or (C·M, rows·Wo) → output rows [firstRow, endRow) of (N, Cout, Ho, Wo) or (N, Ho, Wo, Cout)
        var job = _job;
        var (image, firstRow, endRow) = job.Item(item);
        var geometry = job.Dimensions.Geometry;
        var lanes = TSimd.Count;
        var middle = SeparableScratch.Middle(job.MiddleLength);
        var middlePlanes = stackalloc float*[lanes];
        for (var block = 0; block < job.Blocks; block++)
        {
            var (firstChannel, realLanes) = Channels(block);
            if (!job.UsesPlanarMiddle)
            {
                // The (pixels, C·M) middle buffer holds only the band's rows: image pixel (y, x) is its row (y − firstRow)·Wo + x.
                var rows = new BlockedOutput<TSimd, TVector>(
                    middle - ((nint)firstRow * geometry.OutputWidth * job.MiddleStride) + firstChannel, job.MiddleStride, geometry.OutputWidth, endRow);
                Depthwise(image, firstRow, endRow, block, firstChannel, realLanes, ref rows);
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
            Depthwise(image, firstRow, endRow, block, firstChannel, realLanes, ref planes);
        }

        Pointwise(image, firstRow, endRow, middle);
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
        if (_job.Layout == TensorLayout.Nchw)
        {
            return (block * lanes, Math.Min(lanes, outputChannels - (block * lanes)));
        }

        return (block == _job.Blocks - 1 && outputChannels % lanes != 0 ? outputChannels - lanes : block * lanes, lanes);
    }

    private void Depthwise<TOutput>(int image, int firstRow, int endRow, int block, int firstChannel, int realLanes, ref TOutput output)
        where TOutput : struct, IDepthwiseOutput<TVector>
    {
        // The tail block's weights follow the padded blocks (DepthwiseConvKernel.PackedBlocks).
        var packedBlock = firstChannel == block * TSimd.Count ? block : _job.Blocks;
        var weights = _job.DepthwiseWeights + ((nint)packedBlock * _job.Dimensions.Geometry.Taps * TSimd.Count);
        var bias = _job.DepthwiseBias + ((nint)packedBlock * TSimd.Count);
        if (_job.Layout == TensorLayout.Nchw)
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
