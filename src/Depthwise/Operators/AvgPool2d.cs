using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// 2-D average pooling, as PyTorch's <c>AvgPool2d</c> with its default <c>count_include_pad=False</c>: the mean of
/// the input pixels of each kernel window (padding not counted). Planes are spread over threads; channels-last
/// tensors are pooled through an NCHW copy.
/// </summary>
public static class AvgPool2d
{
    /// <summary>Pools into a new tensor.</summary>
    /// <param name="input">(N, C, H, W) or (N, H, W, C) according to its layout.</param>
    /// <param name="kernel">Window kH × kW.</param>
    /// <param name="stride">Step between windows; null for the kernel size (PyTorch's default).</param>
    /// <param name="padding">Padding rule; null for none. Every pad must be smaller than the kernel.</param>
    /// <param name="threads">Worker threads; 0 means <see cref="Parallelism.DefaultThreadCount"/>.</param>
    /// <returns>(N, C, Ho, Wo) in the input's layout.</returns>
    /// <exception cref="ArgumentException">The input is not 4-D, a size is out of range, or a pad is not smaller than the kernel.</exception>
    public static Tensor Forward(Tensor input, Size2D kernel, Size2D? stride = null, Padding? padding = null, int threads = 0)
    {
        // input (N, C, H, W) → output (N, C, Ho, Wo)
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        var problem = Pool2dProblem.Create(input.Height, input.Width, kernel, stride, padding, threads, input.Length);
        var geometry = problem.Geometry;
        var nchw = input.Layout == TensorLayout.Nchw ? input : input.ToLayout(TensorLayout.Nchw);
        var output = Tensor.Image(input.Batch, input.Channels, geometry.OutputHeight, geometry.OutputWidth);
        problem.ForEachPlane(nchw, output, input.Batch * input.Channels, PoolKernel.AverageForward);
        return input.Layout == TensorLayout.Nchw ? output : output.ToLayout(input.Layout);
    }

    /// <summary>Backward of <see cref="Forward"/>: each window's gradient is shared equally by its input pixels.</summary>
    /// <param name="gradOutput">∂L/∂output, (N, C, Ho, Wo) or (N, Ho, Wo, C).</param>
    /// <param name="height">The forward input's H.</param>
    /// <param name="width">The forward input's W.</param>
    /// <param name="kernel">The forward's kernel.</param>
    /// <param name="stride">The forward's stride; null for the kernel size.</param>
    /// <param name="padding">The forward's padding; null for none.</param>
    /// <param name="threads">Worker threads; 0 means the default. The result does not depend on it.</param>
    /// <returns>∂L/∂input, (N, C, H, W) in the gradient's layout.</returns>
    /// <exception cref="ArgumentException">The gradient does not have the forward output's shape, or a setting is invalid.</exception>
    public static Tensor Backward(Tensor gradOutput, int height, int width, Size2D kernel, Size2D? stride = null, Padding? padding = null, int threads = 0)
    {
        // gradOutput (N, C, Ho, Wo) → gradInput (N, C, H, W)
        ArgumentNullException.ThrowIfNull(gradOutput);
        gradOutput.RequireRank4(nameof(gradOutput));
        var (batch, channels) = (gradOutput.Batch, gradOutput.Channels);
        var elements = (long)batch * channels * height * width;
        if (elements > Array.MaxLength)
        {
            throw new ArgumentException($"the input gradient ({batch}, {channels}, {height}, {width}) would exceed {Array.MaxLength} elements.", nameof(height));
        }

        var problem = Pool2dProblem.Create(height, width, kernel, stride, padding, threads, elements);
        RequireGradOutput(gradOutput, batch, channels, problem.Geometry, gradOutput.Layout);
        var nchwGrad = gradOutput.Layout == TensorLayout.Nchw ? gradOutput : gradOutput.ToLayout(TensorLayout.Nchw);
        var gradInput = Tensor.Image(batch, channels, height, width);
        problem.ForEachPlane(nchwGrad, gradInput, batch * channels, PoolKernel.AverageBackward);
        return gradOutput.Layout == TensorLayout.Nchw ? gradInput : gradInput.ToLayout(gradOutput.Layout);
    }

    // The gradient must have the pooled output's shape in the given layout.
    internal static void RequireGradOutput(Tensor gradOutput, int batch, int channels, in ConvGeometry geometry, TensorLayout layout)
    {
        ReadOnlySpan<int> expected = layout == TensorLayout.Nchw
            ? [batch, channels, geometry.OutputHeight, geometry.OutputWidth]
            : [batch, geometry.OutputHeight, geometry.OutputWidth, channels];
        if (gradOutput.Layout != layout || !gradOutput.Shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"gradOutput is {gradOutput}; expected the pooled output's shape {Tensor.FormatShape(expected)} {layout}.", nameof(gradOutput));
        }
    }
}
