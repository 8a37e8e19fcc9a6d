using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Tensors;
using PoolOperator = Depthwise.Operators.MaxPool2d;

namespace Depthwise.Nn;

/// <summary>
/// Max pooling over kernel windows, as PyTorch's <c>MaxPool2d(kernel, stride, padding)</c> (dilation 1, floor mode):
/// (N, C, H, W) → (N, C, Ho, Wo).
/// </summary>
/// <remarks>A training-mode forward keeps a reference to its input; the backward recomputes each window's maximum from it.</remarks>
public sealed class MaxPool2d : Module
{
    private readonly TensorBuffer _output = new();
    private readonly TensorBuffer _gradInput = new();
    private Tensor? _input;

    /// <summary>Creates the layer.</summary>
    /// <param name="kernel">Window kH × kW (each ≥ 1).</param>
    /// <param name="stride">Step between windows; null for the kernel size (PyTorch's default).</param>
    /// <param name="padding">Padding; null for none. Every pad must be smaller than the kernel.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public MaxPool2d(Size2D kernel, Size2D? stride = null, Padding? padding = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel.Height, 1, nameof(kernel));
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel.Width, 1, nameof(kernel));
        Kernel = kernel;
        Stride = stride ?? kernel;
        ArgumentOutOfRangeException.ThrowIfLessThan(Stride.Height, 1, nameof(stride));
        ArgumentOutOfRangeException.ThrowIfLessThan(Stride.Width, 1, nameof(stride));
        Padding = padding ?? Padding.Valid;
    }

    /// <summary>Window kH × kW.</summary>
    public Size2D Kernel { get; }

    /// <summary>Step between windows.</summary>
    public Size2D Stride { get; }

    /// <summary>Padding rule.</summary>
    public Padding Padding { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        // input (N, C, H, W) → output (N, C, Ho, Wo), in input's layout
        _input = null;
        if (!IsTraining)
        {
            return PoolOperator.Forward(input, Kernel, Stride, Padding);
        }

        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        var geometry = PoolOperator.Geometry(input.Height, input.Width, Kernel, Stride, Padding);
        var output = _output.Image(input.Batch, input.Channels, geometry.OutputHeight, geometry.OutputWidth, input.Layout);
        PoolOperator.ForwardInto(input, output, Kernel, Stride, Padding);
        _input = input;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, C, Ho, Wo) → gradInput (N, C, H, W): each window's gradient at its maximum
        var input = RequireCache(_input);
        var gradInput = _gradInput.Like(input);
        PoolOperator.BackwardInto(input, gradOutput, gradInput, Kernel, Stride, Padding);
        _input = null;
        return gradInput;
    }

    /// <inheritdoc />
    /// <remarks>Comparisons are not multiply-adds and are not counted.</remarks>
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => Describe(nameof(MaxPool2d), inputShape, Kernel, Stride, Padding);

    /// <summary>A pooling layer's description: no parameters or multiply-adds, the input read once and the output written once.</summary>
    internal static LayerCost Describe(string type, ReadOnlySpan<int> inputShape, Size2D kernel, Size2D stride, Padding padding)
    {
        var (batch, channels, height, width) = Shapes.RequireImage(inputShape, null, type);
        var geometry = PoolOperator.Geometry(height, width, kernel, stride, padding);
        var outputs = (long)batch * channels * geometry.OutputHeight * geometry.OutputWidth;
        var cost = new OpCost { BytesRead = sizeof(float) * (long)batch * channels * height * width, BytesWritten = sizeof(float) * outputs };
        return LayerCost.Leaf(type, Shapes.ConvolutionDetail(geometry, 1, default), inputShape, [batch, channels, geometry.OutputHeight, geometry.OutputWidth], cost);
    }
}
