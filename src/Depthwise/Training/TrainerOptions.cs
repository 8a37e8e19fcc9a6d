namespace Depthwise.Training;

/// <summary>The budget and hyper-parameters of a <see cref="Trainer"/> run.</summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs (≥ 1); 5 by default.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Images per step (≥ 2: training-mode batch normalization needs more than one value); 64 by default.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Peak learning rate; null for the optimizer's default (SGD 0.05, AdamW 0.002).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The optimizer; SGD by default.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Weight decay; null for the optimizer's default (SGD 5e-4 coupled, AdamW 0.05 decoupled).</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Seed of the order, augmentation and dropout (the model's initialization has its own).</summary>
    public int Seed { get; init; }

    /// <summary>Stop after this many steps in total (0 = no limit); the epoch in progress then ends early.</summary>
    public int LimitSteps { get; init; }

    /// <summary>Random-crop padding of the augmentation (0 disables it); 2 by default.</summary>
    public int CropPadding { get; init; } = 2;

    /// <summary>Whether the augmentation mirrors images left-right; true by default (clothes are roughly symmetric).</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>
    /// Label smoothing ε of the training loss, in [0, 1): the target puts 1 − ε on the label and ε / K on every class
    /// (the test loss stays plain cross-entropy); 0 by default.
    /// </summary>
    public double LabelSmoothing { get; init; }

    /// <summary>The learning rate the run uses: <see cref="LearningRate"/> or the optimizer's default.</summary>
    public double EffectiveLearningRate => LearningRate ?? (Optimizer == OptimizerKind.Sgd ? 0.05 : 0.002);

    /// <summary>The weight decay the run uses: <see cref="WeightDecay"/> or the optimizer's default.</summary>
    public double EffectiveWeightDecay => WeightDecay ?? (Optimizer == OptimizerKind.Sgd ? 5e-4 : 0.05);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 2, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(LimitSteps, nameof(LimitSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(CropPadding, nameof(CropPadding));
        if (!(EffectiveLearningRate > 0) || double.IsInfinity(EffectiveLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"learning rate is {LearningRate}; expected a finite value > 0.");
        }

        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, $"label smoothing is {LabelSmoothing}; expected a value in [0, 1).");
        }

        if (!(EffectiveWeightDecay >= 0) || double.IsInfinity(EffectiveWeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"weight decay is {WeightDecay}; expected a finite value >= 0.");
        }
    }
}
