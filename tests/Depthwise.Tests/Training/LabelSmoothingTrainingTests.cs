using Depthwise.Data;
using Depthwise.Models;
using Depthwise.Tests.Operators;
using Depthwise.Training;

namespace Depthwise.Tests.Training;

public sealed class LabelSmoothingTrainingTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public void The_first_step_loss_is_the_smoothed_cross_entropy_of_the_initial_model(double smoothing)
    {
        var train = SyntheticFashionMnist.Images(32, 1);
        var options = new TrainerOptions { Epochs = 1, BatchSize = 8, LimitSteps = 1, CropPadding = 0, HorizontalFlip = false, Seed = 6, LabelSmoothing = smoothing };
        var trainer = new Trainer(FashionMnistModels.Create(FashionMnistModels.SeparableCnnName, 2), "separable-cnn", options);
        trainer.Fit(train, SyntheticFashionMnist.Images(10, 2));

        // The same first batch and an identical fresh model (training mode, as the trainer's first step) give the
        // logits; the textbook formula in double precision gives the loss the trainer must have seen.
        var (mean, deviation) = train.PixelStatistics();
        var loader = new BatchLoader(train, new BatchLoaderOptions { BatchSize = 8, DropLast = true, Mean = mean, StandardDeviation = deviation, Seed = 6 });
        var batch = loader.Epoch(0).First();
        var logits = FashionMnistModels.Create(FashionMnistModels.SeparableCnnName, 2).Forward(batch.Images);
        var expected = DoubleReference.CrossEntropy([.. logits.Span.ToArray().Select(value => (double)value)], batch.Count, 10, batch.Labels, smoothing);

        Assert.Single(trainer.StepLosses);
        Assert.Equal(expected, trainer.StepLosses[0], 1e-4);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Smoothing_outside_zero_to_one_is_rejected(double smoothing)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Trainer(FashionMnistModels.Create(FashionMnistModels.SeparableCnnName), "separable-cnn", new TrainerOptions { LabelSmoothing = smoothing }));
        Assert.Equal(nameof(TrainerOptions.LabelSmoothing), exception.ParamName);
    }
}
