using System.CommandLine;
using Depthwise.Visualization.Animation;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise animate</c>: the seed's picture as an animated GIF — per channel, the window sliding over the input,
/// the kernel, the products and their sum, the output map filling in — with every number computed by the operators.
/// </summary>
internal static class AnimateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var channels = new Option<int>("--channels") { Description = $"Input channels, 1 to {AnimationSettings.MaximumChannels} (red, green, blue, purple).", DefaultValueFactory = _ => 3 };
        var kernel = new Option<string>("--kernel") { Description = $"Kernel size K or KH,KW (up to {AnimationSettings.MaximumKernel}).", DefaultValueFactory = _ => "3" };
        var stride = new Option<string>("--stride") { Description = "Stride S or SH,SW.", DefaultValueFactory = _ => "1" };
        var padding = new Option<string>("--padding") { Description = "valid, same (SAME_UPPER), same-lower, or T,L,B,R.", DefaultValueFactory = _ => "valid" };
        var dilation = new Option<string>("--dilation") { Description = "Dilation D or DH,DW.", DefaultValueFactory = _ => "1" };
        var multiplier = new Option<int>("--multiplier") { Description = $"Depth multiplier M: kernels per channel (1 to {AnimationSettings.MaximumMultiplier}).", DefaultValueFactory = _ => 1 };
        var size = new Option<string>("--size") { Description = $"Input size HxW (each up to {AnimationSettings.MaximumInputSize}).", DefaultValueFactory = _ => "6x6" };
        var compare = new Option<bool>("--compare") { Description = "Also draw the traditional convolution: one k×k×C kernel, one map." };
        var delay = new Option<int>("--delay") { Description = "Milliseconds per step (the last frame stays 4× longer).", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random small-integer inputs and weights.", DefaultValueFactory = _ => 7 };
        var output = new Option<FileInfo>("--out") { Description = "GIF file to write.", Required = true };
        var command = new Command("animate", "Draw depthwise convolution step by step as an animated GIF, with the library's own results.")
        {
            channels, kernel, stride, padding, dilation, multiplier, size, compare, delay, seed, output,
        };
        command.SetAction(parse =>
        {
            var settings = new AnimationSettings
            {
                Channels = parse.GetValue(channels),
                Kernel = OptionParsing.Size2D(parse.GetValue(kernel)!, "--kernel"),
                Stride = OptionParsing.Size2D(parse.GetValue(stride)!, "--stride"),
                Padding = OptionParsing.Padding(parse.GetValue(padding)!, "--padding"),
                Dilation = OptionParsing.Size2D(parse.GetValue(dilation)!, "--dilation"),
                Multiplier = parse.GetValue(multiplier),
                InputSize = OptionParsing.HeightByWidth(parse.GetValue(size)!, "--size"),
                Compare = parse.GetValue(compare),
                DelayMilliseconds = parse.GetValue(delay),
                Seed = parse.GetValue(seed),
            };

            // Validate (and run the operators) before touching the output file.
            var model = ConvolutionAnimationModel.Create(settings);
            var file = parse.GetRequiredValue(output);
            OutputFile.Write(file.FullName, stream => ConvolutionAnimation.WriteGif(model, stream));
            var (width, height) = ConvolutionAnimation.FrameSize(model);
            console.MarkupLine(Markup.Escape(
                $"wrote {file.Name}: {model.FrameCount} frames of {width}×{height}, {OutputFile.Size(new FileInfo(file.FullName).Length)}; " +
                $"{model.OutputChannels} output maps of {model.Geometry.OutputHeight}×{model.Geometry.OutputWidth} from DepthwiseConv2d.Forward" +
                (settings.Compare ? ", traditional map from Conv2d.Forward" : string.Empty)));
            return 0;
        });
        return command;
    }
}
