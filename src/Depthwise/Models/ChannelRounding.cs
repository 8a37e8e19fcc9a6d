namespace Depthwise.Models;

/// <summary>How the MobileNet reference implementations turn <c>channels × α</c> into a channel count.</summary>
public static class ChannelRounding
{
    /// <summary>
    /// MobileNetV2/V3's rule ("make divisible"): round to the nearest multiple of <paramref name="divisor"/> (halves
    /// up), at least <paramref name="divisor"/>, and go up one step if rounding lost more than 10%. Multiples of 8 keep
    /// SIMD lanes full.
    /// </summary>
    /// <param name="value">The scaled channel count, e.g. 32 × 0.35 = 11.2.</param>
    /// <param name="divisor">The multiple (≥ 1); the reference implementations use 8.</param>
    /// <returns>The channel count, e.g. 16 for 11.2.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite, or the divisor is below 1.</exception>
    public static int MakeDivisible(double value, int divisor = 8)
    {
        if (!(value > 0) || double.IsInfinity(value) || value > int.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"value is {value}; expected a positive channel count.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(divisor, 1);
        var rounded = Math.Max(divisor, (int)(value + (divisor / 2.0)) / divisor * divisor);
        return rounded < 0.9 * value ? rounded + divisor : rounded;
    }

    /// <summary>MobileNetV1's rule (TF-Slim's reference): <c>max(⌊channels × α⌋, 8)</c>.</summary>
    /// <param name="channels">The channel count at α = 1.</param>
    /// <param name="width">α (&gt; 0).</param>
    /// <returns>The scaled count.</returns>
    public static int Truncate(int channels, double width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (!(width > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"width is {width}; expected a positive multiplier.");
        }

        return Math.Max((int)(channels * width), 8);
    }
}
