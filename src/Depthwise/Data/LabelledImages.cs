using Depthwise.Tensors;

namespace Depthwise.Data;

/// <summary>A set of same-sized 8-bit grayscale images, each with a class label: what an MNIST-style dataset holds.</summary>
public sealed class LabelledImages
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    /// <summary>Creates the set from row-major pixels (image after image) and one label per image.</summary>
    /// <param name="pixels">count·height·width bytes, 0 = black, 255 = white.</param>
    /// <param name="labels">count labels.</param>
    /// <param name="height">Rows per image (≥ 1).</param>
    /// <param name="width">Columns per image (≥ 1).</param>
    /// <param name="classNames">The name of each label value; every label must be below its count.</param>
    /// <exception cref="ArgumentException">The lengths disagree, or a label has no class name.</exception>
    public LabelledImages(byte[] pixels, byte[] labels, int height, int width, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if ((long)labels.Length * height * width != pixels.Length)
        {
            throw new ArgumentException($"pixels has {pixels.Length} bytes; {labels.Length} labelled {height}x{width} images need {(long)labels.Length * height * width}.", nameof(pixels));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classNames.Count)
            {
                throw new ArgumentException($"label {i} is {labels[i]}; expected a class below {classNames.Count}.", nameof(labels));
            }
        }

        _pixels = pixels;
        _labels = labels;
        Height = height;
        Width = width;
        ClassNames = classNames;
    }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Rows per image.</summary>
    public int Height { get; }

    /// <summary>Columns per image.</summary>
    public int Width { get; }

    /// <summary>The name of each label value.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The pixels of image <paramref name="index"/>, row-major, 0 = black, 255 = white.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    /// <returns>height·width bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the set.</exception>
    public ReadOnlySpan<byte> Image(int index)
    {
        RequireIndex(index, nameof(index));
        var size = Height * Width;
        return _pixels.AsSpan(index * size, size);
    }

    /// <summary>The label of image <paramref name="index"/>.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    /// <returns>The class, below <see cref="ClassNames"/>' count.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the set.</exception>
    public int Label(int index)
    {
        RequireIndex(index, nameof(index));
        return _labels[index];
    }

    /// <summary>Images <c>start … start+count−1</c> as a (count, 1, H, W) NCHW tensor scaled to [0, 1].</summary>
    /// <param name="start">First image.</param>
    /// <param name="count">Number of images (≥ 1).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or leaves the set.</exception>
    public Tensor ToTensor(int start, int count)
    {
        // images (count, H·W) bytes → tensor (count, 1, H, W) floats in [0, 1]
        if (start < 0 || count < 1 || (long)start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"images {start} to {(long)start + count - 1} are not all in the set of {Count}; expected 0 ≤ start and start + count ≤ {Count}, count ≥ 1.");
        }

        var size = Height * Width;
        var tensor = Tensor.Image(count, 1, Height, Width);
        var source = _pixels.AsSpan(start * size, count * size);
        var destination = tensor.Span;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] / 255f;
        }

        return tensor;
    }

    /// <summary>Images <c>start … start+count−1</c> with their labels, as a new set (the bytes are copied).</summary>
    /// <param name="start">First image.</param>
    /// <param name="count">Number of images (≥ 1).</param>
    /// <returns>The subset, with the same class names.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or leaves the set.</exception>
    public LabelledImages Subset(int start, int count)
    {
        if (start < 0 || count < 1 || (long)start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"images {start} to {(long)start + count - 1} are not all in the set of {Count}; expected 0 ≤ start and start + count ≤ {Count}, count ≥ 1.");
        }

        var size = Height * Width;
        return new LabelledImages(_pixels.AsSpan(start * size, count * size).ToArray(), _labels.AsSpan(start, count).ToArray(), Height, Width, ClassNames);
    }

    /// <summary>Mean and (population) standard deviation of all pixels scaled to [0, 1]: the constants for normalization.</summary>
    /// <returns>The two statistics; the deviation is at least 1e-6 so dividing by it is safe.</returns>
    public (float Mean, float StandardDeviation) PixelStatistics()
    {
        // A histogram of the 256 byte values gives exact sums without a pass in floating point over every pixel.
        Span<long> histogram = stackalloc long[256];
        foreach (var pixel in _pixels)
        {
            histogram[pixel]++;
        }

        double sum = 0, sumOfSquares = 0;
        for (var value = 0; value < 256; value++)
        {
            var scaled = value / 255.0;
            sum += histogram[value] * scaled;
            sumOfSquares += histogram[value] * scaled * scaled;
        }

        var mean = sum / Math.Max(1, _pixels.Length);
        var variance = Math.Max(0, (sumOfSquares / Math.Max(1, _pixels.Length)) - (mean * mean));
        return ((float)mean, (float)Math.Max(1e-6, Math.Sqrt(variance)));
    }

    private void RequireIndex(int index, string parameter)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(parameter, index, $"{parameter} is {index}; expected 0 to {Count - 1}.");
        }
    }
}
