using System.Globalization;

namespace Depthwise.Operators;

/// <summary>A fused activation: its kind and, for <see cref="ActivationKind.Clip"/>, its bounds.</summary>
public readonly record struct Activation
{
    private Activation(ActivationKind kind, float min, float max)
    {
        Kind = kind;
        Min = min;
        Max = max;
    }

    /// <summary>Which function.</summary>
    public ActivationKind Kind { get; }

    /// <summary>Lower bound of <see cref="ActivationKind.Clip"/>; unused otherwise.</summary>
    public float Min { get; }

    /// <summary>Upper bound of <see cref="ActivationKind.Clip"/>; unused otherwise.</summary>
    public float Max { get; }

    /// <summary>No activation.</summary>
    public static Activation None => new(ActivationKind.None, 0, 0);

    /// <summary>max(x, 0).</summary>
    public static Activation Relu => new(ActivationKind.Relu, 0, 0);

    /// <summary>min(max(x, 0), 6).</summary>
    public static Activation Relu6 => new(ActivationKind.Relu6, 0, 6);

    /// <summary>x · relu6(x + 3) / 6.</summary>
    public static Activation HardSwish => new(ActivationKind.HardSwish, 0, 0);

    /// <summary>min(max(x, min), max).</summary>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound (≥ <paramref name="min"/>).</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentException">The bounds are NaN or <paramref name="min"/> &gt; <paramref name="max"/>.</exception>
    public static Activation Clip(float min, float max)
    {
        if (float.IsNaN(min) || float.IsNaN(max) || min > max)
        {
            throw new ArgumentException($"clip bounds must satisfy min <= max; got min {min}, max {max}.", nameof(min));
        }

        return new Activation(ActivationKind.Clip, min, max);
    }

    /// <summary>Parses <c>none</c>, <c>relu</c>, <c>relu6</c>, <c>hardswish</c> or <c>clip:MIN,MAX</c>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentException">The text is not one of the accepted forms.</exception>
    public static Activation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        switch (trimmed)
        {
            case "none" or "identity": return None;
            case "relu": return Relu;
            case "relu6": return Relu6;
            case "hardswish" or "hard-swish" or "hswish": return HardSwish;
        }

        if (trimmed.StartsWith("clip:", StringComparison.Ordinal))
        {
            var bounds = trimmed[5..].Split(',');
            if (bounds.Length == 2
                && float.TryParse(bounds[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
                && float.TryParse(bounds[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max))
            {
                return Clip(min, max);
            }
        }

        throw new ArgumentException($"activation '{text}' is not valid: expected none, relu, relu6, hardswish or clip:MIN,MAX.", nameof(text));
    }

    // Kernels multiply by this constant too, so every path rounds HardSwish the same way.
    internal const float OneSixth = 1f / 6f;

    /// <summary>Applies the activation to one value (the scalar definition every kernel is tested against).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The activated value.</returns>
    public float Apply(float x) => Kind switch
    {
        ActivationKind.None => x,
        ActivationKind.Relu => MathF.Max(x, 0f),
        ActivationKind.Relu6 => MathF.Min(MathF.Max(x, 0f), 6f),
        ActivationKind.HardSwish => x * MathF.Min(MathF.Max(x + 3f, 0f), 6f) * OneSixth,
        _ => MathF.Min(MathF.Max(x, Min), Max),
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ActivationKind.Clip => string.Create(CultureInfo.InvariantCulture, $"clip:{Min},{Max}"),
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
