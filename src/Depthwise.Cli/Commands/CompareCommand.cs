using System.CommandLine;
using System.Text.Json;
using Depthwise.Cli.Comparison;
using Depthwise.Cli.Output;
using Depthwise.Geometry;
using Spectre.Console;
using Padding = Depthwise.Geometry.Padding;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise compare</c>: the seed's benchmark done right — for each requested output-channel count, the traditional,
/// depthwise, pointwise and separable convolution with shapes from the geometry, costs from the cost model and measured latency.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Option<string>("--input") { Description = "Input image as HxWxC, e.g. 112x112x32.", Required = true };
        var kernel = new Option<int>("--kernel") { Description = "Square kernel size k.", DefaultValueFactory = _ => 3 };
        var stride = new Option<string>("--stride") { Description = "Stride: S or SH,SW.", DefaultValueFactory = _ => "1" };
        var padding = new Option<string>("--padding") { Description = "same or valid.", DefaultValueFactory = _ => "same" };
        padding.AcceptOnlyFromAmong("same", "valid");
        var outChannels = new Option<string>("--out-channels") { Description = "Comma-separated output channel counts.", DefaultValueFactory = _ => "64,128,256" };
        var multiplier = new Option<int>("--multiplier") { Description = "Depth multiplier M.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of tables." };
        var command = new Command("compare", "Traditional vs depthwise vs pointwise vs separable on one layer: shapes, parameters, MACs, FLOPs, latency statistics, speed-up.")
        {
            input, kernel, stride, padding, outChannels, multiplier, threads, json,
        };
        command.SetAction(parse =>
        {
            var (height, width, channels) = OptionParsing.ImageShape(parse.GetRequiredValue(input), "--input");
            var kernelSize = parse.GetValue(kernel);
            OptionParsing.RequirePositive(kernelSize, "--kernel");
            var strideSize = OptionParsing.Size2D(parse.GetValue(stride)!, "--stride");
            var paddingRule = parse.GetValue(padding) == "valid" ? Padding.Valid : Padding.SameUpper;
            var outputChannels = OptionParsing.PositiveList(parse.GetValue(outChannels)!, "--out-channels");
            var depthMultiplier = parse.GetValue(multiplier);
            OptionParsing.RequirePositive(depthMultiplier, "--multiplier");
            var threadCount = parse.GetValue(threads);
            OptionParsing.RequireNonNegative(threadCount, "--threads");

            var results = new List<(ComparisonSetup Setup, IReadOnlyList<ComparisonRow> Rows)>();
            foreach (var count in outputChannels)
            {
                var setup = new ComparisonSetup(height, width, channels, kernelSize, strideSize, paddingRule, depthMultiplier, count, threadCount);
                results.Add((setup, FourWayComparison.Run(setup, measure: true)));
            }

            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(results.SelectMany(result => result.Rows.Select(row => ComparisonJson.From(result.Setup, row))), ComparisonJson.Options));
                return 0;
            }

            foreach (var (setup, rows) in results)
            {
                console.Write(ComparisonTable.Cost(
                    $"{setup.InputText} input, {setup.Kernel}×{setup.Kernel}, stride {setup.Stride}, {setup.Padding} padding, multiplier {setup.Multiplier}, {setup.OutputChannels} output channels",
                    rows));
                console.Write(ComparisonTable.Latency("latency (ms)", rows));
            }

            return 0;
        });
        return command;
    }
}
