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
    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly int[] _weightShape;
    private PrepackedWeights? _packedWeights;

    internal Conv2dPlan(Tensor weights, Tensor? bias, int groups, Conv2dOptions options)
    {
        _weightShape = weights.ShapeArray();
        _weights = weights.Span.ToArray();
        _bias = bias is null ? [] : bias.Span.ToArray();
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
        var output = problem.CreateOutput();
        Run(problem, input, output);
        return output;
    }

    /// <summary>Convolves into a caller-supplied tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="output">(N, Cout, Ho, Wo) in the input's layout; overwritten.</param>
    /// <exception cref="ArgumentException">A tensor does not match the plan; the message says what was expected.</exception>
    public void Forward(Tensor input, Tensor output)
    {
        // input (N, Cin, H, W) → output (N, Cout, Ho, Wo)
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
            input, _weightShape, _weightShape[0], _weightShape[1], new Size2D(_weightShape[2], _weightShape[3]), bias: null, Groups,
            Options.Stride, Options.Dilation, Options.Padding, Options.Activation, Options.Threads, nameof(Options));
    }

    private void Run(in Conv2dProblem problem, Tensor input, Tensor output)
    {
        var packed = GroupedConvKernel.UsesPackedWeights(problem.Layout, problem.InputChannels, problem.OutputChannels, Groups, problem.Geometry)
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
            var depth = _weightShape[1] * _weightShape[2] * _weightShape[3];
            Interlocked.CompareExchange(ref _packedWeights, new PrepackedWeights(_weights, depth, OutputChannels / Groups, Groups), null);
            packed = Volatile.Read(ref _packedWeights)!;
        }

        return packed;
    }
}
