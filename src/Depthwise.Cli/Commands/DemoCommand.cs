using System.CommandLine;
using System.Globalization;
using Depthwise.Cli.Comparison;
using Depthwise.Cli.Output;
using Depthwise.Cost;
using Depthwise.Geometry;
using Depthwise.Operators;
using Depthwise.Tensors;
using Spectre.Console;
using Padding = Depthwise.Geometry.Padding;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise demo</c>: the seed's story told with computed numbers — the 28×28×3 example, a worked 4×4×2 example,
/// cost and latency of the four convolutions at two real layer sizes, and the separable saving next to 1/N + 1/k².
/// </summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "Show what depthwise convolution is and what it buys, with numbers computed and measured now.") { threads };
        command.SetAction(parse =>
        {
            var threadCount = parse.GetValue(threads);
            OptionParsing.RequireNonNegative(threadCount, "--threads");
            Run(console, threadCount);
            return 0;
        });
        return command;
    }

    private static void Run(IAnsiConsole console, int threads)
    {
        console.Write(new Rule("[bold]Depthwise[/] — depthwise convolution, computed and measured").LeftJustified());
        SeedExample(console, threads);
        WorkedExample(console, threads);
        var setups = new[]
        {
            new ComparisonSetup(224, 224, 3, 3, 1, Padding.SameUpper, 1, 64, threads),
            new ComparisonSetup(112, 112, 32, 3, 1, Padding.SameUpper, 1, 64, threads),
        };
        var results = new List<(ComparisonSetup Setup, IReadOnlyList<ComparisonRow> Rows)>();
        foreach (var setup in setups)
        {
            var rows = console.Status().Start($"measuring four convolutions on {setup.InputText} → {setup.OutputChannels} channels…", _ => FourWayComparison.Run(setup, measure: true));
            console.Write(ComparisonTable.Cost($"3. Cost: {setup.InputText} input, 3×3, stride 1, same padding, {setup.OutputChannels} output channels", rows));
            console.Write(ComparisonTable.Latency($"   Latency (ms), {(threads == 0 ? "all cores" : $"{threads} thread(s)")}", rows));
            results.Add((setup, rows));
        }

        SavingSection(console, results);
    }

    private static void SeedExample(IAnsiConsole console, int threads)
    {
        // The seed's picture: a 28×28 RGB image, one 3×3×3 kernel vs three 3×3×1 kernels, valid padding.
        var random = new Random(7);
        using var image = FourWayComparison.RandomTensor(random, [1, 3, 28, 28]);
        using var traditionalKernel = FourWayComparison.RandomTensor(random, [1, 3, 3, 3]);
        using var depthwiseKernels = FourWayComparison.RandomTensor(random, [3, 1, 3, 3]);
        var options = new Conv2dOptions { Threads = threads };
        using var traditional = Conv2d.Forward(image, traditionalKernel, null, 1, options);
        using var depthwise = DepthwiseConv2d.Forward(image, depthwiseKernels, null, options);
        var geometry = DepthwiseConv2d.Geometry(image, depthwiseKernels, options);
        var traditionalCost = CostModel.Convolution(1, 3, 1, 1, geometry, bias: false);
        var depthwiseCost = CostModel.Depthwise(1, 3, 1, geometry, bias: false);

        var table = new Table().Title("1. The seed's example: a 28×28×3 image, 3×3 window, valid padding")
            .AddColumns("convolution", "kernels", "output", "multiplies per output value", "parameters");
        table.AddRow("traditional", "1 × 3×3×3 (spans all 3 channels)", Formatting.ImageShape(traditional.ShapeArray()),
            (traditionalCost.Macs / traditional.Length).ToString(CultureInfo.InvariantCulture), traditionalCost.Parameters.ToString(CultureInfo.InvariantCulture));
        table.AddRow("depthwise", "3 × 3×3×1 (one per channel)", Formatting.ImageShape(depthwise.ShapeArray()),
            (depthwiseCost.Macs / depthwise.Length).ToString(CultureInfo.InvariantCulture), depthwiseCost.Parameters.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLine(
            "A traditional kernel mixes all three channels into [bold]one[/] map (3·3·3 = 27 multiplies per value); depthwise keeps the channels apart, " +
            "[bold]three[/] maps at 3·3 = 9 multiplies each. With N output maps, traditional needs N·27 weights; depthwise + a 1×1 pointwise mix needs 27 + 3·N.");
        console.WriteLine();
    }

    private static void WorkedExample(IAnsiConsole console, int threads)
    {
        // 4×4 input with 2 channels, a vertical-edge kernel on channel 0 and a Laplacian on channel 1, valid padding → 2×2×2.
        float[] inputValues =
        [
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            0, 1, 0, 2, 1, 3, 1, 0, 2, 0, 4, 1, 0, 1, 2, 3,
        ];
        float[] kernelValues =
        [
            1, 0, -1, 1, 0, -1, 1, 0, -1,
            0, 1, 0, 1, -4, 1, 0, 1, 0,
        ];
        using var input = new Tensor(inputValues, [1, 2, 4, 4]);
        using var kernels = new Tensor(kernelValues, [2, 1, 3, 3]);
        using var optimized = DepthwiseConv2d.Forward(input, kernels, null, new Conv2dOptions { Threads = threads });
        using var reference = DepthwiseConv2d.Reference(input, kernels);

        console.Write(new Rule("2. A worked example: 4×4×2 input, one 3×3 kernel per channel, valid padding").LeftJustified());
        var grid = new Grid();
        grid.AddColumns(4);
        grid.AddRow("", "input", "kernel", "output 2×2");
        for (var channel = 0; channel < 2; channel++)
        {
            grid.AddRow(
                new Text($"channel {channel}"),
                Plane(input, 0, channel, 4, 4),
                Plane(kernels, channel, 0, 3, 3),
                Plane(optimized, 0, channel, 2, 2));
        }

        console.Write(grid);

        // Expand output (channel 1, row 0, column 0) term by term: the formula Σ input · weight over the 3×3 window.
        var terms = new List<string>();
        var sum = 0f;
        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                var value = input[0, 1, row, column];
                var weight = kernels[1, 0, row, column];
                terms.Add($"{value:0}·{weight:0}");
                sum += value * weight;
            }
        }

        var computed = optimized[0, 1, 0, 0];
        console.MarkupLine($"output[[channel 1, 0, 0]] = {string.Join(" + ", terms)} = [bold]{sum:0}[/]; the kernel computed [bold]{computed:0}[/] {Check(sum == computed)}");
        var maxDifference = MaxAbsoluteDifference(optimized.Span, reference.Span);
        console.MarkupLine($"optimized kernel vs scalar reference over all 8 outputs: max |diff| = {maxDifference:0.###} {Check(maxDifference == 0)}");
        console.WriteLine();
    }

    private static void SavingSection(IAnsiConsole console, List<(ComparisonSetup Setup, IReadOnlyList<ComparisonRow> Rows)> results)
    {
        var table = new Table().Title("4. The separable saving: separable / traditional")
            .AddColumns("layer", "multiply-adds (cost model)", "formula 1/N + 1/k²", "time (measured)");
        foreach (var (setup, rows) in results)
        {
            var traditional = rows.Single(row => row.Kind == ConvolutionKind.Traditional);
            var separable = rows.Single(row => row.Kind == ConvolutionKind.Separable);
            var macRatio = (double)separable.Cost.Macs / traditional.Cost.Macs;
            var formula = CostModel.SeparableSavingFormula(setup.OutputChannels, setup.Kernel);
            var timeRatio = separable.Latency!.Median / traditional.Latency!.Median;
            table.AddRow(
                $"{setup.InputText} → {setup.OutputChannels}",
                $"{Formatting.Percent(macRatio)} ({Formatting.Ratio(1 / macRatio)} fewer)",
                $"1/{setup.OutputChannels} + 1/{setup.Kernel * setup.Kernel} = {Formatting.Percent(formula)}",
                $"{Formatting.Percent(timeRatio)} ({Formatting.Ratio(1 / timeRatio)} faster)");
        }

        console.Write(table);
        console.MarkupLine("The multiply-add ratio equals the formula exactly; time falls less than multiply-adds, because depthwise does little arithmetic per byte it moves (see the intensity column).");
    }

    // The (height × width) plane tensor[first, second, ·, ·] as right-aligned integers.
    private static Markup Plane(Tensor tensor, int first, int second, int height, int width)
    {
        var lines = new List<string>(height);
        for (var row = 0; row < height; row++)
        {
            var cells = new string[width];
            for (var column = 0; column < width; column++)
            {
                cells[column] = tensor[first, second, row, column].ToString("0", CultureInfo.InvariantCulture).PadLeft(4);
            }

            lines.Add(string.Concat(cells));
        }

        return new Markup(Markup.Escape(string.Join('\n', lines)));
    }

    private static float MaxAbsoluteDifference(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        var max = 0f;
        for (var i = 0; i < left.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(left[i] - right[i]));
        }

        return max;
    }

    private static string Check(bool passed) => passed ? "[green]✓[/]" : "[red]✗ MISMATCH[/]";
}
