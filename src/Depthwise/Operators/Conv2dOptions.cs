using Depthwise.Geometry;

namespace Depthwise.Operators;

/// <summary>Everything about a 2-D convolution that is not a tensor: geometry, fused activation, threads.</summary>
public sealed record Conv2dOptions
{
    /// <summary>Step between windows; (2, 1) and (1, 2) are allowed. Default 1.</summary>
    public Size2D Stride { get; init; } = 1;

    /// <summary>Spacing between kernel taps. Default 1.</summary>
    public Size2D Dilation { get; init; } = 1;

    /// <summary>Padding rule. Default <see cref="Padding.Valid"/>.</summary>
    public Padding Padding { get; init; } = Padding.Valid;

    /// <summary>Activation fused into the output. Default none.</summary>
    public Activation Activation { get; init; } = Activation.None;

    /// <summary>Worker threads; 0 means <see cref="Threading.Parallelism.DefaultThreadCount"/>. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>The defaults: stride 1, dilation 1, valid padding, no activation.</summary>
    public static Conv2dOptions Default { get; } = new();
}
