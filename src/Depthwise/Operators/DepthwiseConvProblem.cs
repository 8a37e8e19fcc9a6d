using System.Runtime.CompilerServices;
using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// A validated depthwise call: geometry, depth multiplier, activation, threads and the register width, checked once by
/// <see cref="DepthwiseConv2d"/> or <see cref="DepthwiseConv2dPlan"/> before any pointer reaches a kernel.
/// </summary>
internal readonly record struct DepthwiseConvProblem(
    int Batch, int Channels, int DepthMultiplier, int OutputChannels, ConvGeometry Geometry, Activation Activation, int Threads, int Lanes, TensorLayout Layout)
{
    /// <summary>
    /// Below this many multiply-adds (about 3 µs on one Zen 4 core) a layer runs on the calling thread whatever the thread
    /// count. Measured with two threads on NCHW 3×3 7×7 layers: 28 K multiply-adds (1.5 µs) took 2.0 µs and 56 K (3 µs)
    /// took 4.5 µs, while 113 K (5.8 µs) took 3.8–4.2 µs and 226 K (11 µs) 7 µs: below the crossover the pool's hand-off
    /// (~0.4 µs) and the cache lines the helper has to fetch cost more than half the work saves.
    /// </summary>
    public const long SingleThreadMultiplyAdds = 1 << 17;

    public DepthwiseConvDimensions Dimensions => new(Geometry, Channels, DepthMultiplier);

    /// <summary>Checks everything about a call that does not depend on how the weights are stored.</summary>
    /// <param name="input">The input image tensor.</param>
    /// <param name="outputChannels">C·M, from the weights.</param>
    /// <param name="kernel">kH × kW, from the weights.</param>
    /// <param name="options">Stride, dilation, padding, activation, threads.</param>
    /// <param name="filtersParameter">Parameter to blame when the filter count does not fit the input's channels.</param>
    /// <returns>The validated problem.</returns>
    public static DepthwiseConvProblem Create(Tensor input, int outputChannels, Size2D kernel, Conv2dOptions options, string filtersParameter)
    {
        input.RequireRank4(nameof(input));
        return Create(input.Batch, input.Channels, input.Height, input.Width, input.Layout, outputChannels, kernel, options, filtersParameter);
    }

    /// <summary>Checks everything about a call on an (N, C, H, W) image stored in <paramref name="layout"/>.</summary>
    /// <param name="batch">N.</param>
    /// <param name="channels">C.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="layout">How the image is stored (the blocked kernel passes <see cref="TensorLayout.Nhwc"/>; it is not used to pick a path).</param>
    /// <param name="outputChannels">C·M, from the weights.</param>
    /// <param name="kernel">kH × kW, from the weights.</param>
    /// <param name="options">Stride, dilation, padding, activation, threads.</param>
    /// <param name="filtersParameter">Parameter to blame when the filter count does not fit the input's channels.</param>
    /// <returns>The validated problem.</returns>
    public static DepthwiseConvProblem Create(
        int batch, int channels, int height, int width, TensorLayout layout, int outputChannels, Size2D kernel, Conv2dOptions options, string filtersParameter)
    {
        if (batch < 1 || channels < 1 || height < 1 || width < 1)
        {
            throw new ArgumentException($"input is ({batch}, {channels}, {height}, {width}); expected every dimension to be at least 1.", "input");
        }

        if (outputChannels % channels != 0)
        {
            throw new ArgumentException(
                $"weights has {outputChannels} filters, not a multiple of the input's {channels} channels; expected C*M filters for a whole depth multiplier M >= 1.",
                filtersParameter);
        }

        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, $"options.Threads is {options.Threads}; expected 0 (default) or at least 1.");
        }

        var geometry = ConvGeometry.Create(height, width, kernel, options.Stride, options.Dilation, options.Padding);

        // Kernels index the padded input with int arithmetic.
        if ((long)geometry.InputHeight + geometry.PadTop + geometry.PadBottom > int.MaxValue
            || (long)geometry.InputWidth + geometry.PadLeft + geometry.PadRight > int.MaxValue)
        {
            throw new ArgumentException(
                $"padding {options.Padding} makes the padded input {(long)geometry.InputHeight + geometry.PadTop + geometry.PadBottom}x{(long)geometry.InputWidth + geometry.PadLeft + geometry.PadRight}; expected each side at most {int.MaxValue}.",
                nameof(options));
        }

        RequireOutputFits(batch, outputChannels, geometry, "input");

        var lanes = SimdWidth.For(outputChannels);
        var problem = new DepthwiseConvProblem(
            batch, channels, outputChannels / channels, outputChannels, geometry, options.Activation, Parallelism.Resolve(options.Threads), lanes, layout);
        var band = DepthwiseConvJob.BandLengthFor(geometry, lanes);
        if (band > Array.MaxLength - 64)
        {
            throw new ArgumentException(
                $"input rows of {geometry.InputWidth} pixels read by a {kernel.Height}-row kernel need a scratch band of {band} floats; expected at most {Array.MaxLength - 64}.",
                "input");
        }

        return problem;
    }

    /// <summary>Checks a caller-provided output: shape, layout, and no memory shared with the input.</summary>
    public void CheckOutput(Tensor input, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReadOnlySpan<int> expected = Layout == TensorLayout.Nchw
            ? [Batch, OutputChannels, Geometry.OutputHeight, Geometry.OutputWidth]
            : [Batch, Geometry.OutputHeight, Geometry.OutputWidth, OutputChannels];
        if (output.Layout != Layout || !output.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"output is {output}; expected shape {Tensor.FormatShape(expected)} in the input's layout {Layout}.", nameof(output));
        }

        if (output.Span.Overlaps(input.Span))
        {
            throw new ArgumentException("output shares memory with the input; expected a separate output tensor.", nameof(output));
        }
    }

    /// <summary>A zero-filled output tensor of the right shape, in the input's layout.</summary>
    public Tensor CreateOutput() => Tensor.Image(Batch, OutputChannels, Geometry.OutputHeight, Geometry.OutputWidth, Layout);

    /// <summary>Runs the blocked kernel with packed weights and bias (<see cref="DepthwiseConvKernel.PackWeights"/> at <see cref="Lanes"/>).</summary>
    public unsafe void Run(Tensor input, Tensor output, float* packedWeights, float* packedBias)
    {
        fixed (float* inputStart = input.Span)
        fixed (float* outputStart = output.Span)
        {
            var layout = Layout == TensorLayout.Nchw ? DepthwiseDataLayout.Planar : DepthwiseDataLayout.ChannelsLast;
            Run(inputStart, outputStart, packedWeights, packedBias, layout);
        }
    }

    /// <summary>Runs the kernel on pinned data in <paramref name="layout"/>.</summary>
    public unsafe void Run(float* input, float* output, float* packedWeights, float* packedBias, DepthwiseDataLayout layout)
    {
        var threads = EffectiveThreads();
        if (layout == DepthwiseDataLayout.Planar && TryRunPlanes(input, output, packedWeights, packedBias, threads))
        {
            return;
        }

        var job = new DepthwiseConvJob(input, output, packedWeights, packedBias, layout, Batch, Dimensions, Lanes, threads);
        DepthwiseConvDispatch.Run(job, Activation, threads);
    }

    // NCHW data on the plane kernels, when one suits the geometry. Not inlined into Run: with the two plane jobs built
    // in its frame, Run zeroed 1.3 KB of stack on every call, the blocked and channels-last calls included
    // (docs/kernels.md, "Session 17: the cost per channel block").
    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe bool TryRunPlanes(float* input, float* output, float* packedWeights, float* packedBias, int threads)
    {
        if (DepthwiseFlatPlaneJob.Suits(Geometry))
        {
            DepthwiseConvDispatch.Run(new DepthwiseFlatPlaneJob(input, output, packedWeights, packedBias, Lanes, Batch, Dimensions, threads), Activation, threads);
            return true;
        }

        if (DepthwisePlaneJob.Suits(Geometry))
        {
            DepthwiseConvDispatch.Run(new DepthwisePlaneJob(input, output, packedWeights, packedBias, Lanes, Batch, Dimensions, threads), Activation, threads);
            return true;
        }

        return false;
    }

    private int EffectiveThreads()
    {
        var multiplyAdds = (long)Batch * OutputChannels * Geometry.OutputPixels * Geometry.Taps;
        return multiplyAdds < SingleThreadMultiplyAdds ? 1 : Threads;
    }

    /// <summary>
    /// Throws when an output of (<paramref name="batch"/>, <paramref name="outputChannels"/>, Ho, Wo) would not fit one
    /// tensor; the fused plans check their own output channels with it.
    /// </summary>
    internal static void RequireOutputFits(int batch, int outputChannels, ConvGeometry geometry, string parameter)
    {
        var outputLength = (long)batch * outputChannels * geometry.OutputHeight * geometry.OutputWidth;
        if (outputLength > Array.MaxLength)
        {
            throw new ArgumentException(
                $"the output ({batch}, {outputChannels}, {geometry.OutputHeight}, {geometry.OutputWidth}) would have {outputLength} elements; a tensor holds at most {Array.MaxLength}.",
                parameter);
        }
    }
}
