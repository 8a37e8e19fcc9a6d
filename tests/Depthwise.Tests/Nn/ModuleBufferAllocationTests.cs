using Depthwise.Nn;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Nn;

/// <summary>
/// Training-mode modules that keep their outputs and gradients in buffers across steps: a steady-state forward and
/// backward allocates only small bookkeeping (closures, shape arrays), not tensors.
/// </summary>
[Collection(SteadyStateAllocationCollection.Name)]
public sealed class ModuleBufferAllocationTests
{
    [Fact]
    public void FlattenDropoutAndLinearReuseTheirTensors()
    {
        // 64 × 256 floats are 64 KB per tensor; without buffers a step allocates six of them.
        var model = new Sequential(new Flatten(), new Dropout(0.5, seed: 3), new Linear(256, 10));
        Initialization.Default(model, seed: 1);
        var input = ConvTestData.Image(new Random(4), 64, 16, 4, 4, TensorLayout.Nchw);
        var gradOutput = ConvTestData.Tensor(new Random(5), 64, 10);

        var allocated = SteadyStateBytes(model, input, gradOutput);

        Assert.True(allocated < 8 * 1024, $"a steady-state step allocated {allocated} bytes; expected under 8 KB.");
    }

    [Fact]
    public void PointwiseConvolutionBackwardKeepsItsScratch()
    {
        // 7² with Cout → Cin = 96 → 32 computes ∂in with pixels as GEMM rows from packed weights, on two threads.
        var model = new Sequential(new PointwiseConv2d(32, 96, bias: true, threads: 2));
        Initialization.Default(model, seed: 1);
        var input = ConvTestData.Image(new Random(6), 16, 32, 7, 7, TensorLayout.Nchw);
        var gradOutput = ConvTestData.Image(new Random(7), 16, 96, 7, 7, TensorLayout.Nchw);

        var allocated = SteadyStateBytes(model, input, gradOutput);

        // The tensors are 100–300 KB each; what remains are the work items' closures.
        Assert.True(allocated < 4 * 1024, $"a steady-state step allocated {allocated} bytes; expected under 4 KB.");
    }

    [Fact]
    public void BufferedModulesComputeWhatTheOperatorsCompute()
    {
        var linear = new Linear(12, 5);
        Initialization.Default(linear, seed: 2);
        var input = ConvTestData.Tensor(new Random(8), 6, 12);
        var gradOutput = ConvTestData.Tensor(new Random(9), 6, 5);
        var expected = Depthwise.Operators.Linear.Forward(input, linear.Weight.Value, linear.Bias!.Value);
        var expectedGradients = Depthwise.Operators.Linear.Backward(input, linear.Weight.Value, gradOutput);

        for (var step = 0; step < 2; step++)
        {
            linear.Weight.Gradient = null;
            linear.Bias.Gradient = null;
            Assert.Equal(expected.Span.ToArray(), linear.Forward(input).Span.ToArray());
            Assert.Equal(expectedGradients.GradInput.Span.ToArray(), linear.Backward(gradOutput).Span.ToArray());
            Assert.Equal(expectedGradients.GradWeights.Span.ToArray(), linear.Weight.Gradient!.Span.ToArray());
            Assert.Equal(expectedGradients.GradBias!.Span.ToArray(), linear.Bias.Gradient!.Span.ToArray());
        }
    }

    // On this thread (tensors and closures are allocated by the caller), the least over a few single steps: the
    // process-wide counter also charges whatever the test runner's threads allocate meanwhile (CI once read 13 KB).
    private static long SteadyStateBytes(Module model, Tensor input, Tensor gradOutput)
    {
        void Step()
        {
            model.Forward(input);
            model.Backward(gradOutput);
        }

        Step();
        Step();
        return SteadyStateAllocation.Bytes(Step, callsPerRound: 1);
    }
}
