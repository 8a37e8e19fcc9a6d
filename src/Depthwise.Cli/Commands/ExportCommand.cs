using System.CommandLine;
using System.Globalization;
using Depthwise.Models;
using Depthwise.Onnx.Export;
using Depthwise.Tensors;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise export</c>: builds a MobileNet (seeded random weights; no pretrained weights ship with the library)
/// and writes it as an ONNX model in inference form.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        var width = ModelOptions.Width();
        var resolution = ModelOptions.Resolution();
        var classes = new Option<int>("--classes") { Description = "Classifier outputs.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random initialization.", DefaultValueFactory = _ => 0 };
        var fold = new Option<bool>("--fold-batch-norm") { Description = "Fold each batch norm into the convolution before it instead of writing BatchNormalization nodes." };
        var output = new Option<FileInfo>("--out") { Description = "The .onnx file to write.", Required = true };
        var command = new Command("export", "Write a MobileNet (random weights) as an ONNX model: opset 17, NCHW, batch size left symbolic.")
        {
            model, width, resolution, classes, seed, fold, output,
        };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(model)!;
            var size = ModelOptions.CheckResolution(parse.GetValue(resolution));
            var classCount = parse.GetValue(classes);
            OptionParsing.RequirePositive(classCount, "--classes");
            var options = new MobileNetOptions { Width = ModelOptions.CheckWidth(parse.GetValue(width)), Classes = classCount, Seed = parse.GetValue(seed) };
            var network = ModelCatalog.Create(name, options).Eval();
            var file = parse.GetRequiredValue(output);
            int[] inputShape = [1, 3, size, size];
            var proto = OnnxExporter.Save(network, inputShape, file.FullName, new OnnxExportOptions { FoldBatchNorm = parse.GetValue(fold) });
            console.MarkupLine(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {file.Name}: {name} α={options.Width}, input {Tensor.FormatShape(inputShape)} → (1, {classCount}) with the batch symbolic, " +
                $"{network.ParameterCount():N0} parameters, {proto.Graph.Node.Count} nodes, opset {OnnxExporter.OpsetVersion}, random weights (seed {options.Seed})")));
            return 0;
        });
        return command;
    }
}
