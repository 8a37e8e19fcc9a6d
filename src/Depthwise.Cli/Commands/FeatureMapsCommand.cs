using System.CommandLine;
using Depthwise.Data;
using Depthwise.Visualization.FeatureMaps;
using Depthwise.Visualization.Rendering;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary><c>depthwise featuremaps</c>: an image through one depthwise layer of classic kernels, one map per channel × kernel, in a labelled grid.</summary>
internal static class FeatureMapsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var image = new Option<FileInfo?>("--image") { Description = "A PNG or JPEG image (grayscale: 1 channel; colour: red, green, blue)." };
        var fashion = new Option<int?>("--fashion-mnist") { Description = "Use Fashion-MNIST test image INDEX (0 to 9999) instead of a file." };
        var data = new Option<DirectoryInfo?>("--data") { Description = $"Fashion-MNIST folder (default {FashionMnist.DefaultDirectory})." };
        var kernels = new Option<string>("--kernels") { Description = $"Comma-separated kernels: {string.Join(", ", ClassicKernels.All.Select(kernel => kernel.Name))}.", DefaultValueFactory = _ => "sobel-x,sobel-y,blur,sharpen" };
        var output = new Option<FileInfo>("--out") { Description = "PNG file to write.", Required = true };
        var command = new Command("featuremaps", "Run an image through a depthwise layer of classic kernels (Sobel, blur, sharpen, ...) and draw every map in a grid.")
        {
            image, fashion, data, kernels, output,
        };
        command.SetAction(parse =>
        {
            var kernelList = ClassicKernels.Parse(parse.GetValue(kernels)!);
            var imageFile = parse.GetValue(image);
            var index = parse.GetValue(fashion);
            if ((imageFile is null) == (index is null))
            {
                throw new ArgumentException("give exactly one of --image FILE or --fashion-mnist INDEX.", "--image");
            }

            var input = imageFile is not null ? ImageLoader.Load(imageFile.FullName) : FashionMnistImage(index!.Value, parse.GetValue(data));
            var maps = FeatureMapSet.Compute(input, kernelList);
            using var grid = FeatureMapGrid.Render(maps);
            var file = parse.GetRequiredValue(output);
            OutputFile.Write(file.FullName, stream => stream.Write(SkiaImages.EncodePng(grid)));
            console.MarkupLine(Markup.Escape(
                $"wrote {file.Name}: {maps.Channels} channel(s) × {maps.Kernels.Count} kernels = {maps.Channels * maps.Kernels.Count} maps of {maps.Height}×{maps.Width} ({input.Caption}), {grid.Width}×{grid.Height} px"));
            return 0;
        });
        return command;
    }

    private static InputImage FashionMnistImage(int index, DirectoryInfo? directory)
    {
        if (index < 0)
        {
            throw new ArgumentException($"--fashion-mnist is {index}; expected an image index from 0.", "--fashion-mnist");
        }

        var set = FashionMnist.Load(FashionMnistSplit.Test, directory?.FullName);
        return index < set.Count
            ? ImageLoader.FromLabelledImages(set, index)
            : throw new ArgumentException($"--fashion-mnist is {index}; the test set has images 0 to {set.Count - 1}.", "--fashion-mnist");
    }
}
