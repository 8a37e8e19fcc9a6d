using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// A work item on data whose pixels hold channels contiguously: the blocked layout (N, ⌈C/lanes⌉, H, W, lanes) or
/// channels-last (N, H, W, C), both read and written in place (pixel stride lanes or C). With a depth multiplier
/// M &gt; 1, lane i of an output block reads input channel (first + i) / M, so the item first gathers those input
/// channels into a blocked band.
/// </summary>
internal readonly unsafe struct DepthwiseBlockedWork<TSimd, TVector, TTaps, TActivation>(in DepthwiseConvJob job, TActivation activation) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TTaps : struct, IDepthwiseTaps
    where TActivation : struct, IActivationOperator<TActivation>
{
    private readonly DepthwiseConvJob _job = job;

    public void Execute(int item)
    {
        // input (N, H, W, C) or (N, C/lanes, H, W, lanes), packed weights, packed bias → output rows [firstRow, endRow) of one channel block
        var job = _job;
        var (image, firstRow, endRow, block) = job.Item(item);
        var dimensions = job.Dimensions;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var channels = dimensions.Channels;
        var outputChannels = dimensions.OutputChannels;
        var inputImage = (nint)geometry.InputHeight * geometry.InputWidth;
        var outputImage = (nint)geometry.OutputHeight * geometry.OutputWidth;

        int firstChannel;
        int packedBlock;
        float* input;
        nint inputPixelStride;
        float* output;
        nint outputPixelStride;
        nint inputLaneOffset;
        if (job.Layout == DepthwiseDataLayout.ChannelsLast)
        {
            // The last block of a channel count that is not a multiple of the lanes overlaps the one before (same values
            // recomputed) and uses the packed tail block, which holds exactly the last `lanes` channels.
            var tail = block == job.Blocks - 1 && outputChannels % lanes != 0;
            firstChannel = tail ? outputChannels - lanes : block * lanes;
            packedBlock = tail ? job.Blocks : block;
            input = job.Input + ((nint)image * inputImage * channels);
            inputPixelStride = channels;
            inputLaneOffset = 1;
            output = job.Output + ((nint)image * outputImage * outputChannels) + firstChannel;
            outputPixelStride = outputChannels;
        }
        else
        {
            var inputBlocks = DepthwiseConvKernel.Blocks(channels, lanes);
            firstChannel = block * lanes;
            packedBlock = block;
            input = job.Input + ((nint)image * inputBlocks * inputImage * lanes);
            inputPixelStride = lanes;
            inputLaneOffset = inputImage * lanes;
            output = job.Output + ((((nint)image * job.Blocks) + block) * outputImage * lanes);
            outputPixelStride = lanes;
        }

        float* blockInput;
        nint pixelStride;
        nint rowStride;
        if (dimensions.DepthMultiplier == 1)
        {
            blockInput = job.Layout == DepthwiseDataLayout.ChannelsLast ? input + firstChannel : input + (block * inputLaneOffset);
            pixelStride = inputPixelStride;
            rowStride = geometry.InputWidth * inputPixelStride;
        }
        else
        {
            var (bandFirstRow, bandEndRow) = job.BandRows(firstRow, endRow);
            var band = DepthwiseScratch.Band(job.BandLength);
            Gather(band, bandFirstRow, bandEndRow, firstChannel, input, inputPixelStride, inputLaneOffset);
            pixelStride = lanes;
            rowStride = (nint)geometry.InputWidth * lanes;
            blockInput = band - (bandFirstRow * rowStride);
        }

        var feed = default(DirectFeed);
        var writer = new BlockedOutput<TSimd, TVector>(output, outputPixelStride, geometry.OutputWidth, endRow);
        var taps = geometry.Taps;
        DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, DirectFeed, BlockedOutput<TSimd, TVector>, TActivation>(
            blockInput,
            pixelStride,
            rowStride,
            job.Weights + ((nint)packedBlock * taps * lanes),
            job.Bias + ((nint)packedBlock * lanes),
            dimensions,
            firstRow,
            endRow,
            ref feed,
            ref writer,
            activation);
    }

    // band (rows, W, lanes) ← for each lane i, input channel (firstChannel + i) / M of input rows [firstRow, endRow).
    // Channel c of pixel (y, x) is at image + (y·W + x)·pixelStride + (c / lanes)·laneBlock + c mod lanes for the
    // blocked layout, and at … + c for channels-last (laneBlock = 1 there makes both one formula).
    private void Gather(float* band, int firstRow, int endRow, int firstChannel, float* image, nint pixelStride, nint laneBlock)
    {
        var dimensions = _job.Dimensions;
        var lanes = TSimd.Count;
        var width = dimensions.Geometry.InputWidth;
        var channelsLast = _job.Layout == DepthwiseDataLayout.ChannelsLast;
        var laneOffsets = stackalloc nint[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            var inputChannel = Math.Min(firstChannel + lane, dimensions.OutputChannels - 1) / dimensions.DepthMultiplier;
            laneOffsets[lane] = channelsLast ? inputChannel : ((inputChannel / lanes) * laneBlock) + (inputChannel % lanes);
        }

        var source = image + ((nint)firstRow * width * pixelStride);
        var destination = band;
        for (var pixel = (nint)(endRow - firstRow) * width; pixel > 0; pixel--)
        {
            for (var lane = 0; lane < lanes; lane++)
            {
                destination[lane] = source[laneOffsets[lane]];
            }

            source += pixelStride;
            destination += lanes;
        }
    }
}
