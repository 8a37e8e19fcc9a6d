using System.Globalization;

namespace Depthwise.Diagnostics;

/// <summary>
/// The data-cache capacities of this machine's first core, per level: what decides which memory level a working set
/// lives in (the benchmark roofs) and whether a kernel's output is worth keeping in the caches at all (the non-temporal
/// store policy).
/// </summary>
internal static class CacheCapacities
{
    private static readonly Lazy<IReadOnlyDictionary<MemoryLevel, long>> Measured = new(Read);

    /// <summary>Bytes of the L1 data cache, the L2 and the L3 (last-level) cache, read once.</summary>
    public static IReadOnlyDictionary<MemoryLevel, long> Bytes => Measured.Value;

    /// <summary>
    /// Bytes of the last-level cache (the L3), kept apart from <see cref="Bytes"/>: every depthwise call reads it (the
    /// non-temporal store policy), and the lazy dictionary's lookup was a visible part of a small call's fixed cost.
    /// </summary>
    public static long LastLevelBytes { get; } = Bytes[MemoryLevel.L3];

    // Linux reports each cache in /sys; elsewhere assume a current x64 server core (48 KiB L1d, 1 MiB L2, 32 MiB L3).
    private static Dictionary<MemoryLevel, long> Read()
    {
        var capacities = new Dictionary<MemoryLevel, long> { [MemoryLevel.L1] = 48 << 10, [MemoryLevel.L2] = 1 << 20, [MemoryLevel.L3] = 32 << 20 };
        const string Folder = "/sys/devices/system/cpu/cpu0/cache";
        if (!Directory.Exists(Folder))
        {
            return capacities;
        }

        foreach (var index in Directory.EnumerateDirectories(Folder, "index*"))
        {
            try
            {
                var type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                var level = int.Parse(File.ReadAllText(Path.Combine(index, "level")).Trim(), CultureInfo.InvariantCulture);
                var size = ParseSize(File.ReadAllText(Path.Combine(index, "size")).Trim());
                if (type != "Instruction" && size > 0 && level is >= 1 and <= 3)
                {
                    capacities[(MemoryLevel)(level - 1)] = size;
                }
            }
            catch (Exception exception) when (exception is IOException or FormatException or UnauthorizedAccessException)
            {
                // An unreadable entry keeps the default for its level.
            }
        }

        return capacities;
    }

    private static long ParseSize(string text)
    {
        var multiplier = text.EndsWith('K') ? 1L << 10 : text.EndsWith('M') ? 1L << 20 : 1L;
        var digits = text.TrimEnd('K', 'M');
        return long.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value * multiplier : 0;
    }
}
