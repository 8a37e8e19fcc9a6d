using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;

namespace Depthwise.Visualization.FeatureMaps;

/// <summary>
/// An image run through one depthwise layer whose depth multiplier is the number of kernels: output map
/// <c>c·K + k</c> is kernel k applied to channel c (same padding, so every map has the image's size).
/// </summary>
public sealed class FeatureMapSet
{
    private FeatureMapSet(InputImage image, IReadOnlyList<ClassicKernel> kernels, Tensor output)
    {
        Image = image;
        Kernels = kernels;
        Output = output;
    }

    /// <summary>The input.</summary>
    public InputImage Image { get; }

    /// <summary>The kernels, in column order.</summary>
    public IReadOnlyList<ClassicKernel> Kernels { get; }

    /// <summary>The layer's output (1, C·K, H, W), computed by <see cref="DepthwiseConv2d"/>.</summary>
    public Tensor Output { get; }

    /// <summary>Input channels.</summary>
    public int Channels => Image.Pixels.Channels;

    /// <summary>Image height.</summary>
    public int Height => Image.Pixels.Height;

    /// <summary>Image width.</summary>
    public int Width => Image.Pixels.Width;

    /// <summary>Runs the layer.</summary>
    /// <param name="image">The input image.</param>
    /// <param name="kernels">One or more kernels, each applied to every channel.</param>
    /// <returns>The feature maps.</returns>
    /// <exception cref="ArgumentException">No kernels were given.</exception>
    public static FeatureMapSet Compute(InputImage image, IReadOnlyList<ClassicKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(kernels);
        if (kernels.Count == 0)
        {
            throw new ArgumentException("kernels is empty; expected at least one kernel.", nameof(kernels));
        }

        // weights (C·K, 1, 3, 3): filter c·K + k is kernel k, for every channel c.
        var channels = image.Pixels.Channels;
        var taps = ClassicKernel.Size * ClassicKernel.Size;
        var weights = new float[channels * kernels.Count * taps];
        for (var channel = 0; channel < channels; channel++)
        {
            for (var k = 0; k < kernels.Count; k++)
            {
                kernels[k].Weights.CopyTo(weights.AsSpan(((channel * kernels.Count) + k) * taps, taps));
            }
        }

        using var weightTensor = new Tensor(weights, [channels * kernels.Count, 1, ClassicKernel.Size, ClassicKernel.Size]);
        var output = DepthwiseConv2d.Forward(image.Pixels, weightTensor, null, new Conv2dOptions { Padding = Padding.SameUpper });
        return new FeatureMapSet(image, kernels, output);
    }

    /// <summary>The map of kernel <paramref name="kernel"/> on channel <paramref name="channel"/>, row-major.</summary>
    /// <param name="channel">Input channel.</param>
    /// <param name="kernel">Kernel index.</param>
    /// <returns>Height·Width values.</returns>
    public ReadOnlySpan<float> Map(int channel, int kernel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        ArgumentOutOfRangeException.ThrowIfNegative(kernel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(kernel, Kernels.Count);
        var plane = Height * Width;
        return Output.Span.Slice(((channel * Kernels.Count) + kernel) * plane, plane);
    }

    /// <summary>Channel <paramref name="channel"/> of the input, row-major.</summary>
    /// <param name="channel">Input channel.</param>
    /// <returns>Height·Width values in [0, 1].</returns>
    public ReadOnlySpan<float> InputPlane(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        var plane = Height * Width;
        return Image.Pixels.Span.Slice(channel * plane, plane);
    }
}
