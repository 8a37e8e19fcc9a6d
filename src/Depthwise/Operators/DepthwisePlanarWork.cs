using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// A work item on planar data, NCHW in and NCHW out: the planes of one channel block are transposed into a blocked band
/// as the kernel advances (<see cref="PlanarSource{TSimd, TVector}"/> through a <see cref="BandFeed{TSimd, TVector, TSource}"/>), and results are transposed back into the output
/// planes as they are produced (<see cref="PlanarOutput{TSimd, TVector}"/>). Neither conversion makes a pass of its own.
/// </summary>
internal readonly unsafe struct DepthwisePlanarWork<TSimd, TVector, TTaps, TActivation>(in DepthwiseConvJob job, TActivation activation) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TTaps : struct, IDepthwiseTaps
    where TActivation : struct, IActivationOperator<TActivation>
{
    private readonly DepthwiseConvJob _job = job;

    public void Execute(int item)
    {
        // input (N, C, H, W), packed weights, packed bias → output rows [firstRow, endRow) of channel block `block` of (N, C·M, Ho, Wo)
        var job = _job;
        var (image, firstRow, endRow, block) = job.Item(item);
        var dimensions = job.Dimensions;
        var geometry = dimensions.Geometry;
        var lanes = TSimd.Count;
        var outputChannels = dimensions.OutputChannels;
        var realLanes = Math.Min(lanes, outputChannels - (block * lanes));
        var inputPlane = (nint)geometry.InputHeight * geometry.InputWidth;
        var outputPlane = (nint)geometry.OutputHeight * geometry.OutputWidth;

        // Lane i computes output channel c·M + m = block·lanes + i, reading input plane c. Lanes past the last channel
        // repeat it (real data, so nothing can fault or turn into NaN) and are never stored.
        var inputPlanes = stackalloc float*[lanes];
        var outputPlanes = stackalloc float*[lanes];
        var multiplier = dimensions.DepthMultiplier;
        var inputImage = job.Input + ((nint)image * dimensions.Channels * inputPlane);
        var outputImage = job.Output + ((nint)image * outputChannels * outputPlane);
        for (var lane = 0; lane < lanes; lane++)
        {
            var outputChannel = (block * lanes) + Math.Min(lane, realLanes - 1);
            var inputChannel = multiplier == 1 ? outputChannel : outputChannel / multiplier;
            inputPlanes[lane] = inputImage + (inputChannel * inputPlane);
            outputPlanes[lane] = outputImage + (outputChannel * outputPlane);
        }

        var (bandFirstRow, bandEndRow) = job.BandRows(firstRow, endRow);
        var band = DepthwiseScratch.Band(job.BandLength);
        var feed = new BandFeed<TSimd, TVector, PlanarSource<TSimd, TVector>>(
            new PlanarSource<TSimd, TVector>(inputPlanes), band, bandFirstRow, bandEndRow, dimensions, job.TilesPerStep);
        var output = new PlanarOutput<TSimd, TVector>(outputPlanes, geometry.OutputWidth, realLanes, endRow);
        var rowStride = (nint)geometry.InputWidth * lanes;
        var taps = geometry.Taps;
        DepthwiseConvKernel.Rows<TSimd, TVector, TTaps, BandFeed<TSimd, TVector, PlanarSource<TSimd, TVector>>, PlanarOutput<TSimd, TVector>, TActivation>(
            band - (bandFirstRow * rowStride),
            lanes,
            rowStride,
            job.Weights + ((nint)block * taps * lanes),
            job.Bias + ((nint)block * lanes),
            dimensions,
            firstRow,
            endRow,
            ref feed,
            ref output,
            activation);
    }
}
