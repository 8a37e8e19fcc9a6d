using Depthwise.Geometry;
using Depthwise.Kernels;
using Depthwise.Tensors;
using Depthwise.Threading;

namespace Depthwise.Operators;

/// <summary>
/// 2-D max pooling, as PyTorch's <c>MaxPool2d</c> (dilation 1, floor mode): the largest value of each kernel window,
/// padding never chosen. Planes are spread over threads; channels-last tensors are pooled through an NCHW copy.
/// </summary>
public static class MaxPool2d
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
        problem.ForEachPlane(nchw, output, input.Batch * input.Channels, PoolKernel.MaxForward);
        return input.Layout == TensorLayout.Nchw ? output : output.ToLayout(input.Layout);
    }

    /// <summary>Backward of <see cref="Forward"/>: each window's gradient goes to the position of its maximum (recomputed from the input).</summary>
    /// <param name="input">The forward's input, (N, C, H, W) or (N, H, W, C).</param>
    /// <param name="gradOutput">∂L/∂output, (N, C, Ho, Wo) in the input's layout.</param>
    /// <param name="kernel">The forward's kernel.</param>
    /// <param name="stride">The forward's stride; null for the kernel size.</param>
    /// <param name="padding">The forward's padding; null for none.</param>
    /// <param name="threads">Worker threads; 0 means the default. The result does not depend on it.</param>
    /// <returns>∂L/∂input in the input's shape and layout.</returns>
    /// <exception cref="ArgumentException">A tensor has the wrong shape or layout, or a setting is invalid.</exception>
    public static Tensor Backward(Tensor input, Tensor gradOutput, Size2D kernel, Size2D? stride = null, Padding? padding = null, int threads = 0)
    {
        // gradOutput (N, C, Ho, Wo), input (N, C, H, W) → gradInput (N, C, H, W)
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(gradOutput);
        input.RequireRank4(nameof(input));
        var problem = Pool2dProblem.Create(input.Height, input.Width, kernel, stride, padding, threads, input.Length);
        AvgPool2d.RequireGradOutput(gradOutput, input.Batch, input.Channels, problem.Geometry, input.Layout);
        var nchwInput = input.Layout == TensorLayout.Nchw ? input : input.ToLayout(TensorLayout.Nchw);
        var nchwGrad = gradOutput.Layout == TensorLayout.Nchw ? gradOutput : gradOutput.ToLayout(TensorLayout.Nchw);
        var gradInput = Tensor.Image(input.Batch, input.Channels, input.Height, input.Width);
        var planes = input.Batch * input.Channels;
        var inputPlane = input.Height * input.Width;
        var outputPlane = problem.Geometry.OutputHeight * problem.Geometry.OutputWidth;
        var geometry = problem.Geometry;
        Parallelism.For(planes, problem.Threads, plane =>
            PoolKernel.MaxBackward(
                nchwInput.Span.Slice(plane * inputPlane, inputPlane), nchwGrad.Span.Slice(plane * outputPlane, outputPlane),
                gradInput.Span.Slice(plane * inputPlane, inputPlane), geometry));
        return input.Layout == TensorLayout.Nchw ? gradInput : gradInput.ToLayout(input.Layout);
    }

    /// <summary>The output size and pads for an input of H × W.</summary>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="kernel">Window.</param>
    /// <param name="stride">Stride; null for the kernel size.</param>
    /// <param name="padding">Padding; null for none.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public static ConvGeometry Geometry(int height, int width, Size2D kernel, Size2D? stride = null, Padding? padding = null) =>
        Pool2dProblem.Create(height, width, kernel, stride, padding, 0, 0).Geometry;
}
