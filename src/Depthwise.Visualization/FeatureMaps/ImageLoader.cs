using Depthwise.Data;
using Depthwise.Tensors;
using SkiaSharp;

namespace Depthwise.Visualization.FeatureMaps;

/// <summary>
/// Reads PNG and JPEG files (through SkiaSharp) and Fashion-MNIST images into <see cref="InputImage"/>s, checking
/// the size in the file's header before any pixel is decoded.
/// </summary>
public static class ImageLoader
{
    /// <summary>Largest side accepted in a file's header (8192 pixels).</summary>
    public const int MaximumSide = 8192;

    /// <summary>Most pixels accepted in a file's header (32 megapixels).</summary>
    public const long MaximumPixels = 32L << 20;

    /// <summary>Images are shrunk to at most this side before convolving: the grid shows each map at about this size.</summary>
    public const int WorkingSide = 192;

    /// <summary>Reads a PNG or JPEG file: grayscale files give one channel, colour files three (red, green, blue); alpha is ignored.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The image, shrunk to fit <see cref="WorkingSide"/> if larger.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable PNG or JPEG, or its size is outside the limits.</exception>
    public static InputImage Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image file {path} does not exist.", path);
        }

        using var stream = File.OpenRead(path);
        using var codec = SKCodec.Create(stream, out var result)
            ?? throw new InvalidDataException($"{path} is not an image SkiaSharp can read ({result}); expected a PNG or JPEG file.");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            throw new InvalidDataException($"{path} is a {codec.EncodedFormat} image; expected a PNG or JPEG file.");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < 1 || height < 1 || width > MaximumSide || height > MaximumSide || (long)width * height > MaximumPixels)
        {
            throw new InvalidDataException(
                $"{path} is {width}x{height} pixels; expected each side 1 to {MaximumSide} and at most {MaximumPixels} pixels in all.");
        }

        var gray = codec.Info.ColorType == SKColorType.Gray8;
        using var decoded = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul));
        var status = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (status is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidDataException($"{path} could not be decoded ({status}); expected a valid PNG or JPEG file.");
        }

        using var working = Shrink(decoded);
        return new InputImage(ToTensor(working, gray), gray ? ["gray"] : ["red", "green", "blue"], Path.GetFileName(path));
    }

    /// <summary>One Fashion-MNIST image as a one-channel input.</summary>
    /// <param name="set">The loaded images.</param>
    /// <param name="index">Which image.</param>
    /// <returns>The 28×28 image.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the set.</exception>
    public static InputImage FromLabelledImages(LabelledImages set, int index)
    {
        ArgumentNullException.ThrowIfNull(set);
        var pixels = set.ToTensor(index, 1);
        return new InputImage(pixels, ["gray"], $"Fashion-MNIST test image {index} ({set.ClassNames[set.Label(index)]})");
    }

    private static SKBitmap Shrink(SKBitmap bitmap)
    {
        var scale = (double)WorkingSide / Math.Max(bitmap.Width, bitmap.Height);
        if (scale >= 1)
        {
            return bitmap.Copy();
        }

        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(bitmap.Width * scale)), Math.Max(1, (int)Math.Round(bitmap.Height * scale)), SKColorType.Bgra8888, SKAlphaType.Unpremul);
        return bitmap.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell)) ?? throw new InvalidDataException("the image could not be resized.");
    }

    private static Tensor ToTensor(SKBitmap bitmap, bool gray)
    {
        // bitmap (H, W) BGRA → tensor (1, C, H, W) in [0, 1]
        var (height, width) = (bitmap.Height, bitmap.Width);
        var channels = gray ? 1 : 3;
        var tensor = Tensor.Image(1, channels, height, width);
        var values = tensor.Span;
        var plane = height * width;
        var pixels = bitmap.Pixels;
        for (var i = 0; i < plane; i++)
        {
            var color = pixels[i];
            if (gray)
            {
                values[i] = color.Red / 255f;
                continue;
            }

            values[i] = color.Red / 255f;
            values[plane + i] = color.Green / 255f;
            values[(2 * plane) + i] = color.Blue / 255f;
        }

        return tensor;
    }
}
