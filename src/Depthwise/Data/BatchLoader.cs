using Depthwise.Tensors;

namespace Depthwise.Data;

/// <summary>
/// Cuts a <see cref="LabelledImages"/> set into NCHW float batches: a seeded shuffle per epoch, normalization, and
/// optional augmentation (random crop with zero padding, horizontal flip), all determined by the seed and the epoch.
/// </summary>
/// <remarks>
/// Epoch e draws from its own generator seeded from (seed, e), so any epoch can be replayed without the ones before it.
/// Within an epoch the draws come in a fixed order — the permutation first, then for each image in batch order its
/// vertical shift, horizontal shift and flip — so batches do not depend on threads or timing.
/// </remarks>
public sealed class BatchLoader
{
    private readonly LabelledImages _images;

    /// <summary>Creates the loader.</summary>
    /// <param name="images">The source set.</param>
    /// <param name="options">Batch size, order, normalization, augmentation and seed; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range, or the set is empty.</exception>
    public BatchLoader(LabelledImages images, BatchLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        Options = options ?? new BatchLoaderOptions();
        Options.Validate();
        if (images.Count == 0)
        {
            throw new ArgumentException("images is empty; expected at least one image.", nameof(images));
        }

        _images = images;
    }

    /// <summary>The options.</summary>
    public BatchLoaderOptions Options { get; }

    /// <summary>Images in the source set.</summary>
    public int ImageCount => _images.Count;

    /// <summary>Batches per epoch (the last may be smaller unless <see cref="BatchLoaderOptions.DropLast"/>).</summary>
    public int BatchesPerEpoch => Options.DropLast
        ? Math.Max(1, _images.Count / Options.BatchSize)
        : (int)(((long)_images.Count + Options.BatchSize - 1) / Options.BatchSize);

    /// <summary>The batches of one epoch, produced one at a time as they are enumerated.</summary>
    /// <param name="epoch">The epoch (≥ 0); selects the order and augmentation draws.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The epoch is negative.</exception>
    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Batches(epoch);
    }

    /// <summary>The order in which an epoch visits the images.</summary>
    /// <param name="epoch">The epoch (≥ 0).</param>
    /// <returns>A permutation of 0 … count − 1 (the identity without shuffling).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The epoch is negative.</exception>
    public int[] Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Order(NewRandom(epoch));
    }

    private IEnumerable<ImageBatch> Batches(int epoch)
    {
        var random = NewRandom(epoch);
        var order = Order(random);
        var batches = BatchesPerEpoch;
        for (var batch = 0; batch < batches; batch++)
        {
            var start = batch * Options.BatchSize;
            var count = Math.Min(Options.BatchSize, order.Length - start);
            yield return Fill(order.AsSpan(start, count), random);
        }
    }

    private int[] Order(Random random)
    {
        var order = new int[_images.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (Options.Shuffle)
        {
            // Fisher–Yates, written out so the permutation for a seed does not depend on a library's shuffle.
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        return order;
    }

    private ImageBatch Fill(ReadOnlySpan<int> indices, Random random)
    {
        // images (count, H·W) bytes → batch (count, 1, H, W) floats, (pixel/255 − mean)/std, shifted and mirrored
        var height = _images.Height;
        var width = _images.Width;
        var scale = 1f / (255f * Options.StandardDeviation);
        var offset = -Options.Mean / Options.StandardDeviation;
        var pad = Options.CropPadding;
        var tensor = Tensor.Image(indices.Length, 1, height, width);
        var labels = new int[indices.Length];
        var destination = tensor.Span;
        for (var b = 0; b < indices.Length; b++)
        {
            var source = _images.Image(indices[b]);
            labels[b] = _images.Label(indices[b]);
            var shiftY = pad > 0 ? random.Next(-pad, pad + 1) : 0;
            var shiftX = pad > 0 ? random.Next(-pad, pad + 1) : 0;
            var flip = Options.HorizontalFlip && random.Next(2) == 1;
            var image = destination.Slice(b * height * width, height * width);
            for (var y = 0; y < height; y++)
            {
                var row = image.Slice(y * width, width);
                var sourceY = y + shiftY;
                if ((uint)sourceY >= (uint)height)
                {
                    row.Fill(offset);
                    continue;
                }

                var sourceRow = source.Slice(sourceY * width, width);
                for (var x = 0; x < width; x++)
                {
                    var sourceX = (flip ? width - 1 - x : x) + shiftX;
                    row[x] = (uint)sourceX < (uint)width ? (sourceRow[sourceX] * scale) + offset : offset;
                }
            }
        }

        return new ImageBatch(tensor, labels, indices.ToArray());
    }

    // SplitMix64 of (seed, epoch): neighbouring seeds and epochs get unrelated generators.
    private Random NewRandom(int epoch)
    {
        var state = ((ulong)(uint)Options.Seed << 32) | (uint)epoch;
        state += 0x9E3779B97F4A7C15UL;
        state = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9UL;
        state = (state ^ (state >> 27)) * 0x94D049BB133111EBUL;
        state ^= state >> 31;
        return new Random((int)(state & int.MaxValue));
    }
}
