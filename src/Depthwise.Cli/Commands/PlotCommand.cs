using System.CommandLine;
using Depthwise.Training;
using Depthwise.Visualization.Plots;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise plot</c>: PNG charts of the results other verbs write — bench bars and the roofline (from
/// <c>bench --json</c>), ours against ONNX Runtime (from the peers benchmark), training curves (metrics JSON) — and
/// the params/MACs bars of one layer (computed, no input).
/// </summary>
internal static class PlotCommand
{
    private static readonly string[] Kinds = ["bench", "peers", "roofline", "training", "cost"];

    public static Command Create(IAnsiConsole console)
    {
        var kind = new Option<string>("--kind") { Description = "bench, peers, roofline (inputs: bench/peers JSON), training (metrics JSON), or cost (no input).", Required = true };
        kind.AcceptOnlyFromAmong(Kinds);
        var inputs = new Option<FileInfo[]>("--input") { Description = "Result file; repeat --input to compare several (e.g. standard and separable training).", AllowMultipleArgumentsPerToken = false };
        var layer = new Option<string>("--layer") { Description = "cost: input HxWxC.", DefaultValueFactory = _ => "112x112x32" };
        var kernel = new Option<int>("--kernel") { Description = "cost: kernel side k.", DefaultValueFactory = _ => 3 };
        var stride = new Option<int>("--stride") { Description = "cost: stride.", DefaultValueFactory = _ => 1 };
        var padding = new Option<string>("--padding") { Description = "cost: valid or same.", DefaultValueFactory = _ => "same" };
        var outChannels = new Option<int>("--out-channels") { Description = "cost: output channels N.", DefaultValueFactory = _ => 64 };
        var multiplier = new Option<int>("--multiplier") { Description = "cost: depth multiplier M.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "PNG file to write.", Required = true };
        var command = new Command("plot", "Draw a PNG chart: benchmark bars, ours vs ONNX Runtime, roofline, training curves, or one layer's cost.")
        {
            kind, inputs, layer, kernel, stride, padding, outChannels, multiplier, output,
        };
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(kind)!;
            var files = parse.GetValue(inputs) ?? [];
            if (chosen != "cost" && files.Length == 0)
            {
                throw new ArgumentException($"--kind {chosen} needs at least one --input FILE.json.", "--input");
            }

            (string Label, string Path)[] labelled = [.. files.Select(file => (Path.GetFileNameWithoutExtension(file.Name), file.FullName))];
            var png = chosen switch
            {
                "bench" => BenchChart.RenderPng([.. labelled.Select(file => (file.Label, BenchFile.Read(file.Path)))]),
                "roofline" => RooflineChart.RenderPng([.. labelled.Select(file => (file.Label, BenchFile.Read(file.Path)))]),
                "peers" => PeersChart.RenderPng([.. labelled.Select(file => (file.Label, PeerLayerResult.ReadAll(file.Path)))]),
                "training" => TrainingChart.RenderPng([.. labelled.Select(file => TrainingMetrics.Read(file.Path))]),
                _ => CostChart.RenderPng(CostLayer(parse, layer, kernel, stride, padding, outChannels, multiplier)),
            };

            var file = parse.GetRequiredValue(output);
            OutputFile.Write(file.FullName, stream => stream.Write(png));
            console.MarkupLine(Markup.Escape($"wrote {file.Name}: {chosen} chart, {OutputFile.Size(png.Length)}" + (files.Length > 0 ? $", from {string.Join(", ", files.Select(input => input.Name))}" : string.Empty)));
            return 0;
        });
        return command;
    }

    private static CostComparison CostLayer(
        ParseResult parse, Option<string> layer, Option<int> kernel, Option<int> stride, Option<string> padding, Option<int> outChannels, Option<int> multiplier)
    {
        var (height, width, channels) = OptionParsing.ImageShape(parse.GetValue(layer)!, "--layer");
        OptionParsing.RequirePositive(parse.GetValue(kernel), "--kernel");
        OptionParsing.RequirePositive(parse.GetValue(stride), "--stride");
        OptionParsing.RequirePositive(parse.GetValue(outChannels), "--out-channels");
        OptionParsing.RequirePositive(parse.GetValue(multiplier), "--multiplier");
        var comparison = new CostComparison(
            height, width, channels, parse.GetValue(kernel), parse.GetValue(stride), OptionParsing.Padding(parse.GetValue(padding)!, "--padding"), parse.GetValue(outChannels), parse.GetValue(multiplier));
        _ = comparison.Geometry; // a kernel that does not fit fails here, with the geometry's message
        return comparison;
    }
}
