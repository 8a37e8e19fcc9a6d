using System.Globalization;

namespace Depthwise.Cli.Output;

/// <summary>Number and shape formats shared by every table the CLI prints.</summary>
internal static class Formatting
{
    public static string Count(long value) => value switch
    {
        >= 1_000_000_000 => (value / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + "G",
        >= 1_000_000 => (value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + "M",
        >= 100_000 => (value / 1e3).ToString("0", CultureInfo.InvariantCulture) + "K",
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };

    public static string Bytes(long value) => value switch
    {
        >= 1 << 20 => (value / (double)(1 << 20)).ToString("0.00", CultureInfo.InvariantCulture) + " MiB",
        >= 1 << 10 => (value / (double)(1 << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => value.ToString(CultureInfo.InvariantCulture) + " B",
    };

    public static string Milliseconds(double value) => value.ToString(value < 1 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>An NCHW shape (1, C, H, W) as the seed writes it: H×W×C.</summary>
    public static string ImageShape(int[] nchw) => nchw.Length == 4
        ? (nchw[0] == 1 ? string.Empty : $"{nchw[0]}×") + $"{nchw[2]}×{nchw[3]}×{nchw[1]}"
        : string.Join("×", nchw);
}
