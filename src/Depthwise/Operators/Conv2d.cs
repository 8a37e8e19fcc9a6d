using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;

namespace Depthwise.Operators;

/// <summary>
/// The general (grouped) 2-D convolution: the traditional convolution for <c>groups = 1</c>, depthwise for
/// <c>groups = Cin = Cout</c>, and everything in between. Any kernel, stride, dilation and padding; NCHW or NHWC.
/// </summary>
/// <remarks>
/// Weights are always in PyTorch/ONNX order <c>(Cout, Cin/g, kH, kW)</c>, whatever their tensor's layout tag.
/// Output channel <c>o</c> belongs to group <c>o / (Cout/g)</c> and reads the input channels of that group.
/// Depthwise cases (g = Cin, one input channel per group) run on the depthwise kernels; 1×1 stride-1 unpadded
/// convolutions run as a GEMM on the tensors; NCHW convolutions of at most four input channels (a network's stem)
/// run on a direct kernel; the rest gather windows first (im2col), each thread its own tiles of output pixels.
/// For weights that stay the same across calls, <see cref="Prepare"/> copies and packs them once.
/// </remarks>
public static partial class Conv2d
{
    /// <summary>Convolves into a new tensor.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC (see <see cref="Tensor.Layout"/>).</param>
    /// <param name="weights">(Cout, Cin/groups, kH, kW).</param>
    /// <param name="bias">Optional (Cout).</param>
    /// <param name="groups">Groups g; g divides Cin and Cout.</param>
    /// <param name="options">Stride, dilation, padding, activation and threads; null means <see cref="Conv2dOptions.Default"/>.</param>
    /// <returns>(N, Cout, Ho, Wo) in the input's layout.</returns>
    /// <exception cref="ArgumentException">A tensor or setting is invalid; the message says which and what was expected.</exception>
    public static Tensor Forward(Tensor input, Tensor weights, Tensor? bias = null, int groups = 1, Conv2dOptions? options = null)
    {
        // input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW), bias (Cout) → output (N, Cout, Ho, Wo)
        var problem = Validate(input, weights, bias, groups, options);
        var output = problem.CreateOutput();
        Run(problem, input, weights, bias, output, options);
        return output;
    }

    /// <summary>Convolves into a caller-supplied tensor (no allocation besides pooled scratch).</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="weights">(Cout, Cin/groups, kH, kW).</param>
    /// <param name="bias">Optional (Cout).</param>
    /// <param name="output">(N, Cout, Ho, Wo) in the input's layout; overwritten.</param>
    /// <param name="groups">Groups g; g divides Cin and Cout.</param>
    /// <param name="options">Stride, dilation, padding, activation and threads; null means <see cref="Conv2dOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">A tensor or setting is invalid; the message says which and what was expected.</exception>
    public static void Forward(Tensor input, Tensor weights, Tensor? bias, Tensor output, int groups = 1, Conv2dOptions? options = null)
    {
        // input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW), bias (Cout) → output (N, Cout, Ho, Wo)
        var problem = Validate(input, weights, bias, groups, options);
        problem.CheckOutput(output, input, weights);
        Run(problem, input, weights, bias, output, options);
    }

    // One group per input channel, one input channel per group: that is depthwise, which has its own kernels.
    private static void Run(Conv2dProblem problem, Tensor input, Tensor weights, Tensor? bias, Tensor output, Conv2dOptions? options)
    {
        if (problem.Groups == problem.InputChannels && weights.Shape[1] == 1)
        {
            DepthwiseConv2d.Forward(input, weights, bias, output, options);
        }
        else
        {
            problem.Run(input, weights, bias, output);
        }
    }

    /// <summary>Prepares a convolution with constant weights: validated, copied and (when a call first needs it) packed once.</summary>
    /// <param name="weights">(Cout, Cin/groups, kH, kW); copied.</param>
    /// <param name="bias">Optional (Cout); copied.</param>
    /// <param name="groups">Groups g; g divides Cout (and, checked per call, Cin).</param>
    /// <param name="options">Stride, dilation, padding, activation and threads; null means <see cref="Conv2dOptions.Default"/>.</param>
    /// <returns>The plan; see <see cref="Conv2dPlan"/> for its thread-safety and allocation behaviour.</returns>
    /// <exception cref="ArgumentException">A tensor or setting is invalid; the message says which and what was expected.</exception>
    public static Conv2dPlan Prepare(Tensor weights, Tensor? bias = null, int groups = 1, Conv2dOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        options ??= Conv2dOptions.Default;
        if (weights.Rank != 4)
        {
            throw new ArgumentException(
                $"weights has shape {Tensor.FormatShape(weights.Shape)}; expected a 4-D tensor (Cout, Cin/groups, kH, kW).", nameof(weights));
        }

        var shape = weights.Shape;
        if (groups <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"groups must be at least 1; got {groups}.");
        }

        if (shape[0] % groups != 0)
        {
            throw new ArgumentException(
                $"output channels Cout = {shape[0]} (weights dimension 0) are not divisible by groups g = {groups}; expected Cout to be a multiple of g.", nameof(groups));
        }

        if (bias is not null && (bias.Rank != 1 || bias.Length != shape[0]))
        {
            throw new ArgumentException($"bias has shape {Tensor.FormatShape(bias.Shape)}; expected ({shape[0]}), one value per output channel.", nameof(bias));
        }

        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, $"options.Threads is {options.Threads}; expected 0 (default) or at least 1.");
        }

        if (!PrepackedWeights.Fits(shape[1] * shape[2] * shape[3], shape[0] / groups, groups))
        {
            throw new ArgumentException($"weights {Tensor.FormatShape(shape)} are too large to pack; expected at most {Array.MaxLength} floats once padded.", nameof(weights));
        }

        return new Conv2dPlan(weights, bias, groups, options);
    }

    /// <summary>
    /// The same convolution computed by the textbook formula, one output element at a time: slow, simple, and the
    /// definition the fast path is tested against.
    /// </summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="weights">(Cout, Cin/groups, kH, kW).</param>
    /// <param name="bias">Optional (Cout).</param>
    /// <param name="groups">Groups g; g divides Cin and Cout.</param>
    /// <param name="options">Stride, dilation, padding and activation; null means <see cref="Conv2dOptions.Default"/>.</param>
    /// <returns>(N, Cout, Ho, Wo) in the input's layout.</returns>
    /// <exception cref="ArgumentException">A tensor or setting is invalid.</exception>
    public static Tensor Reference(Tensor input, Tensor weights, Tensor? bias = null, int groups = 1, Conv2dOptions? options = null)
    {
        // input (N, Cin, H, W), weights (Cout, Cin/g, kH, kW), bias (Cout) → output (N, Cout, Ho, Wo)
        return Validate(input, weights, bias, groups, options).RunReference(input, weights, bias);
    }

    /// <summary>Validates the input, weights and settings and returns the output size and pads.</summary>
    /// <param name="input">(N, Cin, H, W), stored NCHW or NHWC.</param>
    /// <param name="weights">(Cout, Cin/groups, kH, kW).</param>
    /// <param name="groups">Groups g.</param>
    /// <param name="options">Stride, dilation and padding; null means <see cref="Conv2dOptions.Default"/>.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="ArgumentException">A tensor or setting is invalid.</exception>
    public static ConvGeometry Geometry(Tensor input, Tensor weights, int groups = 1, Conv2dOptions? options = null) =>
        Validate(input, weights, null, groups, options).Geometry;

    private static Conv2dProblem Validate(Tensor input, Tensor weights, Tensor? bias, int groups, Conv2dOptions? options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weights);
        options ??= Conv2dOptions.Default;
        input.RequireRank4(nameof(input));
        if (weights.Rank != 4)
        {
            throw new ArgumentException(
                $"weights has shape {Tensor.FormatShape(weights.Shape)}; expected a 4-D tensor (Cout, Cin/groups, kH, kW).", nameof(weights));
        }

        var shape = weights.Shape;
        return Conv2dProblem.Create(
            input, shape, shape[0], shape[1], new Size2D(shape[2], shape[3]), bias, groups,
            options.Stride, options.Dilation, options.Padding, options.Activation, options.Threads, nameof(options));
    }
}
