using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Infrastructure;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>
/// The checks both 7×7-output plane kernels share (<see cref="DepthwiseSevenPlaneKernelTests"/> at stride 1,
/// <see cref="DepthwiseSevenPlaneStride2KernelTests"/> at stride 2), each class running them on its own geometry: bit for
/// bit against the channel-blocked kernel and against the scalar reference over channel counts, depth multipliers,
/// batches, activations, bias or none and threads; the operators; thread counts; neighbouring planes; allocation.
/// </summary>
public abstract class SevenPlaneKernelTests
{
    private static readonly Activation[] Activations = [Activation.None, Activation.Relu, Activation.Relu6, Activation.HardSwish, Activation.Clip(-0.25f, 0.5f)];

    /// <summary>The kernel under test, run through the flat-plane job.</summary>
    private protected abstract FlatPlaneKernelRun Kernel { get; }

    /// <summary>The kernel's layer: plane size, stride and SAME_UPPER padding set, one thread.</summary>
    private protected abstract DepthwiseConvCase Layer { get; }

    /// <summary>The same padding written as explicit pixels, which the kernel also takes.</summary>
    private protected abstract Padding ExplicitPadding { get; }

    /// <summary>The channel count of the network layer the kernel was written for.</summary>
    private protected abstract int NetworkChannels { get; }

    private int PlanePixels => Layer.Height * Layer.Width;

    // Channel counts 1 … 40 (around every register width of the packed weights), depth multipliers 1–3, batches 1–3,
    // every activation, bias or none, 1–3 threads: the blocked kernel bit for bit, and the reference.
    [Fact]
    public void EveryChannelCountMultiplierAndBatchMatchesTheBlockedKernelAndTheReference()
    {
        for (var channels = 1; channels <= 40; channels++)
        {
            var testCase = Layer with
            {
                Channels = channels,
                Multiplier = 1 + (channels % 3),
                Batch = 1 + (channels % 3),
                Padding = channels % 2 == 0 ? Padding.SameUpper : ExplicitPadding,
                Activation = Activations[channels % Activations.Length],
                HasBias = channels % 4 != 0,
                Threads = 1 + (channels % 3),
            };
            Kernel.AssertMatchesBlocked(testCase);
            Kernel.AssertMatchesReference(testCase);
        }
    }

    // The network's layer and a count that leaves a short last item per thread, through the operators: the reference,
    // and the same bits from NHWC (the blocked kernel), the blocked layout and a prepared plan.
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(93, 3)]
    public void OperatorsMatchTheReferenceAndTheBlockedKernel(int channels, int threads)
    {
        var testCase = Layer with { Channels = channels == 0 ? NetworkChannels : channels, Activation = Activation.Relu6, Threads = threads };
        testCase.AssertEntryPointsAgree("NCHW");
    }

    [Fact]
    public void ThreadCountsGiveTheSameBits()
    {
        var testCase = Layer with { Channels = 37, Batch = 3, Activation = Activation.HardSwish };
        var (input, weights, bias) = testCase.CreateTensors();
        var one = Kernel.Run(testCase with { Threads = 1 }, input, weights, bias);
        for (var threads = 2; threads <= 4; threads++)
        {
            var many = Kernel.Run(testCase with { Threads = threads }, input, weights, bias);
            Assert.True(one is null == many is null);
            Assert.True(one is null || one.Span.SequenceEqual(many!.Span), $"{threads} threads differ from one.");
        }
    }

    // Infinities and NaNs in the planes either side of a channel (and at the ends of the tensor) must not reach its output.
    [Fact]
    public void NonFiniteNeighbouringPlanesDoNotLeak()
    {
        var testCase = Layer with { Channels = 3, Padding = ExplicitPadding };
        var plane = PlanePixels;
        var (input, weights, bias) = testCase.CreateTensors();
        input.Span[..plane].Fill(float.PositiveInfinity);
        input.Span[(2 * plane)..].Fill(float.NaN);
        var output = Kernel.Run(testCase, input, weights, bias);

        input.Span[..plane].Clear();
        input.Span[(2 * plane)..].Clear();
        var clean = Kernel.Run(testCase, input, weights, bias);
        if (output is null || clean is null)
        {
            return;
        }

        var middle = output.Span.Slice(49, 49);
        Assert.True(middle.SequenceEqual(clean.Span.Slice(49, 49)), "channel 1 changed.");
        foreach (var value in middle)
        {
            Assert.True(float.IsFinite(value), $"channel 1 holds {value}.");
        }
    }

    [Fact]
    public void PreparedCallsAllocateNothingInTheSteadyState()
    {
        var testCase = Layer with { Channels = 96 };
        var (input, weights, bias) = testCase.CreateTensors();
        var plan = DepthwiseConv2d.Prepare(weights, bias, testCase.Options);
        var output = plan.Forward(input);
        plan.Forward(input, output);
        Assert.Equal(0, SteadyStateAllocation.Bytes(() => plan.Forward(input, output), callsPerRound: 10));
    }
}
