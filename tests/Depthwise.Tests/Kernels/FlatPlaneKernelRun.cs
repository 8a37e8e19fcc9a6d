using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// A flat-plane kernel (<see cref="DepthwiseFlatPlaneKernel"/>, <see cref="DepthwiseFlatPlane5x5Kernel"/>) run through
/// its job directly on an NCHW case, whatever <see cref="DepthwiseFlatPlaneJob"/>'s dispatch would choose, and compared
/// with the blocked kernel bit for bit or with the scalar reference: what the tests of both kernels share.
/// </summary>
/// <param name="kernelName">The kernel as assertion messages name it.</param>
/// <param name="supports">The kernel's own test of a geometry: cases it does not support have nothing to run.</param>
internal sealed class FlatPlaneKernelRun(string kernelName, Func<ConvGeometry, bool> supports)
{
    /// <summary>Compares every bit of the flat kernel's output with the blocked kernel's, run through the plan's blocked entry point.</summary>
    public void AssertMatchesBlocked(DepthwiseConvCase testCase)
    {
        if (!testCase.Fits)
        {
            return;
        }

        var (input, weights, bias) = testCase.CreateTensors();
        var actual = Run(testCase, input, weights, bias);
        if (actual is null)
        {
            return;
        }

        var expected = (testCase with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
        Assert.True(expected.Span.SequenceEqual(actual.Span), $"{testCase}: the {kernelName} kernel differs from the blocked one.");
    }

    /// <summary>Compares the flat kernel's output with the scalar reference, within the rounding of a different summation order.</summary>
    public void AssertMatchesReference(DepthwiseConvCase testCase)
    {
        var (input, weights, bias) = testCase.CreateTensors();
        var actual = Run(testCase, input, weights, bias);
        if (actual is null)
        {
            return;
        }

        var options = testCase.Options;
        var reference = DepthwiseConv2d.Reference(input, weights, bias, options);
        var magnitude = DepthwiseConv2d.Reference(ConvTestData.Abs(input), ConvTestData.Abs(weights), bias is null ? null : ConvTestData.Abs(bias), options with { Activation = Activation.None });
        for (var i = 0; i < reference.Span.Length; i++)
        {
            var error = MathF.Abs(actual.Span[i] - reference.Span[i]);
            Assert.True(error <= 1.5e-5f * magnitude.Span[i], $"{testCase}: element {i} is {actual.Span[i]}, reference {reference.Span[i]}.");
        }
    }

    /// <summary>The flat kernel's output for the case (every element written over NaN), or null when the kernel does not support its geometry (or the hardware).</summary>
    public unsafe Tensor? Run(DepthwiseConvCase testCase, Tensor input, Tensor weights, Tensor? bias)
    {
        var options = testCase.Options;
        var problem = DepthwiseConvProblem.Create(input, weights.Shape[0], testCase.Kernel, options, nameof(weights));
        if (!supports(problem.Geometry))
        {
            return null;
        }

        return PackedNchwKernelCall.Run(testCase, problem, input, weights, bias, (inputStart, outputStart, weightsStart, biasStart) =>
            DepthwiseConvDispatch.Run(
                new DepthwiseFlatPlaneJob(inputStart, outputStart, weightsStart, biasStart, problem.Lanes, problem.Batch, problem.Dimensions, problem.Threads),
                options.Activation,
                problem.Threads));
    }
}
