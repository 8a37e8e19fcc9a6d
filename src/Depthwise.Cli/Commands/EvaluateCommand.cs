using System.CommandLine;
using System.Globalization;
using Depthwise.Cli.Output;
using Depthwise.Data;
using Depthwise.Models;
using Depthwise.Threading;
using Depthwise.Training;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary><c>depthwise evaluate</c>: a trained checkpoint's test accuracy on Fashion-MNIST and its confusion matrix.</summary>
internal static class EvaluateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "A .safetensors file written by 'depthwise train'.", Required = true };
        var model = new Option<string?>("--model") { Description = $"Model: {string.Join(", ", FashionMnistModels.Names)} (default: the one named in the checkpoint)." };
        model.AcceptOnlyFromAmong([.. FashionMnistModels.Names]);
        var data = new Option<DirectoryInfo?>("--data") { Description = $"Folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate", "Test accuracy and confusion matrix of a trained Fashion-MNIST checkpoint.")
        {
            checkpoint, model, data, threads,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(checkpoint)!;
            var threadCount = parse.GetValue(threads);
            OptionParsing.RequireNonNegative(threadCount, "--threads");
            if (!file.Exists)
            {
                throw new FileNotFoundException($"--checkpoint {file.FullName} does not exist.", file.FullName);
            }

            var metadata = Checkpoint.ReadMetadata(file.FullName);
            var name = parse.GetValue(model) ?? (metadata.TryGetValue("model", out var stored) ? stored
                : throw new ArgumentException($"{file.Name} does not name its model; give --model {string.Join("|", FashionMnistModels.Names)}.", "--model"));
            var network = FashionMnistModels.Create(name);
            Checkpoint.Load(network, file.FullName);
            var test = FashionMnist.Load(FashionMnistSplit.Test, parse.GetValue(data)?.FullName);
            var (mean, deviation) = metadata.TryGetValue("mean", out var meanText) && metadata.TryGetValue("std", out var deviationText)
                && float.TryParse(meanText, CultureInfo.InvariantCulture, out var parsedMean) && float.TryParse(deviationText, CultureInfo.InvariantCulture, out var parsedDeviation)
                && parsedDeviation > 0
                ? (parsedMean, parsedDeviation)
                : test.PixelStatistics();

            var previousThreads = Parallelism.DefaultThreadCount;
            Parallelism.DefaultThreadCount = threadCount == 0 ? Environment.ProcessorCount : threadCount;
            try
            {
                var evaluation = Trainer.Evaluate(network, test, mean, deviation);
                console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name} on {test.Count} test images: accuracy {Formatting.Percent(evaluation.Accuracy)}, loss {evaluation.Loss:F4}"));
                console.Write(ConfusionTable(evaluation, test.ClassNames));
            }
            finally
            {
                Parallelism.DefaultThreadCount = previousThreads;
            }

            return 0;
        });
        return command;
    }

    private static Table ConfusionTable(Evaluation evaluation, IReadOnlyList<string> classes)
    {
        var table = new Table().Border(TableBorder.Simple).Title("confusion matrix: rows true class, columns predicted");
        table.AddColumn(new TableColumn("true \\ predicted"));
        for (var c = 0; c < classes.Count; c++)
        {
            table.AddColumn(new TableColumn(c.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }

        table.AddColumn(new TableColumn("recall").RightAligned());
        for (var row = 0; row < classes.Count; row++)
        {
            var cells = new List<string> { Markup.Escape($"{row} {classes[row]}") };
            long total = 0;
            for (var column = 0; column < classes.Count; column++)
            {
                var count = evaluation.Confusion[row, column];
                total += count;
                cells.Add(row == column ? $"[bold]{count}[/]" : count.ToString(CultureInfo.InvariantCulture));
            }

            cells.Add(total == 0 ? "-" : Formatting.Percent((double)evaluation.Confusion[row, row] / total));
            table.AddRow([.. cells]);
        }

        return table;
    }
}
