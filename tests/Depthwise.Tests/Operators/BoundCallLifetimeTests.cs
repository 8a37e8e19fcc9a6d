using System.Runtime.CompilerServices;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Tests.Operators;

/// <summary>
/// A bound call outlives every other reference to its plan (ONNX execution plans keep only the bound call of each step).
/// The call reads the plan's packed weights through raw pointers into pinned arrays, so it must keep the plan alive:
/// a collected plan's pinned arrays go back to the pinned heap, and the next pinned allocations reuse their memory.
/// </summary>
public class BoundCallLifetimeTests
{
    [Theory]
    [InlineData(false, TensorLayout.Nchw)]
    [InlineData(false, TensorLayout.Nhwc)]
    [InlineData(true, TensorLayout.Nchw)]
    [InlineData(true, TensorLayout.Nhwc)]
    public void ABoundCallKeepsItsPlanAlive(bool invertedResidual, TensorLayout layout)
    {
        // separable: 48 channels of 20² → 40; inverted residual: 16 → 96 → 24 channels, 21 × 24 at stride 2
        var random = new Random(31);
        var input = invertedResidual ? ConvTestData.Image(random, 1, 16, 21, 24, layout) : ConvTestData.Image(random, 1, 48, 20, 20, layout);
        var output = invertedResidual ? Tensor.Image(1, 24, 11, 12, layout) : Tensor.Image(1, 40, 20, 20, layout);
        var (run, plan) = invertedResidual
            ? BindInvertedResidualWithoutKeepingThePlan(random, input, output)
            : BindSeparableWithoutKeepingThePlan(random, input, output);

        AssertRunsTheSameAfterACollection(run, plan, output);
    }

    private static void AssertRunsTheSameAfterACollection(Action run, WeakReference plan, Tensor output)
    {
        run();
        var expected = output.Span.ToArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.True(plan.IsAlive, "the plan was collected while its bound call was still reachable");

        // Had the plan gone, pinned arrays allocated now would take its memory: fill them with NaN.
        var tenants = new List<float[]>();
        for (var i = 0; i < 64; i++)
        {
            var tenant = GC.AllocateUninitializedArray<float>(1024 << (i % 6), pinned: true);
            tenant.AsSpan().Fill(float.NaN);
            tenants.Add(tenant);
        }

        output.Span.Clear();
        run();
        GC.KeepAlive(tenants);
        var actual = output.Span;
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"element {i} is {actual[i]} after a collection, {expected[i]} before");
        }
    }

    // Not inlined, so that nothing in the caller's frame refers to the plan: only the returned call can keep it alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Action Run, WeakReference Plan) BindSeparableWithoutKeepingThePlan(Random random, Tensor input, Tensor output)
    {
        var plan = SeparableConv2d.Prepare(
            ConvTestData.Tensor(random, 48, 1, 3, 3), ConvTestData.Tensor(random, 48), ConvTestData.Tensor(random, 40, 48), ConvTestData.Tensor(random, 40),
            new SeparableConv2dOptions { Padding = Padding.SameUpper, DepthwiseActivation = Activation.Relu6, Threads = 1 });
        return (plan.Bind(input, output), new WeakReference(plan));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Action Run, WeakReference Plan) BindInvertedResidualWithoutKeepingThePlan(Random random, Tensor input, Tensor output)
    {
        var plan = InvertedResidualConv2d.Prepare(
            ConvTestData.Tensor(random, 96, 16), ConvTestData.Tensor(random, 96), ConvTestData.Tensor(random, 96, 1, 3, 3), ConvTestData.Tensor(random, 96),
            ConvTestData.Tensor(random, 24, 96), ConvTestData.Tensor(random, 24),
            new InvertedResidualConv2dOptions { Stride = 2, Padding = Padding.SameUpper, ExpandActivation = Activation.Relu6, DepthwiseActivation = Activation.Relu6, Threads = 1 });
        return (plan.Bind(input, null, output), new WeakReference(plan));
    }
}
