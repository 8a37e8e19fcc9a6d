using System.Globalization;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Depthwise.Tests.Operators;

namespace Depthwise.Tests.Kernels;

/// <summary>One depthwise problem (shapes, options, seed) and the checks every sweep runs on it.</summary>
public sealed record DepthwiseConvCase(
    int Batch,
    int Channels,
    int Multiplier,
    int Height,
    int Width,
    Size2D Kernel,
    Size2D Stride,
    Size2D Dilation,
    Padding Padding,
    TensorLayout Layout,
    Activation Activation,
    bool HasBias,
    int Threads = 2,
    int Seed = 1,
    DepthwiseConvPath Path = DepthwiseConvPath.Static)
{
    // The optimized kernels accumulate bias first, then one fused multiply-add per tap; the reference sums rounded
    // products from zero and adds the bias last. Both orders are exact to within a few float32 roundings of the sum
    // of |terms| (k taps ⇒ at most about 2·k·2^-24 relative, 6e-6 for 7×7), so the check scales 1e-5 by that sum,
    // not by the result, which can cancel to ~0. HardSwish has slope up to 1.5, hence the factor.
    private const float RelativeTolerance = 1e-5f * 1.5f;

    /// <summary>A 3×3, stride 1, same-padded NCHW problem without bias or activation, to vary one field at a time.</summary>
    public static DepthwiseConvCase Default { get; } = new(
        Batch: 1, Channels: 5, Multiplier: 1, Height: 9, Width: 11, Kernel: 3, Stride: 1, Dilation: 1, Padding: Padding.SameUpper,
        Layout: TensorLayout.Nchw, Activation: Activation.None, HasBias: true);

    public Conv2dOptions Options => new()
    {
        Stride = Stride,
        Dilation = Dilation,
        Padding = Padding,
        Activation = Activation,
        Threads = Threads,
    };

    /// <summary>Whether the kernel fits the padded input (random sweeps skip the cases that do not).</summary>
    public bool Fits
    {
        get
        {
            try
            {
                _ = ConvGeometry.Create(Height, Width, Kernel, Stride, Dilation, Padding);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    /// <summary>Random input, weights and bias in [-1, 1]; the input is generated in NCHW order and then stored in <see cref="Layout"/>.</summary>
    public (Tensor Input, Tensor Weights, Tensor? Bias) CreateTensors()
    {
        var random = new Random(Seed);
        var outputChannels = Channels * Multiplier;
        using var nchw = new Tensor(RandomValues(random, Batch * Channels * Height * Width), [Batch, Channels, Height, Width]);
        var input = nchw.ToLayout(Layout);
        var weights = new Tensor(RandomValues(random, outputChannels * Kernel.Height * Kernel.Width), [outputChannels, 1, Kernel.Height, Kernel.Width]);
        var bias = HasBias ? new Tensor(RandomValues(random, outputChannels), [outputChannels]) : null;
        return (input, weights, bias);
    }

    /// <summary>Runs the optimized operator through <see cref="Path"/>; the result is in <see cref="Layout"/>.</summary>
    public Tensor RunOptimized(Tensor input, Tensor weights, Tensor? bias)
    {
        switch (Path)
        {
            case DepthwiseConvPath.Static:
                return DepthwiseConv2d.Forward(input, weights, bias, Options);
            case DepthwiseConvPath.Prepared:
                return DepthwiseConv2d.Prepare(weights, bias, Options).Forward(input);
            default:
                {
                    // The blocked kernel reads and writes its own layout; convert an NCHW view of the input in, and the
                    // result back out into this case's layout.
                    var plan = DepthwiseConv2d.Prepare(weights, bias, Options);
                    var geometry = DepthwiseConv2d.Geometry(input, weights, Options);
                    var outputChannels = Channels * Multiplier;
                    var blockedInput = BlockedLayoutForTests.ToBlocked(input.ToLayout(TensorLayout.Nchw), plan.Lanes);
                    var blockedOutput = new float[Batch * ((outputChannels + plan.Lanes - 1) / plan.Lanes) * geometry.OutputHeight * geometry.OutputWidth * plan.Lanes];
                    plan.ForwardBlocked(blockedInput, blockedOutput, Batch, Channels, Height, Width);
                    return BlockedLayoutForTests.FromBlocked(blockedOutput, Batch, outputChannels, geometry.OutputHeight, geometry.OutputWidth, plan.Lanes).ToLayout(Layout);
                }
        }
    }

    /// <summary>Runs the optimized operator and the scalar reference and compares them element by element.</summary>
    public void AssertOptimizedMatchesReference()
    {
        var (input, weights, bias) = CreateTensors();
        AssertMatchesReference(input, weights, bias, RunOptimized(input, weights, bias));
    }

    /// <summary>
    /// Runs the optimized operator against the scalar reference, then checks that every other entry point gives its bits
    /// for the same NCHW tensors: a prepared plan, the blocked path and NHWC (the blocked kernel).
    /// </summary>
    /// <param name="kernelName">The kernel the NCHW path takes, named in the failure messages.</param>
    public void AssertEntryPointsAgree(string kernelName)
    {
        AssertOptimizedMatchesReference();
        var (input, weights, bias) = CreateTensors();
        var nchw = RunOptimized(input, weights, bias);
        var prepared = (this with { Path = DepthwiseConvPath.Prepared }).RunOptimized(input, weights, bias);
        var blocked = (this with { Path = DepthwiseConvPath.Blocked }).RunOptimized(input, weights, bias);
        var channelsLast = DepthwiseConv2d.Forward(input.ToLayout(TensorLayout.Nhwc), weights, bias, Options).ToLayout(TensorLayout.Nchw);
        Assert.True(nchw.Span.SequenceEqual(prepared.Span), $"{this}: static and prepared differ.");
        Assert.True(nchw.Span.SequenceEqual(blocked.Span), $"{this}: {kernelName} and blocked differ.");
        Assert.True(nchw.Span.SequenceEqual(channelsLast.Span), $"{this}: NCHW and NHWC differ.");
    }

    /// <summary>Runs this case on one thread and on each of <paramref name="threads"/> and checks that all give the same bits.</summary>
    public void AssertSameBitsForThreads(params int[] threads)
    {
        var (input, weights, bias) = CreateTensors();
        var one = (this with { Threads = 1 }).RunOptimized(input, weights, bias);
        foreach (var count in threads)
        {
            var more = (this with { Threads = count }).RunOptimized(input, weights, bias);
            Assert.True(one.Span.SequenceEqual(more.Span), $"{this}: 1 and {count} threads differ.");
        }
    }

    /// <summary>
    /// Checks this case (one padding column left and right) bit for bit against the same sums with the padding columns
    /// made real zero columns and no left/right padding, which take the eight-pixel blocks: they add fma(0, w, acc) at
    /// the same taps as the kernels with padding columns.
    /// </summary>
    /// <param name="kernelName">The kernel this case takes, named in the failure message.</param>
    public void AssertEqualsZeroColumnBlocks(string kernelName)
    {
        var (input, weights, bias) = CreateTensors();
        var actual = RunOptimized(input, weights, bias);
        using var widened = DepthwiseConvRunTests.WithZeroColumns(input, 1);
        var blocks = (this with { Width = Width + 2, Padding = Padding.Explicit(1, 0, 1, 0) }).RunOptimized(widened, weights, bias);
        Assert.True(actual.Span.SequenceEqual(blocks.Span), $"{this}: {kernelName} and eight-pixel blocks differ.");
    }

    /// <summary>Compares <paramref name="optimized"/>, computed from these tensors, with the scalar reference element by element.</summary>
    public void AssertMatchesReference(Tensor input, Tensor weights, Tensor? bias, Tensor optimized)
    {
        var reference = DepthwiseConv2d.Reference(input, weights, bias, Options);

        // Σ|input·weight| + |bias| per output element: the scale of the rounding error.
        var magnitude = DepthwiseConv2d.Reference(ConvTestData.Abs(input), ConvTestData.Abs(weights), bias is null ? null : ConvTestData.Abs(bias), Options with { Activation = Activation.None });

        Assert.Equal(reference.ShapeArray(), optimized.ShapeArray());
        Assert.Equal(reference.Layout, optimized.Layout);
        var actual = optimized.Span;
        var expected = reference.Span;
        for (var i = 0; i < expected.Length; i++)
        {
            var error = MathF.Abs(actual[i] - expected[i]);
            if (!(error <= RelativeTolerance * magnitude.Span[i]))
            {
                Assert.Fail(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{this}: element {i} of {reference} is {actual[i]}, reference {expected[i]} (error {error}, allowed {RelativeTolerance * magnitude.Span[i]})."));
            }
        }
    }

    /// <summary><paramref name="count"/> values uniform in [−1, 1).</summary>
    internal static float[] RandomValues(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }

}
