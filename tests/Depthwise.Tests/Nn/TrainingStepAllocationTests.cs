using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Optim;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Nn;

/// <summary>A steady-state training step reuses the modules' buffers: it allocates a small fraction of its tensors' size.</summary>
[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public sealed class TrainingStepAllocationTests
{
    [Fact]
    public void ASteadyStateStepAllocatesFarLessThanItsActivations()
    {
        var model = SmallCnn.CreateSeparable(seed: 1);
        var optimizer = new Sgd(model.NamedParameters().Select(pair => pair.Parameter), 0.01, new SgdOptions { Momentum = 0.9 });
        var loss = new CrossEntropyLoss();
        var input = ConvTestData.Image(new Random(8), 16, 1, 28, 28, TensorLayout.Nchw);
        var labels = Enumerable.Range(0, 16).Select(i => i % 10).ToArray();
        void Step()
        {
            optimizer.ZeroGrad();
            model.Backward(loss.Compute(model.Forward(input), labels).GradLogits, computeInputGradient: false);
            optimizer.Step();
        }

        Step();
        Step();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Step();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // The step's activations and gradients: 16 images × 32 channels × 28² floats is 1.6 MB for one layer alone, and
        // there are about thirty such tensors. Before buffers, a step allocated all of them (≈ 40 MB at this batch).
        Assert.True(allocated < 256 * 1024, $"a steady-state step allocated {allocated} bytes; expected under 256 KB.");
    }
}
