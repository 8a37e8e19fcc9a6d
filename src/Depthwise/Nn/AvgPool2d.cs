using Depthwise.Geometry;
using Depthwise.Tensors;
using PoolOperator = Depthwise.Operators.AvgPool2d;

namespace Depthwise.Nn;

/// <summary>
/// Average pooling over kernel windows, as PyTorch's <c>AvgPool2d(kernel, stride, padding)</c> with its default
/// <c>count_include_pad=False</c>: (N, C, H, W) → (N, C, Ho, Wo).
/// </summary>
/// <remarks>A training-mode forward keeps only the input's size.</remarks>
public sealed class AvgPool2d : Module
{
    private int[]? _outputShape;
    private (int Height, int Width) _inputSize;

    /// <summary>Creates the layer.</summary>
    /// <param name="kernel">Window kH × kW (each ≥ 1).</param>
    /// <param name="stride">Step between windows; null for the kernel size (PyTorch's default).</param>
    /// <param name="padding">Padding; null for none. Every pad must be smaller than the kernel.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public AvgPool2d(Size2D kernel, Size2D? stride = null, Padding? padding = null)
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
        var output = PoolOperator.Forward(input, Kernel, Stride, Padding);
        (_outputShape, _inputSize) = IsTraining ? (output.ShapeArray(), (input.Height, input.Width)) : (null, default);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        // gradOutput (N, C, Ho, Wo) → gradInput (N, C, H, W): each window's gradient shared by its input pixels
        RequireCache(_outputShape);
        var gradInput = PoolOperator.Backward(gradOutput, _inputSize.Height, _inputSize.Width, Kernel, Stride, Padding);
        _outputShape = null;
        return gradInput;
    }

    /// <inheritdoc />
    /// <remarks>The window sums are not multiply-adds and are not counted.</remarks>
    public override LayerCost Describe(ReadOnlySpan<int> inputShape) => MaxPool2d.Describe(nameof(AvgPool2d), inputShape, Kernel, Stride, Padding);
}
