using System.Globalization;
using Depthwise.Geometry;

namespace Depthwise.Cli.Commands;

/// <summary>Text forms shared by the verbs: <c>2</c> or <c>2,1</c> for strides, <c>HxWxC</c> for images, <c>64,128</c> for lists.</summary>
internal static class OptionParsing
{
    public static Size2D Size2D(string text, string option)
    {
        var parts = text.Split(',');
        if (parts.Length is 1 or 2 && TryPositive(parts[0], out var height))
        {
            if (parts.Length == 1)
            {
                return new Size2D(height, height);
            }

            if (TryPositive(parts[1], out var width))
            {
                return new Size2D(height, width);
            }
        }

        throw new ArgumentException($"{option} '{text}' is not valid: expected a positive integer N or a pair H,W of positive integers.", option);
    }

    /// <summary>Parses <c>HxWxC</c> (e.g. <c>224x224x3</c>) into height, width, channels.</summary>
    public static (int Height, int Width, int Channels) ImageShape(string text, string option)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 3 && TryPositive(parts[0], out var height) && TryPositive(parts[1], out var width) && TryPositive(parts[2], out var channels))
        {
            return (height, width, channels);
        }

        throw new ArgumentException($"{option} '{text}' is not valid: expected HxWxC with positive integers, e.g. 224x224x3.", option);
    }

    /// <summary>Parses <c>HxW</c> (e.g. <c>6x8</c>) or a single <c>N</c> for N×N.</summary>
    public static Size2D HeightByWidth(string text, string option)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length is 1 or 2 && TryPositive(parts[0], out var height))
        {
            if (parts.Length == 1)
            {
                return new Size2D(height, height);
            }

            if (TryPositive(parts[1], out var width))
            {
                return new Size2D(height, width);
            }
        }

        throw new ArgumentException($"{option} '{text}' is not valid: expected HxW with positive integers, e.g. 6x6.", option);
    }

    /// <summary>Parses a padding rule (valid, same, same-lower, T,L,B,R), naming the option in the error.</summary>
    public static Padding Padding(string text, string option)
    {
        try
        {
            return Geometry.Padding.Parse(text);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{option}: {exception.Message}", option, exception);
        }
    }

    public static int[] PositiveList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryPositive(parts[i], out values[i]))
            {
                throw new ArgumentException($"{option} '{text}' is not valid: expected a comma-separated list of positive integers, e.g. 64,128,256.", option);
            }
        }

        return values.Length > 0
            ? values
            : throw new ArgumentException($"{option} is empty: expected at least one positive integer.", option);
    }

    public static void RequirePositive(int value, string option)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{option} is {value}: expected a positive integer.", option);
        }
    }

    public static void RequireNonNegative(int value, string option)
    {
        if (value < 0)
        {
            throw new ArgumentException($"{option} is {value}: expected 0 (all cores) or a positive thread count.", option);
        }
    }

    private static bool TryPositive(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0;
}
