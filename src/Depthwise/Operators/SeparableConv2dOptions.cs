using Depthwise.Geometry;

namespace Depthwise.Operators;

/// <summary>Options of a depthwise-separable block: the depthwise geometry and the activation after each half.</summary>
public sealed record SeparableConv2dOptions
{
    /// <summary>Depthwise stride. Default 1.</summary>
    public Size2D Stride { get; init; } = 1;

    /// <summary>Depthwise dilation. Default 1.</summary>
    public Size2D Dilation { get; init; } = 1;

    /// <summary>Depthwise padding rule. Default <see cref="Padding.Valid"/>.</summary>
    public Padding Padding { get; init; } = Padding.Valid;

    /// <summary>Activation between depthwise and pointwise (MobileNetV1 uses ReLU6 here). Default none.</summary>
    public Activation DepthwiseActivation { get; init; } = Activation.None;

    /// <summary>Activation after the pointwise convolution. Default none.</summary>
    public Activation PointwiseActivation { get; init; } = Activation.None;

    /// <summary>Worker threads; 0 means the process default.</summary>
    public int Threads { get; init; }

    /// <summary>The depthwise half's options.</summary>
    internal Conv2dOptions DepthwiseOptions => new()
    {
        Stride = Stride,
        Dilation = Dilation,
        Padding = Padding,
        Activation = DepthwiseActivation,
        Threads = Threads,
    };
}
