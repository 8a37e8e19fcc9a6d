using Depthwise.Data;

namespace Depthwise.Tests.Data;

public sealed class BatchLoaderTests
{
    private const int Size = 6;

    [Fact]
    public void Without_shuffle_or_augmentation_batches_are_the_normalized_images_in_order()
    {
        var images = Images(10);
        var loader = new BatchLoader(images, new BatchLoaderOptions { BatchSize = 4, Shuffle = false, Mean = 0.5f, StandardDeviation = 0.25f });
        var batches = loader.Epoch(0).ToList();
        Assert.Equal(3, loader.BatchesPerEpoch);
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        Assert.Equal([2, 1, Size, Size], batches[2].Images.ShapeArray());
        for (var b = 0; b < batches.Count; b++)
        {
            for (var i = 0; i < batches[b].Count; i++)
            {
                var index = (b * 4) + i;
                Assert.Equal(index, batches[b].Indices[i]);
                Assert.Equal(images.Label(index), batches[b].Labels[i]);
                var pixels = images.Image(index);
                for (var p = 0; p < pixels.Length; p++)
                {
                    Assert.Equal(((pixels[p] / 255.0) - 0.5) / 0.25, batches[b].Images.Span[(i * Size * Size) + p], 1e-5);
                }
            }
        }

        Assert.Equal(2, new BatchLoader(images, new BatchLoaderOptions { BatchSize = 4, DropLast = true }).Epoch(0).Count());
    }

    [Fact]
    public void Shuffling_is_a_permutation_per_epoch_reproducible_from_the_seed()
    {
        var images = Images(50);
        var loader = new BatchLoader(images, new BatchLoaderOptions { BatchSize = 8, Seed = 7 });
        var epoch0 = loader.Epoch(0).SelectMany(b => b.Indices).ToArray();
        var epoch1 = loader.Epoch(1).SelectMany(b => b.Indices).ToArray();
        Assert.Equal(Enumerable.Range(0, 50), epoch0.Order());
        Assert.Equal(Enumerable.Range(0, 50), epoch1.Order());
        Assert.NotEqual(epoch0, epoch1);
        Assert.NotEqual(Enumerable.Range(0, 50), epoch0);
        Assert.Equal(epoch0, loader.Order(0));
        Assert.Equal(epoch1, new BatchLoader(images, new BatchLoaderOptions { BatchSize = 8, Seed = 7 }).Epoch(1).SelectMany(b => b.Indices));
        Assert.NotEqual(epoch0, new BatchLoader(images, new BatchLoaderOptions { BatchSize = 8, Seed = 8 }).Order(0));
    }

    [Fact]
    public void Crop_and_flip_give_the_source_shifted_and_mirrored_with_zero_padding()
    {
        var images = Images(200);
        const int pad = 2;
        var options = new BatchLoaderOptions { BatchSize = 16, Seed = 3, CropPadding = pad, HorizontalFlip = true };
        var loader = new BatchLoader(images, options);
        var shifts = new HashSet<(int, int)>();
        var flips = 0;
        var batches = loader.Epoch(0).ToList();
        foreach (var batch in batches)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var actual = batch.Images.Span.Slice(i * Size * Size, Size * Size).ToArray();
                var match = Candidates(images.Image(batch.Indices[i]).ToArray(), pad).Where(c => c.Pixels.Zip(actual).All(pair => Math.Abs(pair.First - pair.Second) < 1e-6f)).ToList();
                Assert.NotEmpty(match);
                shifts.Add((match[0].ShiftY, match[0].ShiftX));
                flips += match[0].Flip ? 1 : 0;
            }
        }

        Assert.Equal(25, shifts.Count);
        Assert.InRange(flips, 70, 130);
        var again = new BatchLoader(images, options).Epoch(0).Select(b => b.Images.Span.ToArray()).ToList();
        Assert.Equal(batches.Select(b => b.Images.Span.ToArray()), again);
    }

    [Fact]
    public void Pixel_statistics_match_a_direct_computation()
    {
        var images = Images(30);
        var values = Enumerable.Range(0, images.Count).SelectMany(i => images.Image(i).ToArray()).Select(p => p / 255.0).ToArray();
        var mean = values.Average();
        var deviation = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        var (actualMean, actualDeviation) = images.PixelStatistics();
        Assert.Equal(mean, actualMean, 5);
        Assert.Equal(deviation, actualDeviation, 5);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        var images = Images(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(images, new BatchLoaderOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(images, new BatchLoaderOptions { StandardDeviation = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(images, new BatchLoaderOptions { CropPadding = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(images).Epoch(-1));
    }

    // Every shifted (and mirrored) version of an image, as the loader would produce it with mean 0 and deviation 1.
    private static IEnumerable<(int ShiftY, int ShiftX, bool Flip, float[] Pixels)> Candidates(byte[] source, int pad)
    {
        for (var shiftY = -pad; shiftY <= pad; shiftY++)
        {
            for (var shiftX = -pad; shiftX <= pad; shiftX++)
            {
                foreach (var flip in new[] { false, true })
                {
                    var pixels = new float[Size * Size];
                    for (var y = 0; y < Size; y++)
                    {
                        for (var x = 0; x < Size; x++)
                        {
                            var mirrored = flip ? Size - 1 - x : x;
                            var sy = y + shiftY;
                            var sx = mirrored + shiftX;
                            pixels[(y * Size) + x] = sy is >= 0 and < Size && sx is >= 0 and < Size ? source[(sy * Size) + sx] / 255f : 0f;
                        }
                    }

                    yield return (shiftY, shiftX, flip, pixels);
                }
            }
        }
    }

    private static LabelledImages Images(int count)
    {
        var random = new Random(count);
        var pixels = new byte[count * Size * Size];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 3)).ToArray();
        return new LabelledImages(pixels, labels, Size, Size, ["a", "b", "c"]);
    }
}
