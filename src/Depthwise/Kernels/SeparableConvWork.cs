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
/// a <see cref="PlanarOutput{TSimd, TVector}"/> instead and is the right operand of W · middle.
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
        // input (N, C, H, W) or (N, H, W, C) → middle (rows·Wo, C·M) → output rows [firstRow, endRow) of (N, Cout, Ho, Wo) or (N, Ho, Wo, Cout)
        var job = _job;
        var (image, firstRow, endRow) = job.Item(item);
        var geometry = job.Dimensions.Geometry;
        var middle = SeparableScratch.Middle(job.MiddleLength);

        for (var block = 0; block < job.Blocks; block++)
        {
            if (job.Layout == TensorLayout.Nchw)
            {
                DepthwisePlanar(image, firstRow, endRow, block, middle);
            }
            else
            {
                DepthwiseChannelsLast(image, firstRow, endRow, block, middle);
            }
        }

        var outputImage = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var firstPixel = (nint)firstRow * geometry.OutputWidth;
        var pixels = (endRow - firstRow) * geometry.OutputWidth;
        var middleChannels = job.Dimensions.OutputChannels;
        var columnBias = job.PointwiseBias is null ? GemmBias.None : GemmBias.PerColumn;
        GemmOperands operands;
        if (job.UsesPlanarMiddle)
        {
            // out (Cout, pixels) = W (Cout, C·M) · middle (C·M, pixels), straight into the NCHW planes.
            operands = new GemmOperands(
                job.OutputChannels, pixels, middleChannels, job.PointwiseRowMajor, middleChannels, 1, middle, job.MiddlePlaneStride, rightPacked: false,
                job.Output + ((nint)image * job.OutputChannels * outputImage) + firstPixel, outputImage, outputTransposed: false,
                job.PointwiseBias, job.PointwiseBias is null ? GemmBias.None : GemmBias.PerRow);
        }
        else if (job.Layout == TensorLayout.Nchw)
        {
            // out (pixels, Cout) = middle (pixels, C·M) · Wᵀ, stored transposed into the NCHW planes.
            operands = new GemmOperands(
                pixels, job.OutputChannels, middleChannels, middle, job.MiddleStride, 1, job.PointwiseWeights, 0, rightPacked: true,
                job.Output + ((nint)image * job.OutputChannels * outputImage) + firstPixel, outputImage, outputTransposed: true, job.PointwiseBias, columnBias);
        }
        else
        {
            // out (pixels, Cout) = middle (pixels, C·M) · Wᵀ, the NHWC output rows themselves.
            operands = new GemmOperands(
                pixels, job.OutputChannels, middleChannels, middle, job.MiddleStride, 1, job.PointwiseWeights, 0, rightPacked: true,
                job.Output + ((((nint)image * outputImage) + firstPixel) * job.OutputChannels), job.OutputChannels, outputTransposed: false, job.PointwiseBias, columnBias);
        }

        GemmKernel.Run(operands, job.PointwiseActivation, threads: 1);
    }

    // NCHW: the block's planes are transposed into a blocked input band as the kernel advances (lane i reads plane
    // (block·lanes + i) / M; lanes past the last channel repeat it and compute zeros from their zero weights).
    private void DepthwisePlanar(int image, int firstRow, int endRow, int block, float* middle)
    {
        var job = _job;
        var dimensions = job.Dimensions;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var inputPlane = (nint)geometry.InputHeight * geometry.InputWidth;
        var realLanes = Math.Min(lanes, dimensions.OutputChannels - (block * lanes));
        var inputImage = job.Input + ((nint)image * dimensions.Channels * inputPlane);
        var inputPlanes = stackalloc float*[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            var outputChannel = (block * lanes) + Math.Min(lane, realLanes - 1);
            inputPlanes[lane] = inputImage + ((nint)(outputChannel / dimensions.DepthMultiplier) * inputPlane);
        }

        var (bandFirstRow, bandEndRow) = job.InputBandRows(firstRow, endRow);
        var band = DepthwiseScratch.Band(job.InputBandLength);
        var feed = new BandFeed<TSimd, TVector, PlanarSource<TSimd, TVector>>(
            new PlanarSource<TSimd, TVector>(inputPlanes), band, bandFirstRow, bandEndRow, dimensions, job.TilesPerStep);
        var bandInput = band - (bandFirstRow * (nint)geometry.InputWidth * lanes);
        if (!job.UsesPlanarMiddle)
        {
            var rows = new BlockedOutput<TSimd, TVector>(MiddleRowsOrigin(middle, firstRow) + (block * lanes), job.MiddleStride, geometry.OutputWidth, endRow);
            Rows(bandInput, block, firstRow, endRow, ref feed, ref rows);
            return;
        }

        // Planar middle: lane i goes to plane block·lanes + i, which holds the band's pixels from its first row on (lanes past
        // the last channel are never stored).
        var middlePlanes = stackalloc float*[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            var channel = (block * lanes) + Math.Min(lane, realLanes - 1);
            middlePlanes[lane] = middle + ((nint)channel * job.MiddlePlaneStride) - ((nint)firstRow * geometry.OutputWidth);
        }

        var planes = new PlanarOutput<TSimd, TVector>(middlePlanes, geometry.OutputWidth, realLanes, endRow);
        Rows(bandInput, block, firstRow, endRow, ref feed, ref planes);
    }

    private void Rows<TOutput>(float* bandInput, int block, int firstRow, int endRow, ref BandFeed<TSimd, TVector, PlanarSource<TSimd, TVector>> feed, ref TOutput output)
        where TOutput : struct, IDepthwiseOutput<TVector>
    {
        var rowStride = (nint)_job.Dimensions.Geometry.InputWidth * TSimd.Count;
        DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, PlanarSource<TSimd, TVector>>, TOutput, TActivation>(
            bandInput, TSimd.Count, rowStride, Weights(block), Bias(block), _job.Dimensions, firstRow, endRow, ref feed, ref output, _activation);
    }

    // NHWC: read in place with a pixel stride of C. When C·M is not a multiple of the lanes, the last block is the packed
    // tail block (exactly the last `lanes` channels), overlapping the one before with identical values, so no load
    // reaches past a pixel's channels.
    private void DepthwiseChannelsLast(int image, int firstRow, int endRow, int block, float* middle)
    {
        var job = _job;
        var dimensions = job.Dimensions;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var channels = dimensions.Channels;
        var outputChannels = dimensions.OutputChannels;
        var tail = block == job.Blocks - 1 && outputChannels % lanes != 0;
        var firstChannel = tail ? outputChannels - lanes : block * lanes;
        var packedBlock = tail ? job.Blocks : block;
        var imageInput = job.Input + ((nint)image * geometry.InputHeight * geometry.InputWidth * channels);
        var output = new BlockedOutput<TSimd, TVector>(MiddleRowsOrigin(middle, firstRow) + firstChannel, job.MiddleStride, geometry.OutputWidth, endRow);
        if (dimensions.DepthMultiplier == 1)
        {
            var feed = default(DirectFeed);
            DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, DirectFeed, BlockedOutput<TSimd, TVector>, TActivation>(
                imageInput + firstChannel, channels, (nint)geometry.InputWidth * channels, Weights(packedBlock), Bias(packedBlock), dimensions, firstRow, endRow,
                ref feed, ref output, _activation);
            return;
        }

        // M > 1: lane i reads input channel c_i = (firstChannel + i) / M; these span at most lanes / 2 + 1 channels, so one
        // register load at a base ≤ c_0 and a permute build each band pixel when C ≥ lanes; fewer channels copy lane by lane.
        var inputChannels = stackalloc int[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            inputChannels[lane] = Math.Min(firstChannel + lane, outputChannels - 1) / dimensions.DepthMultiplier;
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
            DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, GatherSource<TSimd, TVector>>, BlockedOutput<TSimd, TVector>, TActivation>(
                bandInput, lanes, bandRowStride, Weights(packedBlock), Bias(packedBlock), dimensions, firstRow, endRow, ref gathered, ref output, _activation);
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
        DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, PermuteSource<TSimd, TVector>>, BlockedOutput<TSimd, TVector>, TActivation>(
            bandInput, lanes, bandRowStride, Weights(packedBlock), Bias(packedBlock), dimensions, firstRow, endRow, ref permuted, ref output, _activation);
    }

    // The (pixels, C·M) middle buffer holds only the band's rows: image pixel (y, x) is its row (y − firstRow)·Wo + x.
    private float* MiddleRowsOrigin(float* middle, int firstRow) => middle - ((nint)firstRow * _job.Dimensions.Geometry.OutputWidth * _job.MiddleStride);

    private float* Weights(int packedBlock) => _job.DepthwiseWeights + ((nint)packedBlock * _job.Dimensions.Geometry.Taps * TSimd.Count);

    private float* Bias(int packedBlock) => _job.DepthwiseBias + ((nint)packedBlock * TSimd.Count);
}
