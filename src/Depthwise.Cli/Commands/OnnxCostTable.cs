using System.Globalization;
using System.Text.Json;
using Depthwise.Cli.Output;
using Depthwise.Onnx.Import;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise cost MODEL.onnx</c>: the cost table of any ONNX file's convolutions and matrix products (Gemm, MatMul), from the shapes the importer
/// infers by running the model once on zeros (after its passes, so folded batch norms cost nothing).
/// </summary>
internal static class OnnxCostTable
{
    public static void Write(IAnsiConsole console, FileInfo file, string[] shapeArguments, bool json)
    {
        var model = OnnxCommandSupport.Load(file, OnnxModelOptions.Default);
        var inputs = OnnxCommandSupport.ZeroInputs(model, OnnxCommandSupport.ParseShapes(model, shapeArguments))
            ?? throw new ArgumentException($"{file.Name} has inputs with symbolic dimensions: give --shape N,C,H,W (or NAME=N,C,H,W) to cost it.", "--shape");
        var (layers, products) = OnnxCommandSupport.Guard(() => model.DescribeComputeLayers(inputs));
        var totalMacs = layers.Sum(layer => layer.Cost.Macs) + products.Sum(layer => layer.Cost.Macs);
        var totalParameters = layers.Sum(layer => layer.Cost.Parameters) + products.Sum(layer => layer.Cost.Parameters);
        if (json)
        {
            var document = new
            {
                model = file.Name,
                layers = layers.Select(layer => new
                {
                    name = layer.NodeName,
                    operation = Operation(layer),
                    input_shape = new[] { layer.Batch, layer.InputChannels, layer.Geometry.InputHeight, layer.Geometry.InputWidth },
                    output_shape = new[] { layer.Batch, layer.OutputChannels, layer.Geometry.OutputHeight, layer.Geometry.OutputWidth },
                    parameters = layer.Cost.Parameters,
                    macs = layer.Cost.Macs,
                    share = totalMacs == 0 ? 0 : (double)layer.Cost.Macs / totalMacs,
                }),
                matrix_products = products.Select(layer => new
                {
                    name = layer.NodeName,
                    operation = layer.OpType,
                    batch = layer.Batch,
                    rows = layer.Rows,
                    inner = layer.Inner,
                    columns = layer.Columns,
                    parameters = layer.Cost.Parameters,
                    macs = layer.Cost.Macs,
                    share = totalMacs == 0 ? 0 : (double)layer.Cost.Macs / totalMacs,
                }),
                total = new { macs = totalMacs, flops = 2 * totalMacs, parameters = totalParameters },
                convention = Convention,
            };
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape($"{file.Name}: cost per convolution"))
            .AddColumns(
                new TableColumn("layer"), new TableColumn("operation"), new TableColumn("input").NoWrap(), new TableColumn("output").NoWrap(),
                new TableColumn("params").RightAligned(), new TableColumn("MACs").RightAligned(), new TableColumn("share").RightAligned());
        foreach (var layer in layers)
        {
            var geometry = layer.Geometry;
            table.AddRow(
                Markup.Escape(layer.NodeName),
                Markup.Escape(Operation(layer)),
                $"{geometry.InputHeight}×{geometry.InputWidth}×{layer.InputChannels}",
                $"{geometry.OutputHeight}×{geometry.OutputWidth}×{layer.OutputChannels}",
                Formatting.Count(layer.Cost.Parameters),
                Formatting.Count(layer.Cost.Macs),
                Formatting.Percent(totalMacs == 0 ? 0 : (double)layer.Cost.Macs / totalMacs));
        }

        foreach (var layer in products)
        {
            var batch = layer.Batch == 1 ? string.Empty : $"{layer.Batch}×";
            table.AddRow(
                Markup.Escape(layer.NodeName),
                Markup.Escape(layer.OpType.ToLowerInvariant()),
                $"{batch}{layer.Rows}×{layer.Inner}",
                $"{batch}{layer.Rows}×{layer.Columns}",
                Formatting.Count(layer.Cost.Parameters),
                Formatting.Count(layer.Cost.Macs),
                Formatting.Percent(totalMacs == 0 ? 0 : (double)layer.Cost.Macs / totalMacs));
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total: {totalMacs / 1e6:F2}M MACs ({2 * totalMacs / 1e6:F1}M FLOPs), {totalParameters:N0} parameters in {layers.Count} convolutions and {products.Count} matrix products"));
        console.WriteLine("convention: " + Convention);
    }

    private const string Convention =
        "Conv, Gemm and MatMul layers, after the importer's passes: batch norm folded into the conv, padding taps counted, bias in the parameters; a Gemm/MatMul operand counts as parameters only when it is a constant of the model.";

    private static string Operation(OnnxConvLayer layer)
    {
        var geometry = layer.Geometry;
        var kernel = $"{geometry.Kernel.Height}×{geometry.Kernel.Width}";
        var kind = layer.IsDepthwise ? "depthwise" : geometry.Kernel is { Height: 1, Width: 1 } && layer.Groups == 1 ? "pointwise" : layer.Groups == 1 ? "conv" : $"grouped conv g={layer.Groups}";
        return $"{kind} {kernel} s{geometry.Stride}";
    }
}
