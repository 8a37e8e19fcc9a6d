namespace Depthwise.Geometry;

/// <summary>A padding rule: one of the automatic modes, or four explicit pads.</summary>
public readonly record struct Padding
{
    private Padding(PaddingMode mode, int top, int left, int bottom, int right)
    {
        Mode = mode;
        Top = top;
        Left = left;
        Bottom = bottom;
        Right = right;
    }

    /// <summary>The rule.</summary>
    public PaddingMode Mode { get; }

    /// <summary>Rows of zeros above the input (explicit mode only).</summary>
    public int Top { get; }

    /// <summary>Columns of zeros left of the input (explicit mode only).</summary>
    public int Left { get; }

    /// <summary>Rows of zeros below the input (explicit mode only).</summary>
    public int Bottom { get; }

    /// <summary>Columns of zeros right of the input (explicit mode only).</summary>
    public int Right { get; }

    /// <summary>No padding.</summary>
    public static Padding Valid => new(PaddingMode.Valid, 0, 0, 0, 0);

    /// <summary>TensorFlow/ONNX 'SAME' with the extra pixel at the end.</summary>
    public static Padding SameUpper => new(PaddingMode.SameUpper, 0, 0, 0, 0);

    /// <summary>ONNX SAME_LOWER: the extra pixel at the beginning.</summary>
    public static Padding SameLower => new(PaddingMode.SameLower, 0, 0, 0, 0);

    /// <summary>Explicit pads, possibly asymmetric.</summary>
    /// <param name="top">Rows above.</param>
    /// <param name="left">Columns on the left.</param>
    /// <param name="bottom">Rows below.</param>
    /// <param name="right">Columns on the right.</param>
    /// <returns>The padding rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A pad is negative.</exception>
    public static Padding Explicit(int top, int left, int bottom, int right)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfNegative(bottom);
        ArgumentOutOfRangeException.ThrowIfNegative(right);
        return new Padding(PaddingMode.Explicit, top, left, bottom, right);
    }

    /// <summary>The same explicit pad on all four sides.</summary>
    /// <param name="all">Pad on every side.</param>
    /// <returns>The padding rule.</returns>
    public static Padding Explicit(int all) => Explicit(all, all, all, all);

    /// <summary>
    /// Parses the CLI/text forms: <c>valid</c>, <c>same</c> (= same-upper), <c>same-upper</c>, <c>same-lower</c>,
    /// a single pad <c>1</c>, or four pads <c>top,left,bottom,right</c>.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The padding rule.</returns>
    /// <exception cref="ArgumentException">The text is none of the accepted forms.</exception>
    public static Padding Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        switch (trimmed)
        {
            case "valid": return Valid;
            case "same" or "same-upper" or "same_upper": return SameUpper;
            case "same-lower" or "same_lower": return SameLower;
        }

        var parts = trimmed.Split(',');
        var pads = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out pads[i]) || pads[i] < 0)
            {
                pads = [];
                break;
            }
        }

        return pads.Length switch
        {
            1 => Explicit(pads[0]),
            4 => Explicit(pads[0], pads[1], pads[2], pads[3]),
            _ => throw new ArgumentException(
                $"padding '{text}' is not valid: expected valid, same, same-upper, same-lower, one non-negative pad, or four pads top,left,bottom,right.",
                nameof(text)),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Mode switch
    {
        PaddingMode.Valid => "valid",
        PaddingMode.SameUpper => "same-upper",
        PaddingMode.SameLower => "same-lower",
        _ => $"{Top},{Left},{Bottom},{Right}",
    };
}
