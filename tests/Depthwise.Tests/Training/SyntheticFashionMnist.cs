using Depthwise.Data;
using Depthwise.Tests.Data;

namespace Depthwise.Tests.Training;

/// <summary>A tiny learnable stand-in for Fashion-MNIST: class k is a bright square of side 4 + 2·(k mod 5), filled for k &lt; 5 and outlined otherwise, at a random place, plus noise.</summary>
internal static class SyntheticFashionMnist
{
    public static LabelledImages Images(int count, int seed)
    {
        var (pixels, labels) = Raw(count, seed);
        return new LabelledImages(pixels, labels, FashionMnist.ImageSize, FashionMnist.ImageSize, FashionMnist.ClassNames);
    }

    /// <summary>Writes gzipped IDX files named as Debian's package names them into a new folder.</summary>
    public static string WriteDirectory(int trainCount, int testCount)
    {
        var directory = Directory.CreateTempSubdirectory("depthwise-synthetic-fmnist-").FullName;
        foreach (var (prefix, count, seed) in new[] { ("train", trainCount, 1), ("t10k", testCount, 2) })
        {
            var (pixels, labels) = Raw(count, seed);
            File.WriteAllBytes(
                Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"),
                IdxTestFiles.Gzip(IdxTestFiles.Concat(IdxTestFiles.Header(0x08, (uint)count, 28, 28), pixels)));
            File.WriteAllBytes(
                Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"),
                IdxTestFiles.Gzip(IdxTestFiles.Concat(IdxTestFiles.Header(0x08, (uint)count), labels)));
        }

        return directory;
    }

    private static (byte[] Pixels, byte[] Labels) Raw(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % 10;
            labels[i] = (byte)label;

            // Size and fill, not position, tell the classes apart: a convolutional network that pools globally can
            // learn them, and they do not depend on where the square lands.
            var side = 4 + (2 * (label % 5));
            var filled = label < 5;
            var top = random.Next(28 - side);
            var left = random.Next(28 - side);
            for (var y = 0; y < 28; y++)
            {
                for (var x = 0; x < 28; x++)
                {
                    var inside = y >= top && y < top + side && x >= left && x < left + side;
                    var border = y == top || y == top + side - 1 || x == left || x == left + side - 1;
                    pixels[(i * 784) + (y * 28) + x] = (byte)((inside && (filled || border) ? 200 : 0) + random.Next(40));
                }
            }
        }

        return (pixels, labels);
    }
}
