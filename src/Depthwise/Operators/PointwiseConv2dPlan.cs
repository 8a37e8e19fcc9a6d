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
    private readonly PreparedConvWeights _prepared;

    internal PointwiseConv2dPlan(Tensor weights, Tensor? bias, Activation activation, int threads)
    {
        _prepared = new PreparedConvWeights(weights, bias, groups: 1);
        OutputChannels = _prepared.Shape[0];
        InputChannels = _prepared.Shape[1];
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
        return _prepared.Forward(problem, input, UsesPackedWeights(problem));
    }

    /// <summary>Convolves into a caller-supplied tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="output">(N, Cout, H, W) in the input's layout; overwritten.</param>
    /// <exception cref="ArgumentException">A tensor does not match the plan; the message says what was expected.</exception>
    public void Forward(Tensor input, Tensor output)
    {
        // input (N, Cin, H, W) → output (N, Cout, H, W)
        var problem = Validate(input);
        _prepared.Forward(problem, input, output, UsesPackedWeights(problem));
    }

    private Conv2dProblem Validate(Tensor input)
    {
        PreparedConvWeights.RequireInput(input, InputChannels);
        return Conv2dProblem.Create(
            input, _prepared.Shape, OutputChannels, InputChannels, new Size2D(1, 1), bias: null, groups: 1,
            stride: 1, dilation: 1, Padding.Valid, Activation, Threads, nameof(Threads));
    }

    private bool UsesPackedWeights(in Conv2dProblem problem) =>
        PointwiseConvKernel.UsesPackedWeights(problem.Layout, InputChannels, OutputChannels, problem.Geometry.InputHeight * problem.Geometry.InputWidth);
}
