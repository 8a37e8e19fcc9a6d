using Depthwise.Data;
using static Depthwise.Tests.Data.IdxTestFiles;

namespace Depthwise.Tests.Data;

public class FashionMnistTests
{
    [Fact]
    public void LoadsGzippedFilesFromADirectory()
    {
        var pixels = new byte[3 * 28 * 28];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i % 251);
        }

        var directory = Path.GetDirectoryName(WriteTemporary(Gzip(Concat(Header(0x08, 3, 28, 28), pixels)), "t10k-images-idx3-ubyte.gz"))!;
        File.WriteAllBytes(Path.Combine(directory, "t10k-labels-idx1-ubyte"), Concat(Header(0x08, 3), [9, 0, 4]));

        var set = FashionMnist.Load(FashionMnistSplit.Test, directory);

        Assert.Equal(3, set.Count);
        Assert.Equal(4, set.Label(2));
        Assert.Equal("Coat", set.ClassNames[set.Label(2)]);
        Assert.Equal(pixels.AsSpan(28 * 28, 28 * 28), set.Image(1));
        using var tensor = set.ToTensor(1, 2);
        Assert.Equal([2, 1, 28, 28], tensor.ShapeArray());
        Assert.Equal(pixels[(28 * 28) + 5] / 255f, tensor[0, 0, 0, 5]);
    }

    [Fact]
    public void AMissingDatasetSaysHowToInstallIt()
    {
        var directory = Path.Combine(Path.GetTempPath(), "depthwise-no-such-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(FashionMnistSplit.Test, directory));

        Assert.Contains("apt-get install -y dataset-fashion-mnist", error.Message);
        Assert.Contains(directory, error.Message);
    }

    [Fact]
    public void LabelsThatDoNotMatchTheImagesAreRejected()
    {
        var directory = Path.GetDirectoryName(WriteTemporary(Concat(Header(0x08, 2, 28, 28), new byte[2 * 28 * 28]), "t10k-images-idx3-ubyte"))!;
        File.WriteAllBytes(Path.Combine(directory, "t10k-labels-idx1-ubyte"), Concat(Header(0x08, 3), [1, 2, 3]));

        Assert.Throws<InvalidDataException>(() => FashionMnist.Load(FashionMnistSplit.Test, directory));

        File.WriteAllBytes(Path.Combine(directory, "t10k-labels-idx1-ubyte"), Concat(Header(0x08, 2), [1, 12]));
        Assert.Throws<InvalidDataException>(() => FashionMnist.Load(FashionMnistSplit.Test, directory));
    }

    [Fact]
    public void TheInstalledTestSetHasTenThousandImagesStartingWithAnAnkleBoot()
    {
        var set = FashionMnist.Load(FashionMnistSplit.Test);

        // Facts about the published dataset: 10,000 test images, the first one an ankle boot (class 9).
        Assert.Equal(10_000, set.Count);
        Assert.Equal(9, set.Label(0));
        Assert.Equal("Ankle boot", set.ClassNames[set.Label(0)]);
        Assert.Equal(1000, Enumerable.Range(0, set.Count).Count(index => set.Label(index) == 3));
    }
}
