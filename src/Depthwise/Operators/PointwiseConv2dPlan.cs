using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// A pointwise (1×1) convolution with constant weights, prepared once by
/// <see cref="PointwiseConv2d.Prepare(Tensor, Tensor?, Activation?, int)"/> (as inference engines prepare a graph's
/// weights at load time): the plan keeps its own copy of the weights and bias and, the first time a layout or image
/// size needs them, the transposed weights packed into GEMM panel order, reused by every later call.
/// </summary>
/// <remarks>
/// <para>Later changes to the tensors the plan was prepared from do not affect it.</para>
/// <para>
/// Thread safety: <see cref="Forward(Tensor, Tensor)"/> may be called from several threads at once, on different
/// outputs; the plan is never modified after the packed weights are published (an atomic, idempotent step).
/// </para>
/// <para>
/// Allocation: after the first call for a layout, <see cref="Forward(Tensor, Tensor)"/> allocates no managed memory
/// on any number of threads: scratch lives in per-thread slots that only grow, and the worker pool is persistent.
/// </para>
/// <para>Results are bit-identical for any thread count, and to <see cref="PointwiseConv2d.Forward(Tensor, Tensor, Tensor?, Activation?, int)"/>.</para>
/// </remarks>
public sealed class PointwiseConv2dPlan
{
    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly int[] _weightShape;
    private PrepackedWeights? _packedWeights;

    internal PointwiseConv2dPlan(Tensor weights, Tensor? bias, Activation activation, int threads)
    {
        _weightShape = weights.ShapeArray();
        OutputChannels = _weightShape[0];
        InputChannels = _weightShape[1];
        _weights = weights.Span.ToArray();
        _bias = bias is null ? [] : bias.Span.ToArray();
        Activation = activation;
        Threads = threads;
    }

    /// <summary>Input channels Cin the plan expects.</summary>
    public int InputChannels { get; }

    /// <summary>Output channels Cout the plan produces.</summary>
    public int OutputChannels { get; }

    /// <summary>The fused activation.</summary>
    public Activation Activation { get; }

    /// <summary>Threads per call as requested (0 = <see cref="Threading.Parallelism.DefaultThreadCount"/> at call time).</summary>
    public int Threads { get; }

    /// <summary>Convolves into a new tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <returns>(N, Cout, H, W) in the input's layout.</returns>
    /// <exception cref="ArgumentException">The input does not match the plan; the message says what was expected.</exception>
    public Tensor Forward(Tensor input)
    {
        // input (N, Cin, H, W) → output (N, Cout, H, W)
        var problem = Validate(input);
        var output = problem.CreateOutput();
        Run(problem, input, output);
        return output;
    }

    /// <summary>Convolves into a caller-supplied tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="output">(N, Cout, H, W) in the input's layout; overwritten.</param>
    /// <exception cref="ArgumentException">A tensor does not match the plan; the message says what was expected.</exception>
    public void Forward(Tensor input, Tensor output)
    {
        // input (N, Cin, H, W) → output (N, Cout, H, W)
        var problem = Validate(input);
        problem.CheckOutput(output, input, weights: null);
        Run(problem, input, output);
    }

    private Conv2dProblem Validate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        if (input.Channels != InputChannels)
        {
            throw new ArgumentException(
                $"input {input} has {input.Channels} channels; this plan was prepared for Cin = {InputChannels}.", nameof(input));
        }

        return Conv2dProblem.Create(
            input, _weightShape, OutputChannels, InputChannels, new Size2D(1, 1), bias: null, groups: 1,
            stride: 1, dilation: 1, Padding.Valid, Activation, Threads, nameof(Threads));
    }

    private void Run(in Conv2dProblem problem, Tensor input, Tensor output)
    {
        var pixels = problem.Geometry.InputHeight * problem.Geometry.InputWidth;
        var packed = PointwiseConvKernel.UsesPackedWeights(problem.Layout, InputChannels, OutputChannels, pixels)
            ? PackedWeights().Span
            : [];
        problem.Run(input, _weights, packed, _bias, output);
    }

    private PrepackedWeights PackedWeights()
    {
        // Racing threads may each pack; one result is published and every call reads identical values.
        var packed = Volatile.Read(ref _packedWeights);
        if (packed is null)
        {
            Interlocked.CompareExchange(ref _packedWeights, new PrepackedWeights(_weights, InputChannels, OutputChannels, 1), null);
            packed = Volatile.Read(ref _packedWeights)!;
        }

        return packed;
    }
}
