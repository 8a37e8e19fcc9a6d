using Depthwise.Kernels;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// A work item of the flat-plane kernel: output channels [first, end) of one image, NCHW in and NCHW out. At stride 1 each
/// input plane is copied once into the thread's scratch (padded) and every output channel that reads it is computed
/// from there (<see cref="DepthwiseFlatPlaneKernel.Channels{TActivation}"/>); paired rows and stride 2 read the input
/// planes in place.
/// </summary>
internal readonly unsafe struct DepthwiseFlatPlaneWork<TActivation>(in DepthwiseFlatPlaneJob job, TActivation activation) : IWorkItem
    where TActivation : struct, IActivationOperator<TActivation>
{
    private readonly DepthwiseFlatPlaneJob _job = job;

    public void Execute(int item)
    {
        // input (N, C, H, W), packed weights, packed bias → planes (n, first … end − 1) of (N, C·M, Ho, Wo)
        var job = _job;
        var (image, firstChannel, endChannel) = job.Item(item);
        var dimensions = job.Dimensions;
        var geometry = dimensions.Geometry;
        var shape = job.Shape;
        var inputPlane = (nint)geometry.InputHeight * geometry.InputWidth;
        var outputPlane = (nint)geometry.OutputHeight * geometry.OutputWidth;
        var input = job.Input + ((nint)image * dimensions.Channels * inputPlane);
        var output = job.Output + ((nint)image * dimensions.OutputChannels * outputPlane);
        if (shape.FiveByFive)
        {
            DepthwiseFlatPlane5x5Kernel.Channels(
                input, output, job.Weights, job.WeightLanes, job.Bias, firstChannel, endChannel, dimensions.DepthMultiplier, geometry, activation);
            return;
        }

        if (shape.SevenPlane)
        {
            SevenPlaneChannels.Run<DepthwiseSevenPlaneKernel, TActivation>(
                input, output, job.Weights, job.WeightLanes, job.Bias, firstChannel, endChannel, dimensions.DepthMultiplier, activation);
            return;
        }

        if (shape.SevenPlaneStride2)
        {
            SevenPlaneChannels.Run<DepthwiseSevenPlaneStride2Kernel, TActivation>(
                input, output, job.Weights, job.WeightLanes, job.Bias, firstChannel, endChannel, dimensions.DepthMultiplier, activation);
            return;
        }

        if (shape.RowsAdjacent)
        {
            DepthwiseFlatPlaneKernel.AdjacentChannels(
                input, output, job.Weights, job.WeightLanes, job.Bias, firstChannel, endChannel, dimensions.DepthMultiplier, geometry, activation);
            return;
        }

        if (shape.PairsRows)
        {
            DepthwiseFlatPlaneKernel.PairedChannels(
                input, output, job.Weights, job.WeightLanes, job.Bias, firstChannel, endChannel, dimensions.DepthMultiplier, geometry, activation);
            return;
        }

        if (shape.RowsShift)
        {
            DepthwiseFlatPlaneKernel.ShiftedChannels(
                input, output, job.Weights, job.WeightLanes, job.Bias, firstChannel, endChannel, dimensions.DepthMultiplier, geometry, activation);
            return;
        }

        if (shape.Stride == 2)
        {
            DepthwiseFlatPlaneKernel.SplitChannels(
                input, output, job.Weights, job.WeightLanes, job.Bias, firstChannel, endChannel, dimensions.DepthMultiplier, geometry, activation);
            return;
        }

        var scratch = DepthwiseScratch.FlatPlane(shape.ScratchLength);
        DepthwiseFlatPlaneKernel.Prepare(scratch, shape);
        DepthwiseFlatPlaneKernel.Channels(
            input,
            output,
            job.Weights,
            job.WeightLanes,
            job.Bias,
            firstChannel,
            endChannel,
            dimensions.DepthMultiplier,
            scratch,
            shape,
            geometry,
            activation);
    }
}
