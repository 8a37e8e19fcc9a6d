using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Depthwise.Cli.Output;
using Depthwise.Data;
using Depthwise.Diagnostics;
using Depthwise.Models;
using Depthwise.Nn;
using Depthwise.Tensors;
using Depthwise.Threading;
using Depthwise.Training;
using Spectre.Console;

namespace Depthwise.Cli.Commands;

/// <summary>
/// <c>depthwise train</c>: trains a Fashion-MNIST classifier with a progress bar per epoch and writes its checkpoint
/// (safetensors) and metrics (JSON + CSV); with <c>--compare</c>, trains the standard CNN and its separable twin on
/// the same budget and prints the trade-off table.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset: fashion-mnist.", DefaultValueFactory = _ => "fashion-mnist" };
        dataset.AcceptOnlyFromAmong("fashion-mnist");
        var model = new Option<string>("--model") { Description = $"Model: {string.Join(", ", FashionMnistModels.Names)}.", DefaultValueFactory = _ => FashionMnistModels.SeparableCnnName };
        model.AcceptOnlyFromAmong([.. FashionMnistModels.Names]);
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default: the model's recipe, e.g. 17 for the small CNNs)." };
        var batch = new Option<int?>("--batch") { Description = "Images per step, at least 2 (default: the recipe's, 64)." };
        var learningRate = new Option<double?>("--lr") { Description = "Peak learning rate, warm-up then cosine decay (default: the recipe's; SGD 0.05, AdamW 0.002)." };
        var optimizer = new Option<string?>("--optimizer") { Description = "Optimizer: sgd (Nesterov momentum 0.9) or adamw (default: the recipe's, sgd)." };
        optimizer.AcceptOnlyFromAmong("sgd", "adamw");
        var weightDecay = new Option<double?>("--weight-decay") { Description = "Weight decay (default: the recipe's; SGD 5e-4 coupled, AdamW 0.05 decoupled)." };
        var labelSmoothing = new Option<double?>("--label-smoothing") { Description = "Label smoothing of the training loss, in [0, 1) (default: the recipe's; 0 for the small CNNs, 0.1 for mobilenet-v2-small)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of initialization, order and augmentation.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the checkpoint and metrics.", DefaultValueFactory = _ => new DirectoryInfo("training") };
        var data = new Option<DirectoryInfo?>("--data") { Description = $"Folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})." };
        var limitSteps = new Option<int>("--limit-steps") { Description = "Stop after this many steps in total (0 = no limit).", DefaultValueFactory = _ => 0 };
        var compare = new Option<bool>("--compare") { Description = "Train standard-cnn and separable-cnn on the same budget and print the trade-off table." };
        var command = new Command("train", "Train a Fashion-MNIST classifier (progress, test accuracy per epoch, checkpoint + metrics), or --compare the standard CNN with its depthwise-separable twin.")
        {
            dataset, model, epochs, batch, learningRate, optimizer, weightDecay, labelSmoothing, threads, seed, output, data, limitSteps, compare,
        };
        command.SetAction(parse =>
        {
            // --compare trains both twins on the separable twin's recipe: the same budget for both.
            var recipe = FashionMnistModels.Recipe(parse.GetValue(compare) ? FashionMnistModels.SeparableCnnName : parse.GetValue(model)!);
            var optimizerName = parse.GetValue(optimizer);
            var optimizerKind = optimizerName is null ? recipe.Optimizer : optimizerName == "adamw" ? OptimizerKind.AdamW : OptimizerKind.Sgd;
            var options = recipe with
            {
                Epochs = parse.GetValue(epochs) ?? recipe.Epochs,
                BatchSize = parse.GetValue(batch) ?? recipe.BatchSize,
                Optimizer = optimizerKind,

                // A recipe's learning rate and weight decay belong to its optimizer; another optimizer starts from its own defaults.
                LearningRate = parse.GetValue(learningRate) ?? (optimizerKind == recipe.Optimizer ? recipe.LearningRate : null),
                WeightDecay = parse.GetValue(weightDecay) ?? (optimizerKind == recipe.Optimizer ? recipe.WeightDecay : null),
                LabelSmoothing = parse.GetValue(labelSmoothing) ?? recipe.LabelSmoothing,
                Seed = parse.GetValue(seed),
                LimitSteps = parse.GetValue(limitSteps),
            };
            OptionParsing.RequirePositive(options.Epochs, "--epochs");
            if (options.BatchSize < 2)
            {
                throw new ArgumentException($"--batch is {options.BatchSize}: expected at least 2 (batch normalization needs more than one image).", "--batch");
            }

            OptionParsing.RequireNonNegative(options.LimitSteps, "--limit-steps");
            if (options.LearningRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
            {
                throw new ArgumentException($"--lr is {rate}: expected a positive number.", "--lr");
            }

            if (!(options.EffectiveWeightDecay >= 0 && double.IsFinite(options.EffectiveWeightDecay)))
            {
                throw new ArgumentException($"--weight-decay is {options.EffectiveWeightDecay}: expected a finite number >= 0.", "--weight-decay");
            }

            if (!(options.LabelSmoothing is >= 0 and < 1))
            {
                throw new ArgumentException($"--label-smoothing is {options.LabelSmoothing}: expected a value in [0, 1).", "--label-smoothing");
            }

            var threadCount = parse.GetValue(threads);
            OptionParsing.RequireNonNegative(threadCount, "--threads");
            var directory = parse.GetValue(data)?.FullName;
            var train = FashionMnist.Load(FashionMnistSplit.Train, directory);
            var test = FashionMnist.Load(FashionMnistSplit.Test, directory);
            var outputDirectory = parse.GetValue(output)!;
            outputDirectory.Create();

            var previousThreads = Parallelism.DefaultThreadCount;
            Parallelism.DefaultThreadCount = threadCount == 0 ? Environment.ProcessorCount : threadCount;
            try
            {
                if (parse.GetValue(compare))
                {
                    var runs = new[] { FashionMnistModels.StandardCnnName, FashionMnistModels.SeparableCnnName }
                        .Select(name => Run(console, name, options, train, test, outputDirectory.FullName))
                        .ToList();
                    console.Write(CompareTable(runs, options));
                }
                else
                {
                    Run(console, parse.GetValue(model)!, options, train, test, outputDirectory.FullName);
                }
            }
            finally
            {
                Parallelism.DefaultThreadCount = previousThreads;
            }

            return 0;
        });
        return command;
    }

    private static RunResult Run(IAnsiConsole console, string name, TrainerOptions options, LabelledImages train, LabelledImages test, string directory)
    {
        // The previous model of a --compare run goes first, so that this one's heap figures are its own.
        GC.Collect();
        var model = FashionMnistModels.Create(name, options.Seed);
        var trainer = new Trainer(model, name, options);
        long peakManaged = 0, peakWorkingSet = 0;
        void Sample()
        {
            // The heap as the last collection left it: live data, not the garbage evaluation-mode forwards leave
            // between collections (which GC.GetTotalMemory(false) counts).
            peakManaged = Math.Max(peakManaged, GC.GetGCMemoryInfo().HeapSizeBytes);
            peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
        }

        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]{name}[/]: {model.ParameterCount():N0} parameters, {options.Epochs} epoch(s), {options.Optimizer} lr {options.EffectiveLearningRate} weight decay {options.EffectiveWeightDecay} label smoothing {options.LabelSmoothing}, batch {options.BatchSize}, {Parallelism.DefaultThreadCount} thread(s), seed {options.Seed}"));
        TrainingMetrics metrics = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask? task = null;
                metrics = trainer.Fit(
                    train,
                    test,
                    progress =>
                    {
                        if (task is null || progress.Step == 1)
                        {
                            task = context.AddTask($"epoch {progress.Epoch}", maxValue: progress.StepsInEpoch);
                        }

                        task.Value = progress.Step;
                        task.Description = string.Create(
                            CultureInfo.InvariantCulture,
                            $"epoch {progress.Epoch}: loss {progress.Loss:F4} acc {Formatting.Percent(progress.Accuracy)} {progress.ImagesPerSecond:F0} img/s");
                        if (progress.Step % 20 == 0)
                        {
                            Sample();
                        }
                    },
                    epoch =>
                    {
                        Sample();
                        console.MarkupLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"epoch {epoch.Epoch}: train loss {epoch.TrainLoss:F4}, train accuracy {Formatting.Percent(epoch.TrainAccuracy)}, test loss {epoch.TestLoss:F4}, [bold]test accuracy {Formatting.Percent(epoch.TestAccuracy)}[/], {epoch.Seconds:F1} s"));
                    });
            });

        var stem = Path.Combine(directory, name);
        var last = metrics.Epochs[^1];
        Checkpoint.Save(model, stem + ".safetensors", new Dictionary<string, string>
        {
            ["model"] = name,
            ["mean"] = trainer.Mean.ToString("R", CultureInfo.InvariantCulture),
            ["std"] = trainer.StandardDeviation.ToString("R", CultureInfo.InvariantCulture),
            ["epochs"] = metrics.Epochs.Count.ToString(CultureInfo.InvariantCulture),
            ["test_accuracy"] = last.TestAccuracy.ToString("R", CultureInfo.InvariantCulture),
        });
        metrics.Write(stem + "-metrics.json");
        File.WriteAllText(stem + "-metrics.csv", Csv(metrics));
        console.WriteLine($"wrote {stem}.safetensors, {stem}-metrics.json, {stem}-metrics.csv");
        return new RunResult(name, model, metrics, peakManaged, peakWorkingSet);
    }

    private static string Csv(TrainingMetrics metrics)
    {
        var text = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds\n");
        foreach (var epoch in metrics.Epochs)
        {
            text.Append(CultureInfo.InvariantCulture, $"{epoch.Epoch},{epoch.TrainLoss:R},{epoch.TrainAccuracy:R},{epoch.TestLoss:R},{epoch.TestAccuracy:R},{epoch.Seconds:R}\n");
        }

        return text.ToString();
    }

    private static Table CompareTable(IReadOnlyList<RunResult> runs, TrainerOptions options)
    {
        var table = new Table()
            .Border(TableBorder.Simple)
            .Title(string.Create(CultureInfo.InvariantCulture, $"Fashion-MNIST, same budget: {options.Epochs} epoch(s), batch {options.BatchSize}, {options.Optimizer}, {Parallelism.DefaultThreadCount} thread(s)"))
            .AddColumns(
                new TableColumn("model"), new TableColumn("params").RightAligned(), new TableColumn("MACs/image").RightAligned(),
                new TableColumn("train s/epoch").RightAligned(), new TableColumn("latency mean ms").RightAligned(), new TableColumn("p95 ms").RightAligned(),
                new TableColumn("peak heap").RightAligned(), new TableColumn("peak working set").RightAligned(), new TableColumn("test accuracy").RightAligned());
        foreach (var run in runs)
        {
            var macs = CostTable.Build(run.Model, [1, 1, FashionMnist.ImageSize, FashionMnist.ImageSize]).Total.Macs;
            var latency = Latency(run.Model);
            table.AddRow(
                run.Name,
                Formatting.Count(run.Model.ParameterCount()),
                Formatting.Count(macs),
                Formatting.Fixed(run.Metrics.Epochs.Average(epoch => epoch.Seconds), 1),
                Formatting.Milliseconds(latency.Mean),
                Formatting.Milliseconds(latency.P95),
                Formatting.Bytes(run.PeakManagedBytes),
                Formatting.Bytes(run.PeakWorkingSetBytes),
                Formatting.Percent(run.Metrics.Epochs[^1].TestAccuracy));
        }

        return table;
    }

    // Inference latency of one image in inference mode, on the threads the training used.
    private static LatencyStatistics Latency(Module model)
    {
        model.Eval();
        var input = new Tensor([1, 1, FashionMnist.ImageSize, FashionMnist.ImageSize]);
        input.Span.Fill(0.5f);
        return LatencyMeter.Measure(() => model.Forward(input), measureTime: TimeSpan.FromSeconds(0.5));
    }

    private sealed record RunResult(string Name, Module Model, TrainingMetrics Metrics, long PeakManagedBytes, long PeakWorkingSetBytes);
}
