using Depthwise.Kernels;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// Runs one of the NCHW kernels (planar, flat-plane) directly, bypassing the dispatch that would pick a kernel: packs the
/// case's weights and bias as the kernels read them, pins everything, and hands the pointers to the caller's job. The
/// output starts as NaN, so an element the kernel never writes fails any comparison.
/// </summary>
internal static class PackedNchwKernelCall
{
    /// <summary>Builds the kernel's job on the pinned tensors and runs it.</summary>
    public unsafe delegate void PinnedRun(float* input, float* output, float* packedWeights, float* packedBias);

    public static unsafe Tensor Run(DepthwiseConvCase testCase, DepthwiseConvProblem problem, Tensor input, Tensor weights, Tensor? bias, PinnedRun run)
    {
        var outputChannels = problem.OutputChannels;
        var taps = testCase.Kernel.Height * testCase.Kernel.Width;
        var packedBlocks = DepthwiseConvKernel.PackedBlocks(outputChannels, problem.Lanes);
        var packedWeights = new float[packedBlocks * taps * problem.Lanes];
        var packedBias = new float[packedBlocks * problem.Lanes];
        DepthwiseConvKernel.PackWeights(weights.Span, bias is null ? default : bias.Span, outputChannels, taps, problem.Lanes, packedWeights, packedBias);
        var output = problem.CreateOutput();
        output.Span.Fill(float.NaN);
        fixed (float* inputStart = input.Span)
        fixed (float* outputStart = output.Span)
        fixed (float* weightsStart = packedWeights)
        fixed (float* biasStart = packedBias)
        {
            run(inputStart, outputStart, weightsStart, biasStart);
        }

        return output;
    }
}
