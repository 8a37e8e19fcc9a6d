using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// A general (grouped) 2-D convolution with constant weights, prepared once by
/// <see cref="Conv2d.Prepare(Tensor, Tensor?, int, Conv2dOptions?)"/>: the plan keeps its own copy of the weights and
/// bias and, the first time a layout or image size needs them, the per-group transposed weights packed into GEMM panel
/// order (NHWC convolutions, and NCHW 1×1 convolutions on small images), reused by every later call.
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
/// <para>Results are bit-identical for any thread count, and to <see cref="Conv2d.Forward(Tensor, Tensor, Tensor?, Tensor, int, Conv2dOptions?)"/>.</para>
/// </remarks>
public sealed class Conv2dPlan
{
    private readonly PreparedConvWeights _prepared;
    private readonly int[] _weightShape;

    internal Conv2dPlan(Tensor weights, Tensor? bias, int groups, Conv2dOptions options)
    {
        _prepared = new PreparedConvWeights(weights, bias, groups);
        _weightShape = _prepared.Shape;
        Groups = groups;
        Options = options;
    }

    /// <summary>Input channels Cin the plan expects (Cin/g of the weights times the groups).</summary>
    public int InputChannels => _weightShape[1] * Groups;

    /// <summary>Output channels Cout the plan produces.</summary>
    public int OutputChannels => _weightShape[0];

    /// <summary>Groups g.</summary>
    public int Groups { get; }

    /// <summary>Stride, dilation, padding, activation and threads.</summary>
    public Conv2dOptions Options { get; }

    /// <summary>Convolves into a new tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <returns>(N, Cout, Ho, Wo) in the input's layout.</returns>
    /// <exception cref="ArgumentException">The input does not match the plan; the message says what was expected.</exception>
    public Tensor Forward(Tensor input)
    {
        // input (N, Cin, H, W) → output (N, Cout, Ho, Wo)
        var problem = Validate(input);
        return _prepared.Forward(problem, input, UsesPackedWeights(problem));
    }

    /// <summary>Convolves into a caller-supplied tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="output">(N, Cout, Ho, Wo) in the input's layout; overwritten.</param>
    /// <exception cref="ArgumentException">A tensor does not match the plan; the message says what was expected.</exception>
    public void Forward(Tensor input, Tensor output)
    {
        // input (N, Cin, H, W) → output (N, Cout, Ho, Wo)
        var problem = Validate(input);
        _prepared.Forward(problem, input, output, UsesPackedWeights(problem));
    }

    /// <summary>
    /// Validates <paramref name="input"/> and <paramref name="output"/> once and decides the call (kernel, packed
    /// weights, partition) for data of exactly their shapes and layout, given as pointers on each run: the same bits as
    /// <see cref="Forward(Tensor, Tensor)"/> without its per-call checks and choices.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor does not match the plan; the message says what was expected.</exception>
    internal ConvCall Bind(Tensor input, Tensor output)
    {
        // input (N, Cin, H, W) → output (N, Cout, Ho, Wo), in input's layout
        var problem = Validate(input);
        problem.CheckOutput(output, input, weights: null);
        return _prepared.Bind(problem, UsesPackedWeights(problem));
    }

    private Conv2dProblem Validate(Tensor input)
    {
        PreparedConvWeights.RequireInput(input, InputChannels);
        return Conv2dProblem.Create(
            input, _weightShape, _weightShape[0], _weightShape[1], new Size2D(_weightShape[2], _weightShape[3]), bias: null, Groups,
            Options.Stride, Options.Dilation, Options.Padding, Options.Activation, Options.Threads, nameof(Options));
    }

    private bool UsesPackedWeights(in Conv2dProblem problem) =>
        GroupedConvKernel.UsesPackedWeights(problem.Layout, problem.InputChannels, problem.OutputChannels, Groups, problem.Geometry);
}
