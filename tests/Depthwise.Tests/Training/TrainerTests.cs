using Depthwise.Data;
using Depthwise.Models;
using Depthwise.Tests.Data;
using Depthwise.Threading;
using Depthwise.Training;
using Xunit.Abstractions;

namespace Depthwise.Tests.Training;

public sealed class TrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Same_seed_and_threads_give_the_same_loss_curve_bit_for_bit()
    {
        var train = SyntheticFashionMnist.Images(96, 1);
        var test = SyntheticFashionMnist.Images(20, 2);
        var options = new TrainerOptions { Epochs = 2, BatchSize = 16, Seed = 4, Optimizer = OptimizerKind.AdamW };
        float[] Curve(int seed)
        {
            var trainer = new Trainer(FashionMnistModels.Create(FashionMnistModels.SeparableCnnName, 3), "separable-cnn", options with { Seed = seed });
            trainer.Fit(train, test);
            return [.. trainer.StepLosses];
        }

        var first = Curve(4);
        Assert.Equal(12, first.Length);
        Assert.Equal(first, Curve(4));
        Assert.NotEqual(first, Curve(5));
    }

    [Fact]
    public void Training_learns_the_synthetic_classes_and_reports_every_epoch()
    {
        var train = SyntheticFashionMnist.Images(400, 1);
        var test = SyntheticFashionMnist.Images(100, 2);
        var progress = new List<TrainingProgress>();
        var trainer = new Trainer(
            FashionMnistModels.Create(FashionMnistModels.SeparableCnnName, 1),
            "separable-cnn",
            new TrainerOptions { Epochs = 6, BatchSize = 20, CropPadding = 0, HorizontalFlip = false, Optimizer = OptimizerKind.AdamW, LearningRate = 0.003 });
        var metrics = trainer.Fit(train, test, progress.Add);

        Assert.Equal([1, 2, 3, 4, 5, 6], metrics.Epochs.Select(e => e.Epoch));
        Assert.Equal(120, progress.Count);
        Assert.True(metrics.Epochs[^1].TrainLoss < metrics.Epochs[0].TrainLoss, $"train loss {metrics.Epochs[0].TrainLoss} → {metrics.Epochs[^1].TrainLoss}");
        Assert.True(metrics.Epochs[^1].TestAccuracy >= 0.6, $"test accuracy (chance 0.1) {metrics.Epochs[^1].TestAccuracy}");
    }

    [Fact]
    public void Step_limit_stops_the_run_early()
    {
        var trainer = new Trainer(FashionMnistModels.Create(FashionMnistModels.StandardCnnName), "standard-cnn", new TrainerOptions { Epochs = 3, BatchSize = 8, LimitSteps = 5 });
        var metrics = trainer.Fit(SyntheticFashionMnist.Images(32, 1), SyntheticFashionMnist.Images(10, 2));
        Assert.Equal(5, trainer.StepLosses.Count);
        Assert.Equal(2, metrics.Epochs.Count);
    }

    [Fact]
    public void Evaluation_counts_a_confusion_matrix_that_sums_to_the_set()
    {
        var test = SyntheticFashionMnist.Images(30, 2);
        var evaluation = Trainer.Evaluate(FashionMnistModels.Create(FashionMnistModels.MobileNetV2SmallName), test, 0.2f, 0.3f);
        var total = 0;
        var diagonal = 0;
        for (var row = 0; row < 10; row++)
        {
            for (var column = 0; column < 10; column++)
            {
                total += evaluation.Confusion[row, column];
                diagonal += row == column ? evaluation.Confusion[row, column] : 0;
            }
        }

        Assert.Equal(30, total);
        Assert.Equal(diagonal / 30.0, evaluation.Accuracy, 12);
    }

    [Fact]
    public void A_few_hundred_steps_on_real_Fashion_MNIST_reach_well_above_chance()
    {
        // The whole path on real data: gzip IDX files, loader, separable model, backward passes, SGD, evaluation.
        var train = FashionMnist.Load(FashionMnistSplit.Train);
        var test = FashionMnist.Load(FashionMnistSplit.Test).Subset(0, 2000);
        var previous = Parallelism.DefaultThreadCount;
        Parallelism.DefaultThreadCount = Environment.ProcessorCount;
        try
        {
            var trainer = new Trainer(
                FashionMnistModels.Create(FashionMnistModels.SeparableCnnName, 1),
                "separable-cnn",
                new TrainerOptions { Epochs = 1, BatchSize = 32, LimitSteps = 300, Seed = 1 });
            var metrics = trainer.Fit(train, test);
            output.WriteLine($"300 steps of 32: test accuracy {metrics.Epochs[^1].TestAccuracy:P1} on 2000 test images, {metrics.Epochs[^1].Seconds:F1} s of training");
            Assert.True(metrics.Epochs[^1].TestAccuracy >= 0.7, $"test accuracy {metrics.Epochs[^1].TestAccuracy} after 300 steps; expected at least 0.70 (chance is 0.10)");
        }
        finally
        {
            Parallelism.DefaultThreadCount = previous;
        }
    }
}
