using SkiaSharp;

namespace Depthwise.Visualization.Rendering;

/// <summary>One colour per input channel (red, green, blue, purple), and the neutral colours of the pictures.</summary>
public static class ChannelColors
{
    private static readonly SKColor[] Colors =
    [
        new(0xD6, 0x27, 0x28),
        new(0x2C, 0xA0, 0x2C),
        new(0x1F, 0x77, 0xB4),
        new(0x94, 0x67, 0xBD),
    ];

    private static readonly string[] Names = ["red", "green", "blue", "purple"];

    /// <summary>The page background.</summary>
    public static SKColor Background { get; } = SKColors.White;

    /// <summary>Text and strong lines.</summary>
    public static SKColor Ink { get; } = new(0x22, 0x22, 0x22);

    /// <summary>Secondary text and faint lines.</summary>
    public static SKColor Muted { get; } = new(0x80, 0x80, 0x80);

    /// <summary>The traditional convolution's single output map (it belongs to no channel).</summary>
    public static SKColor Neutral { get; } = new(0x55, 0x55, 0x55);

    /// <summary>Colour of input channel <paramref name="channel"/>; channels past the fourth reuse the cycle.</summary>
    /// <param name="channel">Input channel (≥ 0).</param>
    /// <returns>The colour.</returns>
    public static SKColor Of(int channel) => Colors[channel % Colors.Length];

    /// <summary>The colour's name, for labels.</summary>
    /// <param name="channel">Input channel (≥ 0).</param>
    /// <returns>"red", "green", "blue" or "purple".</returns>
    public static string NameOf(int channel) => Names[channel % Names.Length];

    /// <summary>A tint: <paramref name="amount"/> 0 is white, 1 is the colour itself.</summary>
    /// <param name="color">The colour.</param>
    /// <param name="amount">0 to 1.</param>
    /// <returns>The tint.</returns>
    public static SKColor Tint(SKColor color, double amount)
    {
        amount = Math.Clamp(amount, 0, 1);
        return new SKColor(Mix(255, color.Red, amount), Mix(255, color.Green, amount), Mix(255, color.Blue, amount));
    }

    /// <summary>Ink or white, whichever reads better on <paramref name="fill"/>.</summary>
    /// <param name="fill">The background.</param>
    /// <returns>The text colour.</returns>
    public static SKColor TextOn(SKColor fill) =>
        (0.299 * fill.Red) + (0.587 * fill.Green) + (0.114 * fill.Blue) > 150 ? Ink : SKColors.White;

    private static byte Mix(byte from, byte to, double amount) => (byte)Math.Round(from + ((to - from) * amount));
}
