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
        var output = Tensor.Image(input.Batch, input.Channels, geometry.OutputHeight, geometry.OutputWidth, input.Layout);
        Compute(input, output, problem);
        return output;
    }

    /// <summary><see cref="Forward"/> into a caller-owned (N, C, Ho, Wo) tensor in the input's layout (overwritten); same bits.</summary>
    internal static void ForwardInto(Tensor input, Tensor output, Size2D kernel, Size2D? stride = null, Padding? padding = null, int threads = 0)
    {
        // input (N, C, H, W) → output (N, C, Ho, Wo)
        ArgumentNullException.ThrowIfNull(input);
        input.RequireRank4(nameof(input));
        Compute(input, output, Pool2dProblem.Create(input.Height, input.Width, kernel, stride, padding, threads, input.Length));
    }

    private static void Compute(Tensor input, Tensor output, Pool2dProblem problem)
    {
        if (input.Layout == TensorLayout.Nchw)
        {
            problem.ForEachPlane(input, output, input.Batch * input.Channels, PoolKernel.MaxForward);
            return;
        }

        var nchw = Tensor.Image(input.Batch, input.Channels, problem.Geometry.OutputHeight, problem.Geometry.OutputWidth);
        problem.ForEachPlane(input.ToLayout(TensorLayout.Nchw), nchw, input.Batch * input.Channels, PoolKernel.MaxForward);
        LayoutConversion.Convert(nchw.Span, TensorLayout.Nchw, output.Span, output.Layout, nchw.Batch, nchw.Channels, nchw.Height, nchw.Width);
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
        var gradInput = new Tensor(input.Shape, input.Layout);
        ComputeBackward(input, gradOutput, gradInput, problem);
        return gradInput;
    }

    /// <summary><see cref="Backward"/> into a caller-owned tensor shaped like the input (overwritten); same bits.</summary>
    internal static void BackwardInto(Tensor input, Tensor gradOutput, Tensor gradInput, Size2D kernel, Size2D? stride = null, Padding? padding = null, int threads = 0)
    {
        // gradOutput (N, C, Ho, Wo), input (N, C, H, W) → gradInput (N, C, H, W)
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(gradOutput);
        input.RequireRank4(nameof(input));
        var problem = Pool2dProblem.Create(input.Height, input.Width, kernel, stride, padding, threads, input.Length);
        AvgPool2d.RequireGradOutput(gradOutput, input.Batch, input.Channels, problem.Geometry, input.Layout);
        ComputeBackward(input, gradOutput, gradInput, problem);
    }

    private static void ComputeBackward(Tensor input, Tensor gradOutput, Tensor destination, Pool2dProblem problem)
    {
        var nchw = input.Layout == TensorLayout.Nchw;
        var nchwInput = nchw ? input : input.ToLayout(TensorLayout.Nchw);
        var nchwGrad = nchw ? gradOutput : gradOutput.ToLayout(TensorLayout.Nchw);
        var gradInput = nchw ? destination : Tensor.Image(input.Batch, input.Channels, input.Height, input.Width);
        var planes = input.Batch * input.Channels;
        var inputPlane = input.Height * input.Width;
        var outputPlane = problem.Geometry.OutputHeight * problem.Geometry.OutputWidth;
        var geometry = problem.Geometry;
        Parallelism.For(planes, problem.Threads, plane =>
            PoolKernel.MaxBackward(
                nchwInput.Span.Slice(plane * inputPlane, inputPlane), nchwGrad.Span.Slice(plane * outputPlane, outputPlane),
                gradInput.Span.Slice(plane * inputPlane, inputPlane), geometry));
        if (!nchw)
        {
            LayoutConversion.Convert(gradInput.Span, TensorLayout.Nchw, destination.Span, destination.Layout, input.Batch, input.Channels, input.Height, input.Width);
        }
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
