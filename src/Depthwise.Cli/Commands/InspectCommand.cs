using System.CommandLine;
using Depthwise.Cli.Output;
using Depthwise.Onnx.Import;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise inspect</c>: what an ONNX model is made of — inputs, outputs, op counts before and after the graph passes,
/// and every depthwise convolution with its geometry, parameters and MACs.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Argument<FileInfo>("model") { Description = "The .onnx file." };
        var shape = new Option<string[]>("--shape") { Description = "Input shape for symbolic dims: N,C,H,W (the only input) or NAME=N,C,H,W; repeatable." };
        var command = new Command("inspect", "Show an ONNX model's inputs, outputs, operators and depthwise convolutions (geometry, params, MACs).")
        {
            model, shape,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetRequiredValue(model);
            var raw = OnnxCommandSupport.Load(file, new OnnxModelOptions { Optimize = false });
            var planned = OnnxCommandSupport.Load(file, OnnxModelOptions.Default);
            console.MarkupLine(Markup.Escape($"{file.Name}: opset {planned.Opset}"));
            foreach (var input in planned.Inputs)
            {
                console.MarkupLine(Markup.Escape($"  input  {input}"));
            }

            foreach (var output in planned.Outputs)
            {
                console.MarkupLine(Markup.Escape($"  output {output}"));
            }

            console.Write(OperatorTable(raw.OperatorCounts, planned.OperatorCounts));
            var shapes = OnnxCommandSupport.ParseShapes(planned, parse.GetValue(shape) ?? []);
            var inputs = OnnxCommandSupport.ZeroInputs(planned, shapes);
            if (inputs is null)
            {
                console.MarkupLine("[yellow]input shape has symbolic dims: give --shape N,C,H,W to list the convolutions with their geometry and MACs.[/]");
                return 0;
            }

            var layers = OnnxCommandSupport.Guard(() => planned.DescribeConvolutions(inputs));
            console.Write(DepthwiseTable(layers));
            var depthwise = layers.Where(l => l.IsDepthwise).ToList();
            var totalMacs = layers.Sum(l => l.Cost.Macs);
            var depthwiseMacs = depthwise.Sum(l => l.Cost.Macs);
            console.MarkupLine(Markup.Escape(
                $"{layers.Count} convolutions ({depthwise.Count} depthwise) for input {string.Join(", ", inputs.Select(i => i.Key + " " + Depthwise.Tensors.Tensor.FormatShape(i.Value.Shape)))}: " +
                $"{Formatting.Count(totalMacs)} MACs, {Formatting.Count(layers.Sum(l => l.Cost.Parameters))} params; depthwise {Formatting.Count(depthwiseMacs)} MACs " +
                $"({Formatting.Percent(totalMacs == 0 ? 0 : depthwiseMacs / (double)totalMacs)}), {Formatting.Count(depthwise.Sum(l => l.Cost.Parameters))} params"));
            return 0;
        });
        return command;
    }

    private static Table OperatorTable(IReadOnlyDictionary<string, int> file, IReadOnlyDictionary<string, int> plan)
    {
        var table = new Table().AddColumn("op").AddColumn(new TableColumn("in file").RightAligned()).AddColumn(new TableColumn("after passes").RightAligned());
        foreach (var op in file.Keys.Union(plan.Keys).Order(StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(op), file.GetValueOrDefault(op).ToString(System.Globalization.CultureInfo.InvariantCulture), plan.GetValueOrDefault(op).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static Table DepthwiseTable(IReadOnlyList<OnnxConvLayer> layers)
    {
        var table = new Table().AddColumn("depthwise conv").AddColumn("C×M").AddColumn("kernel s d").AddColumn("pads")
            .AddColumn("in → out").AddColumn("act").AddColumn(new TableColumn("params").RightAligned()).AddColumn(new TableColumn("MACs").RightAligned());
        foreach (var layer in layers.Where(l => l.IsDepthwise))
        {
            var g = layer.Geometry;
            table.AddRow(
                Markup.Escape(layer.NodeName),
                $"{layer.InputChannels}×{layer.Multiplier}",
                $"{g.Kernel.Height}×{g.Kernel.Width} s{g.Stride} d{g.Dilation}",
                $"{g.PadTop},{g.PadLeft},{g.PadBottom},{g.PadRight}",
                $"{g.InputHeight}×{g.InputWidth}→{g.OutputHeight}×{g.OutputWidth}",
                layer.Activation.ToString(),
                Formatting.Count(layer.Cost.Parameters),
                Formatting.Count(layer.Cost.Macs));
        }

        return table;
    }
}
