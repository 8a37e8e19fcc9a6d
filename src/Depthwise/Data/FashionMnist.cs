namespace Depthwise.Data;

/// <summary>
/// Loads Fashion-MNIST (Zalando's 28×28 grayscale clothing images in ten classes) from its IDX files, plain or
/// gzipped, as Debian's <c>dataset-fashion-mnist</c> package installs them.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package puts the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The one command that installs the dataset on Debian.</summary>
    public const string InstallCommand = "apt-get install -y dataset-fashion-mnist";

    /// <summary>Rows and columns of every image.</summary>
    public const int ImageSize = 28;

    /// <summary>The ten class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads one split.</summary>
    /// <param name="split">Training or test images.</param>
    /// <param name="directory">Folder with the IDX files; null for <see cref="DefaultDirectory"/>.</param>
    /// <returns>The images and labels.</returns>
    /// <exception cref="FileNotFoundException">A file is missing; the message names it and says how to install the dataset.</exception>
    /// <exception cref="IdxFormatException">A file is not a valid IDX file.</exception>
    /// <exception cref="InvalidDataException">The files are valid IDX but not Fashion-MNIST shaped (ubyte images N×28×28, N ubyte labels below 10).</exception>
    public static LabelledImages Load(FashionMnistSplit split, string? directory = null)
    {
        directory ??= DefaultDirectory;
        var prefix = split == FashionMnistSplit.Train ? "train" : "t10k";
        var imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);

        if (images.ElementType != IdxElementType.UnsignedByte || images.Dimensions.Count != 3
            || images.Dimensions[1] != ImageSize || images.Dimensions[2] != ImageSize)
        {
            throw new InvalidDataException(
                $"{imagesPath} holds {images.ElementType} ({string.Join(", ", images.Dimensions)}); expected unsigned bytes (N, {ImageSize}, {ImageSize}).");
        }

        if (labels.ElementType != IdxElementType.UnsignedByte || labels.Dimensions.Count != 1 || labels.Dimensions[0] != images.Dimensions[0])
        {
            throw new InvalidDataException(
                $"{labelsPath} holds {labels.ElementType} ({string.Join(", ", labels.Dimensions)}); expected {images.Dimensions[0]} unsigned-byte labels, one per image.");
        }

        var bad = Array.FindIndex(labels.Data, label => label >= ClassNames.Count);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{labelsPath}: label {bad} is {labels.Data[bad]}; expected a class from 0 to {ClassNames.Count - 1}.");
        }

        return new LabelledImages(images.Data, labels.Data, ImageSize, ImageSize, ClassNames);
    }

    // The plain file, else its .gz; a missing file names both and the install line.
    private static string Find(string directory, string name)
    {
        var plain = Path.Combine(directory, name);
        if (File.Exists(plain))
        {
            return plain;
        }

        if (File.Exists(plain + ".gz"))
        {
            return plain + ".gz";
        }

        throw new FileNotFoundException(
            $"Fashion-MNIST file {name}[.gz] not found in {directory}; install the dataset with: {InstallCommand}", plain);
    }
}
