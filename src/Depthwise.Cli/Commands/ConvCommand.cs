using System.CommandLine;
using Depthwise.Operators;
using Depthwise.Tensors;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise conv</c>: one convolution from .npy files, scriptable. Weights are always PyTorch's (Cout, Cin/groups, kH, kW);
/// <c>--layout nhwc</c> means the input and output arrays are NHWC. A stable interface other tools drive.
/// </summary>
internal static class ConvCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Option<FileInfo>("--input") { Description = "Input .npy, float32, (N, C, H, W) or (N, H, W, C) with --layout nhwc.", Required = true };
        var weights = new Option<FileInfo>("--weights") { Description = "Weights .npy, float32, (Cout, Cin/groups, kH, kW).", Required = true };
        var bias = new Option<FileInfo?>("--bias") { Description = "Bias .npy, float32, (Cout)." };
        var groups = new Option<int>("--groups") { Description = "Groups: 1 = traditional, C = depthwise.", DefaultValueFactory = _ => 1 };
        var stride = new Option<string>("--stride") { Description = "Stride: S or SH,SW.", DefaultValueFactory = _ => "1" };
        var dilation = new Option<string>("--dilation") { Description = "Dilation: D or DH,DW.", DefaultValueFactory = _ => "1" };
        var padding = new Option<string>("--padding") { Description = "valid, same (TF/ONNX SAME_UPPER), same-lower, or T,L,B,R.", DefaultValueFactory = _ => "valid" };
        var activation = new Option<string>("--activation") { Description = "none, relu, relu6, hardswish, or clip:MIN,MAX.", DefaultValueFactory = _ => "none" };
        var layout = new Option<string>("--layout") { Description = "Layout of the input and output arrays.", DefaultValueFactory = _ => "nchw" };
        layout.AcceptOnlyFromAmong("nchw", "nhwc");
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo>("--output") { Description = "Output .npy to write.", Required = true };
        var command = new Command("conv", "Run one convolution on .npy files: depthwise, grouped or traditional, any stride, dilation and padding.")
        {
            input, weights, bias, groups, stride, dilation, padding, activation, layout, threads, output,
        };
        command.SetAction(parse =>
        {
            var tensorLayout = parse.GetValue(layout) == "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw;
            var threadCount = parse.GetValue(threads);
            OptionParsing.RequireNonNegative(threadCount, "--threads");
            var options = new Conv2dOptions
            {
                Stride = OptionParsing.Size2D(parse.GetValue(stride)!, "--stride"),
                Dilation = OptionParsing.Size2D(parse.GetValue(dilation)!, "--dilation"),
                Padding = ParseOption(() => Geometry.Padding.Parse(parse.GetValue(padding)!), "--padding"),
                Activation = ParseOption(() => Activation.Parse(parse.GetValue(activation)!), "--activation"),
                Threads = threadCount,
            };

            using var inputTensor = NpyFile.Read(parse.GetRequiredValue(input).FullName, tensorLayout);
            using var weightTensor = NpyFile.Read(parse.GetRequiredValue(weights).FullName);
            using var biasTensor = parse.GetValue(bias) is { } biasFile ? NpyFile.Read(biasFile.FullName) : null;
            using var result = Conv2d.Forward(inputTensor, weightTensor, biasTensor, parse.GetValue(groups), options);
            var outputFile = parse.GetRequiredValue(output);
            WriteAtomically(outputFile.FullName, result);
            console.MarkupLine(Markup.Escape($"wrote {outputFile.Name}: {Tensor.FormatShape(result.Shape)} {tensorLayout}"));
            return 0;
        });
        return command;
    }

    // Re-raise a parse failure under the CLI option's name, so the one-line error says which option was wrong.
    private static T ParseOption<T>(Func<T> parse, string option)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{option}: {exception.Message}", option, exception);
        }
    }

    // Write beside the target and move into place, so a failure never leaves a half-written file where the user's was.
    private static void WriteAtomically(string path, Tensor tensor)
    {
        var temporary = path + ".tmp-" + Environment.ProcessId;
        try
        {
            NpyFile.Write(temporary, tensor);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
