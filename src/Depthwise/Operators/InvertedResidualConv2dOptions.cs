using Depthwise.Geometry;

namespace Depthwise.Operators;

/// <summary>Options of an inverted residual block: the depthwise geometry and the activation after each of its three stages.</summary>
public sealed record InvertedResidualConv2dOptions
{
    /// <summary>Depthwise stride. Default 1.</summary>
    public Size2D Stride { get; init; } = 1;

    /// <summary>Depthwise dilation. Default 1.</summary>
    public Size2D Dilation { get; init; } = 1;

    /// <summary>Depthwise padding rule. Default <see cref="Padding.Valid"/>.</summary>
    public Padding Padding { get; init; } = Padding.Valid;

    /// <summary>Activation after the 1×1 expansion (MobileNetV2: ReLU6). Default none.</summary>
    public Activation ExpandActivation { get; init; } = Activation.None;

    /// <summary>Activation after the depthwise convolution (MobileNetV2: ReLU6). Default none.</summary>
    public Activation DepthwiseActivation { get; init; } = Activation.None;

    /// <summary>Activation after the 1×1 projection (MobileNetV2: none, a linear bottleneck). Default none.</summary>
    public Activation ProjectActivation { get; init; } = Activation.None;

    /// <summary>Worker threads; 0 means the process default.</summary>
    public int Threads { get; init; }

    /// <summary>The depthwise and projection stages' options.</summary>
    internal SeparableConv2dOptions SeparableOptions => new()
    {
        Stride = Stride,
        Dilation = Dilation,
        Padding = Padding,
        DepthwiseActivation = DepthwiseActivation,
        PointwiseActivation = ProjectActivation,
        Threads = Threads,
    };
}
