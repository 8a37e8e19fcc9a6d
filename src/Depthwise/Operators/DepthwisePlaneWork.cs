using System.Runtime.CompilerServices;
using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// A work item of the planar kernel: output rows [firstRow, endRow) of one output channel of one image, NCHW in and
/// NCHW out, read and written in place (<see cref="DepthwisePlaneKernel"/> at stride 1,
/// <see cref="DepthwisePlaneStride2Kernel"/> at stride 2).
/// </summary>
internal readonly unsafe struct DepthwisePlaneWork<TSimd, TVector, TActivation>(in DepthwisePlaneJob job, TActivation activation) : IWorkItem
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
    where TActivation : struct, IActivationOperator<TActivation>
{
    private readonly DepthwisePlaneJob _job = job;

    // Without it the prologue zeroes the ~0.8 KB of struct locals the inlined kernel set-up keeps on the stack (the
    // broadcast taps, plane and geometry copies) once per plane: ~50 stores per work item, all written before read.
    [SkipLocalsInit]
    public void Execute(int item)
    {
        // input (N, C, H, W), packed weights, packed bias → output rows [firstRow, endRow) of plane (n, c·M + m) of (N, C·M, Ho, Wo)
        var job = _job;
        var (image, firstRow, endRow, channel) = job.Item(item);
        var dimensions = job.Dimensions;
        var geometry = dimensions.Geometry;
        var inputPlane = (nint)geometry.InputHeight * geometry.InputWidth;
        var outputPlane = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var input = job.Input + ((((nint)image * dimensions.Channels) + (channel / dimensions.DepthMultiplier)) * inputPlane);
        var output = job.Output + ((((nint)image * dimensions.OutputChannels) + channel) * outputPlane);

        // Packed weights are (blocks, taps, lanes): the channel's taps are one lane apart.
        var weightLanes = job.WeightLanes;
        var (block, lane) = Math.DivRem(channel, weightLanes);
        var weights = job.Weights + ((nint)block * geometry.Taps * weightLanes) + lane;
        if (geometry.Stride.Width == 1)
        {
            DepthwisePlaneKernel.Rows<TSimd, TVector, TActivation>(
                input, output, weights, weightLanes, job.Bias[channel], geometry, firstRow, endRow, job.Sweep, activation);
        }
        else
        {
            DepthwisePlaneStride2Kernel.Rows<TSimd, TVector, TActivation>(
                input, output, weights, weightLanes, job.Bias[channel], geometry, firstRow, endRow, activation);
        }
    }
}
