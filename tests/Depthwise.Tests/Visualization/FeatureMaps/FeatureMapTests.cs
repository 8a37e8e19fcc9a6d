using Depthwise.Tensors;
using Depthwise.Visualization.FeatureMaps;
using Depthwise.Visualization.Gif;
using SkiaSharp;

namespace Depthwise.Tests.Visualization.FeatureMaps;

public class FeatureMapTests
{
    [Fact]
    public void SobelXLightsUpOnAVerticalEdgeAndNowhereElseInside()
    {
        // 12×12, columns 0–5 black (0), columns 6–11 white (1).
        const int Side = 12;
        var values = new float[Side * Side];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i % Side >= Side / 2 ? 1 : 0;
        }

        var image = new InputImage(new Tensor(values, [1, 1, Side, Side]), ["gray"], "edge");
        var set = FeatureMapSet.Compute(image, [ClassicKernels.Get("sobel-x"), ClassicKernels.Get("sobel-y")]);

        var sobelX = set.Map(0, 0);
        var sobelY = set.Map(0, 1);
        for (var row = 1; row < Side - 1; row++)
        {
            for (var column = 0; column < Side - 1; column++)
            {
                // Windows straddling the edge see (1 + 2 + 1) × (1 − 0) = 4; flat windows see 0.
                var expected = column is 5 or 6 ? 4f : 0f;
                Assert.Equal(expected, sobelX[(row * Side) + column]);
                Assert.Equal(0f, sobelY[(row * Side) + column]);
            }
        }

        // Drawn: the edge is white, flat areas mid-gray (0 on a signed scale).
        using var grid = FeatureMapGrid.Render(set);
        var cell = FeatureMapGrid.Cell(set, 0, 1);
        var scale = cell.Width / Side;
        SKColor At(int row, int column) => grid.GetPixel((int)(cell.Left + ((column + 0.5f) * scale)), (int)(cell.Top + ((row + 0.5f) * scale)));
        Assert.Equal(255, At(6, 5).Red);
        Assert.Equal(255, At(6, 6).Red);
        Assert.InRange(At(6, 2).Red, 126, 129);
        Assert.InRange(At(6, 9).Red, 126, 129);
    }

    [Fact]
    public void EveryChannelGetsEveryKernelFromOneDepthwiseLayer()
    {
        var image = SampleImages.Shapes(32);
        var kernels = ClassicKernels.Parse("identity,box");

        var set = FeatureMapSet.Compute(image, kernels);

        Assert.Equal([1, 6, 32, 32], set.Output.ShapeArray());
        for (var channel = 0; channel < 3; channel++)
        {
            Assert.Equal(set.InputPlane(channel).ToArray(), set.Map(channel, 0).ToArray());
            // Box blur at an interior pixel: the mean of its 3×3 neighbourhood.
            var input = set.InputPlane(channel);
            var mean = 0f;
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    mean += input[((10 + dy) * 32) + 20 + dx] / 9f;
                }
            }

            Assert.Equal(mean, set.Map(channel, 1)[(10 * 32) + 20], 5);
        }
    }

    [Fact]
    public void AnImageFileLoadsAsItsChannels()
    {
        var path = TestImages.VerticalEdgePng(20, 30);

        var image = ImageLoader.Load(path);

        Assert.Equal(20, image.Pixels.Height);
        Assert.Equal(30, image.Pixels.Width);
        Assert.Equal(image.ChannelNames.Count, image.Pixels.Channels);
        Assert.Equal(0f, image.Pixels[0, 0, 5, 3]);
        Assert.Equal(1f, image.Pixels[0, image.Pixels.Channels - 1, 5, 20]);
    }

    [Fact]
    public void ABigImageIsShrunkToTheWorkingSize()
    {
        var path = TestImages.VerticalEdgePng(300, 600);

        var image = ImageLoader.Load(path);

        Assert.Equal((96, ImageLoader.WorkingSide), (image.Pixels.Height, image.Pixels.Width));
    }

    [Fact]
    public void BadImageFilesAreClearErrorsWithoutHugeAllocations()
    {
        Assert.Throws<FileNotFoundException>(() => ImageLoader.Load(TestImages.TemporaryPath("missing.png")));

        var text = TestImages.TemporaryPath("notes.png");
        File.WriteAllText(text, "this is not an image");
        Assert.Contains("PNG or JPEG", Assert.Throws<InvalidDataException>(() => ImageLoader.Load(text)).Message);

        var webp = TestImages.VerticalEdgePng(8, 8, SKEncodedImageFormat.Webp);
        Assert.Contains("Webp image; expected a PNG or JPEG", Assert.Throws<InvalidDataException>(() => ImageLoader.Load(webp)).Message);
        var gif = TestImages.TemporaryPath("image.gif");
        using (var file = File.Create(gif))
        using (var writer = new GifWriter(file, 4, 4, new GifPalette([0, 0xFFFFFF])))
        {
            writer.WriteFrame(new byte[16], 10);
        }

        Assert.Contains("Gif image; expected a PNG or JPEG", Assert.Throws<InvalidDataException>(() => ImageLoader.Load(gif)).Message);

        var huge = TestImages.PngClaiming(100_000, 100_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => ImageLoader.Load(huge));
        Assert.Contains("100000x100000", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
    }

    [Fact]
    public void UnknownKernelNamesListTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassicKernels.Parse("sobel-x,wobble"));

        Assert.Contains("wobble", error.Message);
        Assert.Contains("sobel-y", error.Message);
    }
}
