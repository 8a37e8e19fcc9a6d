using Depthwise.Geometry;

namespace Depthwise.Visualization.Animation;

/// <summary>What the convolution animation shows: the layer's shape and options, and how fast it plays.</summary>
/// <remarks>
/// The limits keep every number legible and the file README-sized: at most <see cref="MaximumChannels"/> channels,
/// <see cref="MaximumMultiplier"/> filters per channel, <see cref="MaximumKernel"/>×<see cref="MaximumKernel"/> kernels,
/// <see cref="MaximumInputSize"/>×<see cref="MaximumInputSize"/> inputs and <see cref="MaximumRows"/> output maps.
/// </remarks>
public sealed record AnimationSettings
{
    /// <summary>Most input channels shown (each gets its own colour).</summary>
    public const int MaximumChannels = 4;

    /// <summary>Largest depth multiplier shown.</summary>
    public const int MaximumMultiplier = 3;

    /// <summary>Most output maps (channels × multiplier) shown, one row each.</summary>
    public const int MaximumRows = 6;

    /// <summary>Largest kernel side.</summary>
    public const int MaximumKernel = 5;

    /// <summary>Largest input side.</summary>
    public const int MaximumInputSize = 12;

    /// <summary>Largest stride or dilation.</summary>
    public const int MaximumStep = 3;

    /// <summary>Input channels C (1 to 4). Default 3: red, green, blue, as in the seed.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Kernel size. Default 3×3.</summary>
    public Size2D Kernel { get; init; } = 3;

    /// <summary>Stride. Default 1.</summary>
    public Size2D Stride { get; init; } = 1;

    /// <summary>Dilation. Default 1.</summary>
    public Size2D Dilation { get; init; } = 1;

    /// <summary>Padding rule. Default valid.</summary>
    public Padding Padding { get; init; } = Padding.Valid;

    /// <summary>Depth multiplier M (filters per input channel). Default 1.</summary>
    public int Multiplier { get; init; } = 1;

    /// <summary>Input height and width. Default 6×6.</summary>
    public Size2D InputSize { get; init; } = 6;

    /// <summary>Also draw the traditional convolution (one k×k×C kernel, one map) beside the depthwise one.</summary>
    public bool Compare { get; init; }

    /// <summary>Time each step is shown, in milliseconds (the last frame stays four times as long). Default 500.</summary>
    public int DelayMilliseconds { get; init; } = 500;

    /// <summary>Seed of the random small integers used as input values and weights.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Checks every setting against its range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, its value and the range.</exception>
    public void Validate()
    {
        Require(Channels, 1, MaximumChannels, "channels");
        Require(Multiplier, 1, MaximumMultiplier, "multiplier");
        if (Channels * Multiplier > MaximumRows)
        {
            throw new ArgumentException($"channels × multiplier is {Channels} × {Multiplier} = {Channels * Multiplier} output maps; the animation shows at most {MaximumRows}.", "multiplier");
        }

        Require(Kernel.Height, 1, MaximumKernel, "kernel");
        Require(Kernel.Width, 1, MaximumKernel, "kernel");
        Require(Stride.Height, 1, MaximumStep, "stride");
        Require(Stride.Width, 1, MaximumStep, "stride");
        Require(Dilation.Height, 1, MaximumStep, "dilation");
        Require(Dilation.Width, 1, MaximumStep, "dilation");
        Require(InputSize.Height, 1, MaximumInputSize, "size");
        Require(InputSize.Width, 1, MaximumInputSize, "size");
        Require(DelayMilliseconds, 10, 10_000, "delay");
    }

    private static void Require(int value, int minimum, int maximum, string name)
    {
        if (value < minimum || value > maximum)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} is {value}; the animation accepts {minimum} to {maximum}.");
        }
    }
}
