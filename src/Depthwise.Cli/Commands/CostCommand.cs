using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Depthwise.Cli.Output;
using Depthwise.Models;
using Depthwise.Nn;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise cost</c>: a MobileNet's cost layer by layer — operation, input and output shape, parameters, MACs and
/// share of the total — worked out from shapes (nothing runs), with totals next to the papers' published figures.
/// </summary>
internal static class CostCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        model.Required = false;
        var file = new Argument<FileInfo?>("MODEL.onnx") { Description = "An ONNX file to cost instead of a built-in --model.", Arity = ArgumentArity.ZeroOrOne };
        var shape = new Option<string[]>("--shape") { Description = "With MODEL.onnx: input shape for symbolic dims, N,C,H,W or NAME=N,C,H,W; repeatable." };
        var width = ModelOptions.Width();
        var resolution = ModelOptions.Resolution();
        var json = new Option<bool>("--json") { Description = "Print the table as JSON instead." };
        var command = new Command("cost", "Per-layer parameters and multiply-adds of a MobileNet (with totals against the published figures) or of the convolutions of any ONNX file.")
        {
            file, model, width, resolution, shape, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(file) is { } onnxFile)
            {
                if (parse.GetValue(model) is not null)
                {
                    throw new ArgumentException("give either MODEL.onnx or --model, not both.", "--model");
                }

                OnnxCostTable.Write(console, onnxFile, parse.GetValue(shape) ?? [], parse.GetValue(json));
                return 0;
            }

            var name = parse.GetValue(model) ?? throw new ArgumentException("give --model NAME or an ONNX file: depthwise cost --model mobilenet-v2, depthwise cost model.onnx.", "--model");
            var alpha = ModelOptions.CheckWidth(parse.GetValue(width));
            var size = ModelOptions.CheckResolution(parse.GetValue(resolution));
            var network = ModelCatalog.Create(name, new MobileNetOptions { Width = alpha, InitializeWeights = false });
            var table = CostTable.Build(network, [1, 3, size, size]);
            var published = PublishedFigures.Find(name, alpha, size);
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(Json(name, alpha, size, table, published));
            }
            else
            {
                console.Write(Table(name, alpha, size, table));
                foreach (var line in Footer(table, published))
                {
                    console.WriteLine(line);
                }
            }

            return 0;
        });
        return command;
    }

    private static Table Table(string name, double width, int resolution, CostTable cost)
    {
        var table = new Table()
            .Border(TableBorder.Simple)
            .Title(string.Create(CultureInfo.InvariantCulture, $"{name} α={width} at {resolution}×{resolution}: cost per layer, batch 1"))
            .AddColumns(
                new TableColumn("layer"), new TableColumn("operation"),
                new TableColumn("input").NoWrap(), new TableColumn("output").NoWrap(), new TableColumn("params").RightAligned(),
                new TableColumn("MACs").RightAligned(), new TableColumn("share").RightAligned());
        foreach (var row in cost.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Name),
                Markup.Escape(Operation(row)),
                Shape(row.InputShape),
                Shape(row.OutputShape),
                Formatting.Count(row.Cost.Parameters),
                Formatting.Count(row.Cost.Macs),
                Formatting.Percent((double)row.Cost.Macs / cost.Total.Macs));
        }

        return table;
    }

    private static IEnumerable<string> Footer(CostTable cost, PublishedFigure? published)
    {
        var total = cost.Total;
        yield return string.Create(
            CultureInfo.InvariantCulture,
            $"total: {total.Macs / 1e6:F2}M MACs ({total.Flops / 1e6:F1}M FLOPs), {total.Parameters:N0} parameters ({cost.ParametersExcludingBatchNorm:N0} without batch norm γ/β)");
        if (published is not null)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"published: {published.MultiplyAdds}M mult-adds, {published.Parameters}M parameters ({published.Source}); " +
                $"ours {Deviation(total.Macs, published.MultiplyAdds)} MACs, {Deviation(cost.ParametersExcludingBatchNorm, published.Parameters)} parameters");
        }

        yield return "convention: " + CostTable.Convention;
    }

    private static string Json(string name, double width, int resolution, CostTable cost, PublishedFigure? published)
    {
        var document = new
        {
            Model = name,
            Width = width,
            Resolution = resolution,
            InputShape = cost.InputShape,
            OutputShape = cost.OutputShape,
            Layers = cost.Rows.Select(row => new
            {
                row.Name,
                Operation = row.Type,
                row.Detail,
                InputShape = row.InputShape,
                OutputShape = row.OutputShape,
                row.Cost.Parameters,
                row.Cost.Macs,
                Share = (double)row.Cost.Macs / cost.Total.Macs,
            }),
            Total = new
            {
                cost.Total.Macs,
                cost.Total.Flops,
                cost.Total.Parameters,
                cost.ParametersExcludingBatchNorm,
                cost.BatchNormParameters,
            },
            Published = published is null ? null : new
            {
                MultiplyAdds = published.MultiplyAdds * 1e6,
                Parameters = published.Parameters * 1e6,
                published.Source,
            },
            CostTable.Convention,
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true });
    }

    private static string Deviation(long ours, double publishedMillions) =>
        (((ours / 1e6 / publishedMillions) - 1) * 100).ToString("+0.00;-0.00", CultureInfo.InvariantCulture) + "%";

    // Short operator names keep a MobileNet row narrow: "dw 3×3/2, bn, relu6".
    private static string Operation(LayerCost row)
    {
        var parts = row.Type.Split(" + ");
        parts[0] = Short(parts[0]) + (row.Detail.Length == 0 ? string.Empty : " " + row.Detail);
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = Short(parts[i]);
        }

        return string.Join(", ", parts);
    }

    private static string Short(string type) => type switch
    {
        nameof(Conv2d) => "conv",
        nameof(DepthwiseConv2d) => "dw",
        nameof(PointwiseConv2d) => "pw",
        nameof(Linear) => "fc",
        nameof(BatchNorm2d) => "bn",
        nameof(GlobalAveragePool) => "pool",
        nameof(SqueezeExcitation) => "se",
        nameof(HardSwish) => "hswish",
        nameof(HardSigmoid) => "hsigmoid",
        _ => type.ToLowerInvariant(),
    };

    private static string Shape(IReadOnlyList<int> shape) => shape.Count == 2 ? shape[1].ToString(CultureInfo.InvariantCulture) : Formatting.ImageShape([.. shape]);
}
