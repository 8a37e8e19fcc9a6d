namespace Depthwise.Data;

/// <summary>How a <see cref="BatchLoader"/> orders, normalizes and augments images.</summary>
public sealed record BatchLoaderOptions
{
    /// <summary>Images per batch (≥ 1); 64 by default.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Whether each epoch visits the images in a new seeded random order (true by default; false keeps file order).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Whether a last, smaller batch is dropped (false by default: every image is used each epoch).</summary>
    public bool DropLast { get; init; }

    /// <summary>Mean subtracted from pixels scaled to [0, 1]; 0 by default.</summary>
    public float Mean { get; init; }

    /// <summary>Deviation pixels are divided by after the mean is subtracted (&gt; 0); 1 by default.</summary>
    public float StandardDeviation { get; init; } = 1f;

    /// <summary>
    /// Random crop: the image is zero-padded by this many pixels on every side and a crop of the original size is taken
    /// at a random offset (a shift of −P…P in each direction); 0 (the default) disables it.
    /// </summary>
    public int CropPadding { get; init; }

    /// <summary>Whether each image is mirrored left-right with probability ½; false by default.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>Seed of the order and the augmentation: the same seed and epoch give the same batches.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(CropPadding, nameof(CropPadding));
        if (!float.IsFinite(Mean))
        {
            throw new ArgumentOutOfRangeException(nameof(Mean), Mean, $"mean is {Mean}; expected a finite value.");
        }

        if (!(StandardDeviation > 0) || !float.IsFinite(StandardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(StandardDeviation), StandardDeviation, $"standard deviation is {StandardDeviation}; expected a finite value > 0.");
        }
    }
}
