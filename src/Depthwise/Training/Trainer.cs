using System.Diagnostics;
using Depthwise.Data;
using Depthwise.Nn;
using Depthwise.Optim;
using Depthwise.Tensors;

namespace Depthwise.Training;

/// <summary>
/// Trains an image classifier with softmax cross-entropy: seeded batches with augmentation, SGD or AdamW, a linear
/// warm-up into a cosine decay over the whole run, and the test set evaluated after every epoch.
/// </summary>
/// <remarks>
/// Every random choice comes from the seeds (model initialization, <see cref="TrainerOptions.Seed"/>) and every
/// operator reduces in a fixed order, so the same seeds and thread count give the same loss curve bit for bit.
/// </remarks>
public sealed class Trainer
{
    private const int EvaluationBatch = 250;

    private readonly Module _model;
    private readonly List<float> _stepLosses = [];

    /// <summary>Creates the trainer.</summary>
    /// <param name="model">A classifier: (N, 1, H, W) → logits (N, classes).</param>
    /// <param name="name">The model's name, written into the metrics.</param>
    /// <param name="options">Budget and hyper-parameters; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Trainer(Module model, string name, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Options = options ?? new TrainerOptions();
        Options.Validate();
        _model = model;
        Name = name;
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The loss of every step taken so far, in order: the loss curve.</summary>
    public IReadOnlyList<float> StepLosses => _stepLosses;

    /// <summary>Pixel mean used to normalize (set from the training set by <see cref="Fit"/>).</summary>
    public float Mean { get; private set; }

    /// <summary>Pixel deviation used to normalize (set from the training set by <see cref="Fit"/>).</summary>
    public float StandardDeviation { get; private set; } = 1f;

    /// <summary>Trains for the configured epochs (or step limit) and evaluates on <paramref name="test"/> after each epoch.</summary>
    /// <param name="train">Training images.</param>
    /// <param name="test">Test images.</param>
    /// <param name="progress">Called after every step; may be null.</param>
    /// <param name="epochDone">Called after every epoch with its metrics; may be null.</param>
    /// <returns>One entry per epoch run.</returns>
    public TrainingMetrics Fit(LabelledImages train, LabelledImages test, Action<TrainingProgress>? progress = null, Action<EpochMetrics>? epochDone = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        (Mean, StandardDeviation) = train.PixelStatistics();
        var loader = new BatchLoader(train, new BatchLoaderOptions
        {
            BatchSize = Options.BatchSize,
            DropLast = true,
            Mean = Mean,
            StandardDeviation = StandardDeviation,
            CropPadding = Options.CropPadding,
            HorizontalFlip = Options.HorizontalFlip,
            Seed = Options.Seed,
        });
        var totalSteps = (long)loader.BatchesPerEpoch * Options.Epochs;
        if (Options.LimitSteps > 0)
        {
            totalSteps = Math.Min(totalSteps, Options.LimitSteps);
        }

        var optimizer = CreateOptimizer();
        var warmup = Math.Min(totalSteps / 10, loader.BatchesPerEpoch);
        var schedule = new WarmupSchedule(new CosineSchedule(Options.EffectiveLearningRate, Math.Max(1, totalSteps - warmup)), warmup, 0.1);
        var loss = new CrossEntropyLoss((float)Options.LabelSmoothing);
        var epochs = new List<EpochMetrics>();
        long step = 0;
        for (var epoch = 0; epoch < Options.Epochs && step < totalSteps; epoch++)
        {
            _model.Train();
            var stepsInEpoch = (int)Math.Min(loader.BatchesPerEpoch, totalSteps - step);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0, seen = 0;
            var stepInEpoch = 0;
            foreach (var batch in loader.Epoch(epoch))
            {
                if (stepInEpoch == stepsInEpoch)
                {
                    break;
                }

                optimizer.LearningRate = schedule.At(step);
                var stepLoss = TrainStep(optimizer, loss, batch, out var batchCorrect);
                _stepLosses.Add(stepLoss);
                lossSum += stepLoss * batch.Count;
                correct += batchCorrect;
                seen += batch.Count;
                step++;
                stepInEpoch++;
                progress?.Invoke(new TrainingProgress(epoch + 1, stepInEpoch, stepsInEpoch, lossSum / seen, (double)correct / seen, seen / clock.Elapsed.TotalSeconds));
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var evaluation = Evaluate(_model, test, Mean, StandardDeviation);
            var metrics = new EpochMetrics(epoch + 1, lossSum / seen, (double)correct / seen, evaluation.Loss, evaluation.Accuracy, seconds);
            epochs.Add(metrics);
            epochDone?.Invoke(metrics);
        }

        return new TrainingMetrics(Name, epochs);
    }

    /// <summary>Runs a model in inference mode over a set and counts its predictions.</summary>
    /// <param name="model">The classifier; it is left in inference mode.</param>
    /// <param name="images">The labelled images.</param>
    /// <param name="mean">Pixel mean used in training.</param>
    /// <param name="standardDeviation">Pixel deviation used in training.</param>
    /// <returns>Loss, accuracy and confusion matrix.</returns>
    public static Evaluation Evaluate(Module model, LabelledImages images, float mean, float standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        model.Eval();
        var classes = images.ClassNames.Count;
        var confusion = new int[classes, classes];
        var loader = new BatchLoader(images, new BatchLoaderOptions { BatchSize = EvaluationBatch, Shuffle = false, Mean = mean, StandardDeviation = standardDeviation });
        var loss = new CrossEntropyLoss();
        double lossSum = 0;
        long correct = 0;
        foreach (var batch in loader.Epoch(0))
        {
            var logits = model.Forward(batch.Images);
            lossSum += loss.Compute(logits, batch.Labels).Loss * batch.Count;
            var width = logits.Length / batch.Count;
            if (width != classes)
            {
                throw new ArgumentException($"the model produces {width} logits per image; the set has {classes} classes.", nameof(model));
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var predicted = ArgMax(logits.Span.Slice(i * width, width));
                confusion[batch.Labels[i], predicted]++;
                correct += predicted == batch.Labels[i] ? 1 : 0;
            }
        }

        return new Evaluation(lossSum / images.Count, (double)correct / images.Count, confusion);
    }

    private float TrainStep(Optimizer optimizer, CrossEntropyLoss loss, ImageBatch batch, out int correct)
    {
        // images (N, 1, H, W) → logits (N, K) → loss; gradients back through the model, then one optimizer step
        optimizer.ZeroGrad();
        var logits = _model.Forward(batch.Images);
        var (value, gradLogits) = loss.Compute(logits, batch.Labels);
        _model.Backward(gradLogits, computeInputGradient: false);
        optimizer.Step();
        var width = logits.Length / batch.Count;
        correct = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            correct += ArgMax(logits.Span.Slice(i * width, width)) == batch.Labels[i] ? 1 : 0;
        }

        if (!float.IsFinite(value))
        {
            throw new InvalidOperationException($"the training loss became {value} at step {_stepLosses.Count + 1}; lower the learning rate (now {optimizer.LearningRate}).");
        }

        return value;
    }

    private Optimizer CreateOptimizer()
    {
        var parameters = _model.NamedParameters().Select(pair => pair.Parameter);
        return Options.Optimizer == OptimizerKind.Sgd
            ? new Sgd(parameters, Options.EffectiveLearningRate, new SgdOptions { Momentum = 0.9, Nesterov = true, WeightDecay = Options.EffectiveWeightDecay })
            : new AdamW(parameters, Options.EffectiveLearningRate, new AdamWOptions { WeightDecay = Options.EffectiveWeightDecay });
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
