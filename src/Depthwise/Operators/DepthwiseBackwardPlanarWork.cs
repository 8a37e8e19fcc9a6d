using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// One work item of the planar backward bodies (<see cref="DepthwiseBackwardBody.Planar3x3"/>,
/// <see cref="DepthwiseBackwardBody.PlanarStride2"/>): one (image, channel) plane of NCHW data, its weight and bias gradient sums into the item's slot of partial sums.
/// </summary>
internal readonly unsafe struct DepthwiseBackwardPlanarWork<TSimd, TVector>(in DepthwiseBackwardJob job) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
{
    private readonly DepthwiseBackwardJob _job = job;

    public void Execute(int item)
    {
        // gradOutput plane (Ho, Wo), input plane (H, W), weights (3, 3) of item = n·C + c → gradInput plane (H, W), partial sums (3·3 + 1)
        var job = _job;
        var geometry = job.Geometry;
        var channel = item % job.Channels;
        var inputPlane = (nint)geometry.InputHeight * geometry.InputWidth;
        var outputPlane = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var padded = DepthwiseScratch.Band((nint)DepthwiseBackwardPlanarKernel.PaddedRows(geometry) * DepthwiseBackwardPlanarKernel.PaddedColumns(geometry, TSimd.Count));
        var gradOutput = job.GradOutput + (item * outputPlane);
        var input = job.Input + (item * inputPlane);
        var gradInput = job.GradInput + (item * inputPlane);
        var weights = job.Weights + (channel * geometry.Taps);
        var sums = job.Partials + ((nint)item * job.PartialLength);
        var nextGradOutput = item + 1 < job.Items ? job.GradOutput + ((item + 1) * outputPlane) : null;
        var nextInput = item + 1 < job.Items ? job.Input + ((item + 1) * inputPlane) : null;
        if (job.Body == DepthwiseBackwardBody.Planar3x3)
        {
            DepthwiseBackwardPlanarKernel.Plane<TSimd, TVector>(gradOutput, input, gradInput, weights, sums, padded, nextGradOutput, nextInput, geometry);
        }
        else
        {
            DepthwiseBackwardPlanarKernel.PlaneStride2<TSimd, TVector>(gradOutput, input, gradInput, weights, sums, padded, nextGradOutput, nextInput, geometry);
        }
    }
}
