using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// A depthwise convolution with constant weights, prepared once by <see cref="DepthwiseConv2d.Prepare"/>: the weights
/// and bias are packed into the kernel's channel-blocked layout at construction, and every call reuses them along with
/// per-thread scratch, so a call in the steady state allocates nothing (except the output tensor of
/// <see cref="Forward(Tensor)"/>).
/// </summary>
/// <remarks>
/// <para>
/// Input is (N, C, H, W) or (N, H, W, C) according to its <see cref="Tensor.Layout"/>, and the output uses the same
/// layout: NCHW in gives NCHW out and NHWC in gives NHWC out, with any conversion to and from the blocked layout done
/// inside the call. C may be any divisor of <see cref="OutputChannels"/> (depth multiplier M = C·M / C), and H, W and N
/// may change from call to call. Results are bit-identical to <see cref="DepthwiseConv2d.Forward(Tensor, Tensor, Tensor?, Conv2dOptions?)"/>
/// with the same weights and options, whatever the thread count.
/// </para>
/// <para>
/// Thread safety: a plan is immutable after construction and its scratch is per thread, so any number of threads may
/// call <see cref="Forward(Tensor, Tensor)"/> on one plan at the same time (each with its own output). Calls that
/// overlap in time share the worker pool: while one call uses it, another runs its work on its own thread.
/// </para>
/// </remarks>
public sealed unsafe class DepthwiseConv2dPlan
{
    private readonly float[] _packed;
    private readonly int _weightsLength;

    internal DepthwiseConv2dPlan(Tensor weights, Tensor? bias, Conv2dOptions options)
    {
        DepthwiseConv2d.ValidateWeights(weights, bias);
        ArgumentNullException.ThrowIfNull(options);
        RequireAtLeastOne(options.Stride, "options.Stride");
        RequireAtLeastOne(options.Dilation, "options.Dilation");
        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, $"options.Threads is {options.Threads}; expected 0 (default) or at least 1.");
        }

        OutputChannels = weights.Shape[0];
        Kernel = new Size2D(weights.Shape[2], weights.Shape[3]);
        Options = options;
        Lanes = SimdWidth.For(OutputChannels);
        var taps = Kernel.Height * Kernel.Width;
        var packedBlocks = DepthwiseConvKernel.PackedBlocks(OutputChannels, Lanes);
        _weightsLength = checked(packedBlocks * taps * Lanes);
        var biasLength = packedBlocks * Lanes;
        _packed = PinnedScratch.AllocatePinned(checked(_weightsLength + biasLength));
        var start = PinnedScratch.AlignedStart(_packed);
        DepthwiseConvKernel.PackWeights(
            weights.Span, bias is null ? default : bias.Span, OutputChannels, taps, Lanes, new Span<float>(start, _weightsLength), new Span<float>(start + _weightsLength, biasLength));
    }

    /// <summary>Output channels C·M (the weights' dimension 0).</summary>
    public int OutputChannels { get; }

    /// <summary>Kernel rows and columns.</summary>
    public Size2D Kernel { get; }

    /// <summary>The stride, dilation, padding, activation and threads the plan runs with.</summary>
    public Conv2dOptions Options { get; }

    /// <summary>Channels per block of the kernel's blocked layout (16, 8, 4 or 1: the register width chosen for C·M).</summary>
    internal int Lanes { get; }

    /// <summary>Convolves into a new tensor.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C), C dividing <see cref="OutputChannels"/>.</param>
    /// <returns>(N, C·M, Ho, Wo) stored in the input's layout.</returns>
    /// <exception cref="ArgumentException">The input has the wrong rank or channel count, or the kernel does not fit it.</exception>
    public Tensor Forward(Tensor input)
    {
        // input (N, C, H, W), packed weights (C*M, 1, kH, kW) → output (N, C*M, Ho, Wo), in input's layout
        var problem = Validate(input);
        var output = problem.CreateOutput();
        problem.Run(input, output, Weights, Bias);
        GC.KeepAlive(this);
        return output;
    }

    /// <summary>Convolves into a caller-provided tensor; allocates nothing once the calling threads' scratch has grown.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C), C dividing <see cref="OutputChannels"/>.</param>
    /// <param name="output">(N, C·M, Ho, Wo) in the input's layout; must not share memory with the input.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong rank, shape or layout, or the kernel does not fit the input.</exception>
    public void Forward(Tensor input, Tensor output)
    {
        // input (N, C, H, W), packed weights (C*M, 1, kH, kW) → output (N, C*M, Ho, Wo), in input's layout
        var problem = Validate(input);
        problem.CheckOutput(input, output);
        problem.Run(input, output, Weights, Bias);
        GC.KeepAlive(this);
    }

    /// <summary>
    /// The kernel in its own layout, without conversions: input (N, ⌈C/lanes⌉, H, W, lanes) → output (N, ⌈C·M/lanes⌉, Ho,
    /// Wo, lanes), lanes = <see cref="Lanes"/>; padding lanes of the last block are ignored on input and unspecified on output.
    /// </summary>
    /// <param name="input">The blocked input.</param>
    /// <param name="output">The blocked output.</param>
    /// <param name="batch">N.</param>
    /// <param name="channels">C.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <exception cref="ArgumentException">A span has the wrong length or C does not divide C·M.</exception>
    internal void ForwardBlocked(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width)
    {
        // input (N, C/lanes, H, W, lanes), packed weights → output (N, C*M/lanes, Ho, Wo, lanes)
        var problem = DepthwiseConvProblem.Create(batch, channels, height, width, TensorLayout.Nhwc, OutputChannels, Kernel, Options, nameof(channels));
        var geometry = problem.Geometry;
        var inputLength = (long)batch * DepthwiseConvKernel.Blocks(channels, Lanes) * height * width * Lanes;
        var outputLength = (long)batch * DepthwiseConvKernel.Blocks(OutputChannels, Lanes) * geometry.OutputPixels * Lanes;
        if (input.Length != inputLength || output.Length != outputLength)
        {
            throw new ArgumentException(
                $"blocked spans hold {input.Length} and {output.Length} floats; expected {inputLength} and {outputLength} for lanes {Lanes}.", nameof(input));
        }

        fixed (float* inputStart = input)
        fixed (float* outputStart = output)
        {
            problem.Run(inputStart, outputStart, Weights, Bias, DepthwiseDataLayout.Blocked);
        }

        GC.KeepAlive(this);
    }

    // Raw pointers into the pinned array this plan keeps: once taken, nothing else may refer to the plan (a caller's
    // `DepthwiseConv2d.Prepare(…).Forward(x)`), and a collection during the run would free the array under the kernel,
    // so every method that runs on them ends with GC.KeepAlive(this).
    private float* Weights => PinnedScratch.AlignedStart(_packed);

    private float* Bias => Weights + _weightsLength;

    private static void RequireAtLeastOne(Size2D value, string name)
    {
        if (value.Height < 1 || value.Width < 1)
        {
            throw new ArgumentOutOfRangeException("options", value, $"{name} is {value}; expected at least 1 along each axis.");
        }
    }

    private DepthwiseConvProblem Validate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return DepthwiseConvProblem.Create(input, OutputChannels, Kernel, Options, nameof(input));
    }
}
