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
        var gradOutput = new Option<FileInfo?>("--grad-output") { Description = "Gradient of the loss with respect to the output, .npy shaped like the output (activation none); with it the gradients below are written." };
        var gradInput = new Option<FileInfo?>("--grad-input") { Description = "Input gradient .npy to write (needs --grad-output)." };
        var gradWeights = new Option<FileInfo?>("--grad-weights") { Description = "Weight gradient .npy to write, (Cout, Cin/groups, kH, kW) (needs --grad-output)." };
        var gradBias = new Option<FileInfo?>("--grad-bias") { Description = "Bias gradient .npy to write, (Cout) (needs --grad-output)." };
        var command = new Command("conv", "Run one convolution on .npy files: depthwise, grouped or traditional, any stride, dilation and padding; with --grad-output also its gradients.")
        {
            input, weights, bias, groups, stride, dilation, padding, activation, layout, threads, output, gradOutput, gradInput, gradWeights, gradBias,
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

            var gradientFiles = (Input: parse.GetValue(gradInput), Weights: parse.GetValue(gradWeights), Bias: parse.GetValue(gradBias));
            if (parse.GetValue(gradOutput) is not { } gradOutputFile)
            {
                if (gradientFiles is not (null, null, null))
                {
                    throw new ArgumentException("--grad-input, --grad-weights and --grad-bias need --grad-output (the loss gradient of the output).", "--grad-output");
                }

                return 0;
            }

            if (gradientFiles is (null, null, null))
            {
                throw new ArgumentException("--grad-output given but no gradient to write: add --grad-input, --grad-weights and/or --grad-bias.", "--grad-output");
            }

            if (options.Activation != Activation.None)
            {
                throw new ArgumentException($"--activation is {options.Activation}; gradients are computed for activation none.", "--activation");
            }

            using var gradOutputTensor = NpyFile.Read(gradOutputFile.FullName, tensorLayout);
            if (!gradOutputTensor.Shape.SequenceEqual(result.Shape))
            {
                throw new ArgumentException($"--grad-output has shape {Tensor.FormatShape(gradOutputTensor.Shape)}; expected the output's {Tensor.FormatShape(result.Shape)}.", "--grad-output");
            }

            var gradients = Conv2d.Backward(inputTensor, weightTensor, gradOutputTensor, parse.GetValue(groups), options, computeBias: gradientFiles.Bias is not null);
            foreach (var (file, tensor) in new[] { (gradientFiles.Input, gradients.GradInput), (gradientFiles.Weights, gradients.GradWeights), (gradientFiles.Bias, gradients.GradBias) })
            {
                if (file is not null && tensor is not null)
                {
                    WriteAtomically(file.FullName, tensor);
                    console.MarkupLine(Markup.Escape($"wrote {file.Name}: {Tensor.FormatShape(tensor.Shape)}"));
                }
            }

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
