using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Kernels;

namespace Depthwise.Tests.Operators;

/// <summary>The backward pass into caller-provided gradients allocates nothing beyond its validation once the calling thread's scratch has grown.</summary>
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public sealed class DepthwiseConv2dBackwardAllocationTests
{
    [Theory]
    [InlineData(TensorLayout.Nchw, 1, 1, 14)]
    [InlineData(TensorLayout.Nhwc, 1, 1, 14)]
    [InlineData(TensorLayout.Nchw, 2, 1, 14)]
    [InlineData(TensorLayout.Nchw, 1, 1, 40)]
    [InlineData(TensorLayout.Nchw, 1, 2, 14)]
    [InlineData(TensorLayout.Nhwc, 2, 3, 14)]
    public void SteadyStateCallsAllocateNothingBeyondValidationOnOneThread(TensorLayout layout, int stride, int multiplier, int width)
    {
        var problem = DepthwiseConvCase.Default with
        {
            Batch = 2,
            Channels = 24,
            Multiplier = multiplier,
            Height = 14,
            Width = width,
            Stride = stride,
            Layout = layout,
            Threads = 1,
        };
        var (input, weights, _) = problem.CreateTensors();
        var gradOutput = DepthwiseConvBackwardCheck.GradOutput(problem, input, weights);
        var gradients = DepthwiseConv2d.Backward(input, weights, gradOutput, problem.Options);
        DepthwiseConv2d.BackwardInto(input, weights, gradOutput, gradients, problem.Options);

        // The validation shared with DepthwiseConv2d.Geometry allocates a few bytes (72 here); the backward pass adds nothing.
        var geometryBytes = SteadyStateAllocation.Bytes(() => DepthwiseConv2d.Geometry(input, weights, problem.Options), callsPerRound: 1);
        Assert.Equal(geometryBytes, SteadyStateAllocation.Bytes(() => DepthwiseConv2d.BackwardInto(input, weights, gradOutput, gradients, problem.Options), callsPerRound: 1));
    }
}
