using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// A work item on data whose pixels hold channels contiguously: the blocked layout (N, ⌈C/lanes⌉, H, W, lanes) or
/// channels-last (N, H, W, C), both read and written in place with a pixel stride of lanes or C. With a depth
/// multiplier M &gt; 1, lane i of an output block reads input channel (first + i) / M, so the item gathers those input
/// channels into a blocked band first. Whole output blocks are stored through <typeparamref name="TStores"/>, picked
/// once per call by <see cref="DepthwiseConvJob.NonTemporalOutput"/>.
/// </summary>
/// <remarks>
/// Channels-last input is read in place even though caller tensors are rarely 64-byte aligned (so most loads straddle
/// two cache lines): copying each tile into an aligned band first was measured 15–30 % slower on Zen 4 (3×3 and 5×5,
/// 7² to 56²), the copy costing more than the split loads it saves.
/// </remarks>
internal readonly unsafe struct DepthwiseBlockedWork<TSimd, TVector, TTaps, TActivation, TStores>(in DepthwiseConvJob job, TActivation activation) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TTaps : struct, IDepthwiseTaps
    where TActivation : struct, IActivationOperator<TActivation>
    where TStores : struct, IOutputStores
{
    private readonly DepthwiseConvJob _job = job;

    // The job's dimensions, kept as a field so that the row drivers read them in place (`in _dimensions`): passed from
    // the job's property, each item copied them to its stack with one 64-byte store that the drivers' first 4-byte
    // loads then waited on (docs/kernels.md, "Session 17: the cost per channel block").
    private readonly DepthwiseConvDimensions _dimensions = job.Dimensions;

    public void Execute(int item)
    {
        // input (N, H, W, C) or (N, C/lanes, H, W, lanes), packed weights, packed bias → output rows [firstRow, endRow) of one channel block
        var job = _job;
        var (image, firstRow, endRow, block) = job.Item(item);
        ref readonly var dimensions = ref _dimensions;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var outputChannels = dimensions.OutputChannels;
        var inputImage = (nint)geometry.InputHeight * geometry.InputWidth;
        var outputImage = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var channelsLast = job.Layout == DepthwiseDataLayout.ChannelsLast;

        // The last block of a channels-last tensor whose channel count is not a multiple of the lanes overlaps the one
        // before (same values recomputed) and uses the packed tail block, which holds exactly the last `lanes` channels.
        var tail = channelsLast && block == job.Blocks - 1 && outputChannels % lanes != 0;
        var firstChannel = tail ? outputChannels - lanes : block * lanes;
        var packedBlock = tail ? job.Blocks : block;
        var inputBlocks = DepthwiseConvKernel.Blocks(dimensions.Channels, lanes);
        var imageInput = channelsLast
            ? job.Input + ((nint)image * inputImage * dimensions.Channels)
            : job.Input + ((nint)image * inputBlocks * inputImage * lanes);
        var output = new BlockedOutput<TSimd, TVector, TStores>(
            channelsLast ? job.Output + ((nint)image * outputImage * outputChannels) + firstChannel : job.Output + ((((nint)image * job.Blocks) + block) * outputImage * lanes),
            channelsLast ? outputChannels : lanes,
            geometry.OutputWidth,
            endRow);
        var weights = job.Weights + ((nint)packedBlock * geometry.Taps * lanes);
        var bias = job.Bias + ((nint)packedBlock * lanes);

        if (dimensions.DepthMultiplier > 1)
        {
            RunMultiplied(imageInput, firstChannel, firstRow, endRow, weights, bias, ref output);
        }
        else
        {
            var input = channelsLast ? imageInput + firstChannel : imageInput + (block * inputImage * lanes);
            var pixelStride = channelsLast ? dimensions.Channels : lanes;
            if (typeof(TStores) == typeof(NonTemporalStores))
            {
                // A call that streams its output past the caches streams its input from DRAM too: prefetch rows ahead.
                // Items that are whole planes of blocked data follow one another in memory (channel blocks, then
                // images), so the rows past this plane are the next item's: the prefetch runs on into them, up to the
                // input's end. Otherwise (row tiles, channels-last) the next item reads elsewhere: stop at the plane's end.
                var limit = !channelsLast && job.Tiles == 1
                    ? job.Input + ((nint)job.Batch * inputBlocks * inputImage * lanes)
                    : input + (inputImage * pixelStride);
                var feed = new PrefetchingFeed(input, pixelStride, geometry, limit);
                RunInPlace(input, pixelStride, weights, bias, firstRow, endRow, ref feed, ref output);
            }
            else
            {
                var feed = default(DirectFeed);
                RunInPlace(input, pixelStride, weights, bias, firstRow, endRow, ref feed, ref output);
            }
        }

        // Before the item counts as done: non-temporal stores are weakly ordered (see NonTemporalStores.Complete).
        TStores.Complete();
    }

    // Input read in place (M = 1): blocked or channels-last rows of InputWidth pixels, pixelStride floats apart.
    private void RunInPlace<TFeed>(float* input, nint pixelStride, float* weights, float* bias, int firstRow, int endRow, ref TFeed feed, ref BlockedOutput<TSimd, TVector, TStores> output)
        where TFeed : struct, IDepthwiseFeed
    {
        DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, TFeed, BlockedOutput<TSimd, TVector, TStores>, TActivation>(
            input, pixelStride, _dimensions.Geometry.InputWidth * pixelStride, weights, bias, in _dimensions, firstRow, endRow, ref feed, ref output, activation);
    }

    // M > 1: lane i reads input channel c_i = (firstChannel + i) / M. Channels-last pixels hold all channels, so one
    // register load at a base ≤ c_0 covers every c_i (they span at most lanes / 2 + 1 channels) when C ≥ lanes; blocked
    // pixels hold them in at most two neighbouring blocks. Either way a permute builds the band; narrower channel
    // counts copy lane by lane.
    private void RunMultiplied(float* imageInput, int firstChannel, int firstRow, int endRow, float* weights, float* bias, ref BlockedOutput<TSimd, TVector, TStores> output)
    {
        var job = _job;
        ref readonly var dimensions = ref _dimensions;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var channels = dimensions.Channels;
        var channelsLast = job.Layout == DepthwiseDataLayout.ChannelsLast;
        var inputImage = (nint)geometry.InputHeight * geometry.InputWidth;
        var inputChannels = stackalloc int[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            inputChannels[lane] = Math.Min(firstChannel + lane, dimensions.OutputChannels - 1) / dimensions.DepthMultiplier;
        }

        var (bandFirstRow, bandEndRow) = job.BandRows(firstRow, endRow);
        var band = DepthwiseScratch.Band(job.BandLength);
        var bandRowStride = (nint)geometry.InputWidth * lanes;
        var bandInput = band - (bandFirstRow * bandRowStride);
        var pixelStride = channelsLast ? channels : lanes;
        if (channelsLast && channels < lanes)
        {
            var laneOffsets = stackalloc nint[lanes];
            for (var lane = 0; lane < lanes; lane++)
            {
                laneOffsets[lane] = inputChannels[lane];
            }

            var feed = new BandFeed<TSimd, TVector, GatherSource<TSimd, TVector>>(
                new GatherSource<TSimd, TVector>(imageInput, pixelStride, laneOffsets), band, bandFirstRow, bandEndRow, dimensions, job.TilesPerStep);
            DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, GatherSource<TSimd, TVector>>, BlockedOutput<TSimd, TVector, TStores>, TActivation>(
                bandInput, lanes, bandRowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        float* low;
        float* high;
        int lowFirstChannel;
        if (channelsLast)
        {
            lowFirstChannel = Math.Min(inputChannels[0], channels - lanes);
            low = imageInput + lowFirstChannel;
            high = low;
        }
        else
        {
            var lowBlock = inputChannels[0] / lanes;
            var highBlock = inputChannels[lanes - 1] / lanes;
            lowFirstChannel = lowBlock * lanes;
            low = imageInput + (lowBlock * inputImage * lanes);
            high = imageInput + (highBlock * inputImage * lanes);
        }

        var indices = stackalloc int[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            indices[lane] = inputChannels[lane] - lowFirstChannel;
        }

        var permuted = new BandFeed<TSimd, TVector, PermuteSource<TSimd, TVector>>(
            new PermuteSource<TSimd, TVector>(low, high, pixelStride, indices), band, bandFirstRow, bandEndRow, dimensions, job.TilesPerStep);
        DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, PermuteSource<TSimd, TVector>>, BlockedOutput<TSimd, TVector, TStores>, TActivation>(
            bandInput, lanes, bandRowStride, weights, bias, dimensions, firstRow, endRow, ref permuted, ref output, activation);
    }
}
